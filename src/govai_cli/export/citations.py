"""Citations as BibTeX, RIS or APA 7: of a source, or of an event (its document, then its sources).

Each style writes a ``works.Work``, so a source and a document are cited the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from govai_cli.errors import UsageError
from govai_cli.i18n import MONTH_NAMES, label
from govai_cli.model import Actor, Dataset, Event, PartialDate, Source
from govai_cli.query import Record

from .works import Work, event_works, source_work


def cited_works(dataset: Dataset, record: Record, lang: str) -> list[Work]:
    """A source itself; an event's document (if it is one), then its sources in the order it lists them."""
    if isinstance(record, Source):
        return [source_work(record, lang)]
    if isinstance(record, Event):
        return event_works(dataset, record, lang)
    raise UsageError.of("cite.actor" if isinstance(record, Actor) else "cite.topic", id=record.id)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _citation_title(work: Work) -> str:
    """The exact title, else the project's description in brackets (APA's form for untitled works)."""
    return f"[{work.title}]" if work.bracketed else work.title


_BIBTEX_TYPES = {"news": "article", "report": "techreport"}
_LATEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_LATEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _latex(text: str) -> str:
    return _LATEX_SPECIAL.sub(lambda m: _LATEX_ESCAPES.get(m.group(), "\\" + m.group()), _one_line(text))


def _bibtex_month(month: int) -> str:
    """BibTeX's month macro: the English name's first three letters (``jul``)."""
    return MONTH_NAMES["en"][month - 1][:3].lower()


def _work(item: Work | Source, lang: str) -> Work:
    return source_work(item, lang) if isinstance(item, Source) else item


def bibtex(item: Work | Source, lang: str) -> str:
    """One BibTeX entry (read by BibTeX and biblatex); a news outlet is the journal, an institution the author."""
    work = _work(item, lang)
    kind = _BIBTEX_TYPES.get(work.kind or "", "misc")
    fields: list[tuple[str, str]] = []
    if work.author:
        fields.append(("author", "{" + _latex(work.author) + "}"))  # braced: a corporate name, not "Last, First"
    fields.append(("title", _latex(_citation_title(work))))
    if work.translated:
        fields.append(("titleaddon", _latex(f"[{work.translated}]")))
    if work.container:
        fields.append(("journal", _latex(work.container)))
    if work.publisher:
        if kind == "techreport":
            fields.append(("institution", _latex(work.publisher)))
        fields.append(("publisher", _latex(work.publisher)))
    if work.number:
        fields.append(("number", _latex(work.number)))
        if kind == "misc":
            fields.append(("howpublished", _latex(work.number)))  # what BibTeX's misc styles print
    # year and month (a macro), which BibTeX styles read; date (ISO, as precise as known) for biblatex.
    date = work.date
    if date is not None:
        fields.append(("year", str(date.year)))
        if date.month is not None:
            fields.append(("month", _bibtex_month(date.month)))
        fields.append(("date", date.iso()))
    if work.url:
        # url is read verbatim by url/hyperref and biblatex: only braces need care.
        fields.append(("url", work.url.replace("{", "%7B").replace("}", "%7D")))
    body = ",\n".join(f"  {name} = {value if name == 'month' else '{' + value + '}'}" for name, value in fields)
    return f"@{kind}{{{work.key},\n{body}\n}}\n"


_RIS_TYPES = {"news": "NEWS", "official-document": "GOVDOC", "report": "RPRT", "webpage": "ELEC", "dataset": "DATA"}


def ris(item: Work | Source, lang: str) -> str:
    """One RIS record; ``ER`` closes it."""
    work = _work(item, lang)
    kind = _RIS_TYPES.get(work.kind or "", "GEN")
    lines = [("TY", kind)]
    if work.author:
        lines.append(("AU", work.author))
    lines.append(("TI", _citation_title(work)))
    if work.translated:
        lines.append(("TT", work.translated))
    if work.container:
        lines.append(("T2", work.container))
    if work.publisher:
        lines.append(("PB", work.publisher))
    if work.number:
        lines.append(("SN" if kind == "RPRT" else "M1", work.number))  # the report's, the document's number
    date = work.date
    if date is not None:
        lines.append(("PY", str(date.year)))
        parts = [f"{date.year:04d}", f"{date.month:02d}" if date.month else "", f"{date.day:02d}" if date.day else ""]
        lines.append(("DA", "/".join(parts) + "/"))
    if work.language:
        lines.append(("LA", work.language))
    if work.url:
        lines.append(("UR", work.url))
    lines += [("ID", work.key), ("ER", "")]
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


def apa(item: Work | Source, lang: str) -> str:
    """APA 7 reference, one line, in ``lang`` (month names, « s.d. » / "n.d.").

    An institution is the author (and then not repeated as publisher); a news item has no
    author, so its title leads and the outlet follows the date. A document's symbol follows its
    title in parentheses, and a title in the other language its translation in brackets.
    """
    work = _work(item, lang)
    date = f"({_apa_date(work.date, lang)})."
    title = _citation_title(work)
    if work.translated:
        title += f" [{work.translated}]"
    if work.number and work.number not in work.title:
        title += f" ({work.number})"
    title = _sentence(title)
    if work.author:
        parts = [_sentence(work.author), date, title]
    else:
        parts = [title, date]
        if work.container or work.publisher:
            parts.append(_sentence(work.container or work.publisher or ""))
    if work.url:
        parts.append(work.url)
    return " ".join(parts) + "\n"


CITATION_STYLES: dict[str, Callable[[Work | Source, str], str]] = {"bibtex": bibtex, "ris": ris, "apa": apa}


def cite(works: Sequence[Work | Source], style: str, lang: str) -> str:
    """The citations of ``works`` in ``style`` (a key of CITATION_STYLES)."""
    format_one = CITATION_STYLES.get(style)
    if format_one is None:
        raise UsageError.of("cite.unknown_style", style=style, choices=", ".join(CITATION_STYLES))
    separator = "" if style == "apa" else "\n"
    return separator.join(format_one(w, lang) for w in works)
