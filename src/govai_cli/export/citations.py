"""Citations of sources, as BibTeX, RIS or APA 7: for a source, or for every source of an event."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from govai_cli.errors import UsageError
from govai_cli.i18n import MONTH_NAMES, label
from govai_cli.model import Actor, Dataset, Event, PartialDate, Source
from govai_cli.query import Record

from .common import event_sources


def cited_sources(dataset: Dataset, record: Record) -> list[Source]:
    """A source itself, or an event's sources in the order the event lists them."""
    if isinstance(record, Source):
        return [record]
    if isinstance(record, Event):
        return event_sources(dataset, record)
    raise UsageError.of("cite.actor" if isinstance(record, Actor) else "cite.topic", id=record.id)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _citation_title(source: Source, lang: str) -> str:
    """The exact title, else the project's description in brackets (APA's form for untitled works)."""
    return source.title or f"[{source.label(lang)}]"


_BIBTEX_TYPES = {"news": "article", "report": "techreport"}
_LATEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_LATEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _latex(text: str) -> str:
    return _LATEX_SPECIAL.sub(lambda m: _LATEX_ESCAPES.get(m.group(), "\\" + m.group()), _one_line(text))


def _bibtex_month(month: int) -> str:
    """BibTeX's month macro: the English name's first three letters (``jul``)."""
    return MONTH_NAMES["en"][month - 1][:3].lower()


def bibtex(source: Source, lang: str) -> str:
    """One BibTeX entry (read by BibTeX and biblatex); a news outlet is the journal, an institution the author."""
    kind = _BIBTEX_TYPES.get(source.kind or "", "misc")
    publisher = _latex(source.publisher) if source.publisher else None
    fields: list[tuple[str, str]] = []
    if publisher and kind != "article":
        fields.append(("author", "{" + publisher + "}"))  # braced: a corporate name, not "Last, First"
    fields.append(("title", _latex(_citation_title(source, lang))))
    if publisher:
        if kind == "article":
            fields.append(("journal", publisher))
        elif kind == "techreport":
            fields.append(("institution", publisher))
        fields.append(("publisher", publisher))
    # year and month (a macro), which BibTeX styles and biblatex both read; no day, which BibTeX lacks.
    date = source.published
    if date is not None:
        fields.append(("year", str(date.year)))
        if date.month is not None:
            fields.append(("month", _bibtex_month(date.month)))
    if source.url:
        # url is read verbatim by url/hyperref and biblatex: only braces need care.
        fields.append(("url", source.url.replace("{", "%7B").replace("}", "%7D")))
    body = ",\n".join(f"  {name} = {value if name == 'month' else '{' + value + '}'}" for name, value in fields)
    return f"@{kind}{{{source.id},\n{body}\n}}\n"


_RIS_TYPES = {"news": "NEWS", "official-document": "GOVDOC", "report": "RPRT", "webpage": "ELEC", "dataset": "DATA"}


def ris(source: Source, lang: str) -> str:
    """One RIS record; ``ER`` closes it."""
    kind = _RIS_TYPES.get(source.kind or "", "GEN")
    lines = [("TY", kind)]
    if source.publisher and kind != "NEWS":
        lines.append(("AU", source.publisher))
    lines.append(("TI", _citation_title(source, lang)))
    if source.publisher:
        if kind == "NEWS":
            lines.append(("T2", source.publisher))
        lines.append(("PB", source.publisher))
    date = source.published
    if date is not None:
        lines.append(("PY", str(date.year)))
        parts = [f"{date.year:04d}", f"{date.month:02d}" if date.month else "", f"{date.day:02d}" if date.day else ""]
        lines.append(("DA", "/".join(parts) + "/"))
    if source.language:
        lines.append(("LA", source.language))
    if source.url:
        lines.append(("UR", source.url))
    lines += [("ID", source.id), ("ER", "")]
    return "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in lines)


def _apa_date(date: PartialDate | None, lang: str) -> str:
    if date is None:
        return label("cite.no_date", lang)
    if date.month is None:
        return str(date.year)
    month = MONTH_NAMES[lang][date.month - 1]
    if date.day is None:
        return f"{date.year}, {month}"
    if lang == "fr":
        return f"{date.year}, {'1er' if date.day == 1 else date.day} {month}"
    return f"{date.year}, {month} {date.day}"


def _sentence(text: str) -> str:
    text = _one_line(text)
    return text if text.endswith((".", "?", "!")) else text + "."


def apa(source: Source, lang: str) -> str:
    """APA 7 reference, one line, in ``lang`` (month names, « s.d. » / "n.d.").

    An institution is the author (and then not repeated as publisher); a news item has no
    author, so its title leads and the outlet follows the date.
    """
    date = f"({_apa_date(source.published, lang)})."
    title = _sentence(_citation_title(source, lang))
    if source.publisher and source.kind != "news":
        parts = [_sentence(source.publisher), date, title]
    else:
        parts = [title, date]
        if source.publisher:
            parts.append(_sentence(source.publisher))
    if source.url:
        parts.append(source.url)
    return " ".join(parts) + "\n"


CITATION_STYLES: dict[str, Callable[[Source, str], str]] = {"bibtex": bibtex, "ris": ris, "apa": apa}


def cite(sources: Sequence[Source], style: str, lang: str) -> str:
    """The citations of ``sources`` in ``style`` (a key of CITATION_STYLES)."""
    format_one = CITATION_STYLES.get(style)
    if format_one is None:
        raise UsageError.of("cite.unknown_style", style=style, choices=", ".join(CITATION_STYLES))
    separator = "" if style == "apa" else "\n"
    return separator.join(format_one(s, lang) for s in sources)
