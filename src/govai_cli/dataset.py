"""Data files → a validated Dataset: the only validator, per file and across files.

``yamlread`` turns a file into located nodes; this module checks each node against its field
and builds the records, noting every problem as ``file:line: message`` instead of stopping,
then checks references and ids across files.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import InvalidDate, parse_iso
from .errors import DataError, Problem
from .files import Loaded, content_hash, data_roots, scan
from .model import (
    LANGS,
    TITLE_STATUSES,
    Actor,
    Dataset,
    Event,
    Fact,
    Origin,
    PartialDate,
    Participation,
    Role,
    Source,
    Text,
    Title,
    TitleForm,
    Topic,
)
from .references import Defined, Ref, cross_check, unread_ids
from .references import hint as _did_you_mean
from .schema import ALWAYS, COLLECTIONS, RECORDS, Field
from .textnorm import CONTROL
from .yamlread import NULLS, Map, Node, Scalar, Seq, clip, decode, describe, parse_yaml

MAX_FILE_BYTES = 5 * 1024 * 1024
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_COUNTRY = re.compile(r"[A-Z]{2}")
_LANGUAGE = re.compile(r"[a-z]{2}")
# Unquoted values that YAML 1.1 tools (PyYAML, many editors' and CI's validators) read as a
# boolean or a base-60 number, while govai reads them as text: as yamllint's "truthy" rule.
_YAML11_BOOL = re.compile(r"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF")
_YAML11_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")


# ---------------------------------------------------------------- nodes → model


@dataclass
class _Records:
    events: list[Event] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    invalid: list[Defined] = field(default_factory=list)  # ids of records refused, still defined
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class _Values:
    """Reads one file's values (text, ids, dates, lists…), noting problems instead of stopping."""

    def __init__(self, path: str, records: _Records, strict: bool) -> None:
        self.path = path
        self.records = records
        self.strict = strict

    # -- primitives

    def problem(self, node: Node | None, message: str, line: int | None = None) -> None:
        if node is not None:
            self.records.problems.append(Problem(self.path, node.line, message, node.column))
        else:
            self.records.problems.append(Problem(self.path, line, message))

    def fields(self, node: Node, what: str, allowed: Sequence[str], required: Sequence[str]) -> dict[str, Node] | None:
        if not isinstance(node, Map):
            self.problem(node, f"{what}: expected a mapping of fields, got {describe(node)}")
            return None
        out: dict[str, Node] = {}
        for name, (key, value) in node.items.items():
            if name not in allowed:
                hint = _did_you_mean(name, allowed) or f"; expected one of: {', '.join(allowed)}"
                self.problem(key, f"unknown field '{clip(name)}' in {what}{hint}")
                continue
            out[name] = value
        for name in required:
            if name not in out or _is_null(out[name]):
                self.problem(node, f"{what}: missing required field '{name}'")
        return out

    def free(self, node: Node | None, what: str) -> str | None:
        """Prose: as ``text``, and an unquoted ``' #'`` (which would cut it) is refused."""
        return self.text(node, what, free=True)

    def text(self, node: Node | None, what: str, free: bool = False) -> str | None:
        if node is None or _is_null(node):
            return None
        if not isinstance(node, Scalar):
            self.problem(node, f"{what}: expected text, got {describe(node)}")
            return None
        # Every CONTROL character is unprintable: a printable value (most) needs no search.
        bad = None if node.value.isprintable() else CONTROL.search(node.value)
        if bad:
            self.problem(node, f"{what}: control character U+{ord(bad.group()):04X} not allowed")
            return None
        if free and node.comment_follows:
            self.problem(node, f"{what}: ' #' after unquoted text starts a YAML comment and cuts it; quote the text")
            return None
        value = node.value
        if node.plain:  # each test only where it can match: a boolean has 5 letters at most, a base-60 number a colon
            boolean = len(value) <= 5 and _YAML11_BOOL.fullmatch(value)
            if boolean or (":" in value and _YAML11_SEXAGESIMAL.fullmatch(value)):
                kind = "a boolean" if boolean else "a base-60 number"
                message = f"{what}: unquoted '{value}' is read as {kind} by YAML 1.1 tools; quote it"
                self.records.warnings.append(Problem(self.path, node.line, message, node.column))
        return value

    def ident(self, node: Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        if not _ID.fullmatch(value):
            self.problem(node, f"{what}: '{clip(value)}' is not an id (lowercase letters, digits and '-')")
            return None
        return value

    def choice(self, node: Node | None, what: str, choices: Sequence[str]) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        if value not in choices:
            hint = _did_you_mean(value, choices) or f"; expected one of: {', '.join(choices)}"
            self.problem(node, f"{what}: unknown value '{clip(value)}'{hint}")
            return None
        return value

    def date(self, node: Node | None, what: str) -> PartialDate | None:
        value = self.text(node, what)
        if value is None:
            return None
        try:
            return parse_iso(value)
        except InvalidDate as exc:
            hint = ""
            if re.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{4}", value.strip()):
                hint = "; ambiguous order: use ISO 2024-07-01 (YYYY-MM-DD)"
            self.problem(node, f"{what}: {exc}{hint}")
            return None

    def items(self, node: Node | None, what: str) -> list[Node]:
        if node is None or _is_null(node):
            return []
        if not isinstance(node, Seq):
            self.problem(node, f"{what}: expected a list, got {describe(node)}")
            return []
        return node.items

    def text_list(self, node: Node | None, what: str) -> tuple[str, ...]:
        values = (self.text(item, what, free=True) for item in self.items(node, what))
        return tuple(v for v in values if v is not None)

    def ref_list(self, node: Node | None, what: str, kind: str) -> tuple[str, ...]:
        out = []
        for item in self.items(node, what):
            value = self.ident(item, what)
            if value is not None:
                self.ref(kind, value, item, what)
                out.append(value)
        return tuple(out)

    def ref(self, kind: str, target: str, node: Node, where: str) -> None:
        self.records.refs.append(Ref(kind, target, self.path, node.line, where))

    def bitext(self, node: Node | None, what: str, both: bool, plain: bool = False) -> Text | None:
        if node is None or _is_null(node):
            return None
        if plain and not both and isinstance(node, Scalar):  # a note as plain text: English
            return Text(en=text) if (text := self.free(node, what)) else None
        got = self.fields(node, what, LANGS, LANGS if both else ())
        if got is None:
            return None
        result = Text(
            self.text(got.get("fr"), f"{what}.fr", free=True), self.text(got.get("en"), f"{what}.en", free=True)
        )
        if not result.fr and not result.en:
            self.problem(node, f"{what}: give the text in French (fr) or English (en)")
            return None
        return result


_MODELS: dict[str, type] = {
    "event": Event, "participation": Participation, "fact": Fact, "actor": Actor, "role": Role,
    "source": Source, "topic": Topic,
}  # fmt: skip


class _Reader(_Values):
    """Turns one file's nodes into records by the field specs of ``schema``."""

    def record(self, kind: str, node: Node, what: str, join: str = ": ") -> tuple[Any, dict[str, Node]] | None:
        """One record of ``kind`` (a key of RECORDS), or None; its nodes, for checks across fields.

        Messages name a field ``{what}{join}{field}``: ``event 'x': date``, ``event 'x': actor role``.
        """
        spec = RECORDS[kind]
        names, required, fields, always = _PLANS[kind]
        got = self.fields(node, what, names, required[self.strict])
        if got is None:
            return None
        get = got.get
        values = {key: self.value(f, get(name), what, join) for f, key, name in fields}
        if spec.one_of and all(values[name] is None for name in spec.one_of):
            wanted = " or, when unknown, a ".join(f"'{name}'" for name in spec.one_of)
            self.problem(node, f"{what}: give its exact {wanted}")
        if any(values[key] is None for key in always):
            return None
        if kind in ("event", "actor", "source", "topic"):
            values["origin"] = Origin(self.path, node.line)
        if kind == "topic":  # one mapping in the file, one tuple per language in the model
            values.update({f"synonyms_{lang}": names for lang, names in values.pop("synonyms").items()})
        return _MODELS[kind](**values), got

    def value(self, field: Field, node: Node | None, owner: str, join: str = ": ") -> Any:
        """The value of ``field`` of the record ``owner`` (how messages name it)."""
        kind = field.value
        if node is None:  # an absent field: what each reader below gives for it, without the call
            if kind in _EMPTY_TUPLE:
                return ()
            if kind != "synonyms":
                return None
        what = f"{owner}{join}{field.name}"
        if kind in ("ref", "id"):
            value = self.ident(node, what)
            if value is not None and node is not None and kind == "ref":
                self.ref(field.target, value, node, what)
            return value
        if kind == "refs":
            return self.ref_list(node, what, field.target)
        if kind == "choice":
            return self.choice(node, what, field.choices)
        if kind in ("bitext", "note"):
            return self.bitext(node, what, both=self.strict and field.bilingual, plain=kind == "note")
        if kind == "items":
            label = f"{owner}: {RECORDS[field.target].label}"
            found = (self.record(field.target, item, label, " ") for item in self.items(node, what))
            return tuple(r[0] for r in found if r is not None)
        return _READERS[kind](self, node, what)

    def event(self, node: Node) -> None:
        what = "event"
        if isinstance(node, Map) and "id" in node.items:
            what = f"event '{clip(node.items['id'][1].value if isinstance(node.items['id'][1], Scalar) else '?')}'"
        read = self.record("event", node, what)
        if read is None:
            self.keep_id("event", node)
            return
        event, got = read
        if event.end_date and event.end_date.last_day() < event.date.first_day():
            self.problem(got["end_date"], f"{what}: end_date {event.end_date} is before date {event.date}")
        if self.strict and not event.sources and "sources" in got:
            self.problem(got["sources"], f"{what}: cite at least one source")
        facts = got.get("facts")
        for item in facts.items if isinstance(facts, Seq) else []:
            cited = item.items.get("source", (None, None))[1] if isinstance(item, Map) else None
            if isinstance(cited, Scalar) and _ID.fullmatch(cited.value) and cited.value not in event.sources:
                self.problem(cited, f"{what}: fact cites '{cited.value}', which is not in the event's sources")
        self.records.events.append(event)

    def named(self, kind: str, node: Node) -> None:
        """An actor, source or topic: ``kind 'id'`` in messages once its id is read."""
        what = kind
        if isinstance(node, Map) and "id" in node.items:
            given = node.items["id"][1]
            if isinstance(given, Scalar) and _ID.fullmatch(given.value):
                what = f"{kind} '{given.value}'"
        read = self.record(kind, node, what)
        if read is not None:
            getattr(self.records, kind + "s").append(read[0])
        else:
            self.keep_id(kind, node)

    def keep_id(self, kind: str, node: Node) -> None:
        """The id of a record refused for its other problems still counts as defined: references
        to it are not reported as unknown (its own problems are), and duplicates of it are."""
        given = node.items.get("id", (None, None))[1] if isinstance(node, Map) else None
        if isinstance(given, Scalar) and _ID.fullmatch(given.value):
            sort = node.items.get("kind", (None, None))[1] if isinstance(node, Map) else None
            actor_kind = sort.value if kind == "actor" and isinstance(sort, Scalar) else None
            self.records.invalid.append(Defined(kind, given.value, actor_kind, Origin(self.path, node.line)))

    def title(self, node: Node | None, what: str) -> Title | None:
        if node is None or _is_null(node):
            return None
        got = self.fields(node, what, LANGS, LANGS if self.strict else ())
        if got is None:
            return None
        forms = {lang: self.title_form(got[lang], f"{what}.{lang}") for lang in LANGS if lang in got}
        result = Title(forms.get("fr"), forms.get("en"))
        if result.fr is None and result.en is None:
            if not got:
                self.problem(node, f"{what}: give the title in French (fr) or English (en)")
            return None
        return result

    def title_form(self, node: Node, what: str) -> TitleForm | None:
        if isinstance(node, Scalar):
            if self.strict:
                self.problem(node, f"{what}: give {{text, status}} (status: {', '.join(TITLE_STATUSES)})")
            text = self.free(node, what)
            return TitleForm(text) if text else None
        spec = RECORDS["title_form"]
        got = self.fields(node, what, spec.names, spec.required(self.strict))
        if got is None:
            return None
        values = {f.key: self.value(f, got.get(f.name), what, ".") for f in spec.fields}
        return TitleForm(**values) if values["text"] else None

    def synonyms(self, node: Node | None, what: str) -> dict[str, tuple[str, ...]]:
        got = self.fields(node, what, LANGS, ()) if node is not None and not _is_null(node) else {}
        return {lang: self.text_list((got or {}).get(lang), f"{what}.{lang}") for lang in LANGS}

    def country(self, node: Node | None, what: str) -> str | None:
        country = self.text(node, what)
        if country is not None and not _COUNTRY.fullmatch(country):
            self.problem(node, f"{what} '{clip(country)}' must be an ISO 3166 alpha-2 code such as CN or FR")
            return None
        return country

    def language(self, node: Node | None, what: str) -> str | None:
        language = self.text(node, what)
        if language is not None and not _LANGUAGE.fullmatch(language):
            self.problem(node, f"{what} '{clip(language)}' must be an ISO 639-1 code such as fr or en")
        return language


# What ``_Reader.record`` needs of each record kind's spec, worked out once: the field names,
# the required ones (by strictness), each field with its model key and name, the keys always needed.
_PLANS = {
    kind: (
        spec.names,
        {strict: spec.required(strict) for strict in (False, True)},
        tuple((f, f.key, f.name) for f in spec.fields),
        tuple(f.key for f in spec.fields if f.need == ALWAYS),
    )
    for kind, spec in RECORDS.items()
}
_EMPTY_TUPLE = frozenset({"refs", "items", "texts"})  # the kinds whose absent value is ()
_READERS: dict[str, Callable[[_Reader, Node | None, str], Any]] = {
    "text": _Reader.text, "free": _Reader.free, "texts": _Reader.text_list, "date": _Reader.date,
    "country": _Reader.country, "language": _Reader.language, "url": _Reader.text, "title": _Reader.title,
    "synonyms": _Reader.synonyms,
}  # fmt: skip


def _is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.plain and node.value in NULLS


# ---------------------------------------------------------------- files


@dataclass
class FileRecords:
    """What one data file holds, and what is wrong with it; ``sha256`` of its bytes ("" if unread)."""

    path: str
    sha256: str
    records: _Records

    def defined(self) -> list[Defined]:
        r = self.records
        out = [Defined("event", e.id, None, e.origin) for e in r.events]
        out += [Defined("actor", a.id, a.kind, a.origin) for a in r.actors]
        out += [Defined("source", x.id, None, x.origin) for x in r.sources]
        out += [Defined("topic", t.id, None, t.origin) for t in r.topics]
        return out + r.invalid


def read_file(path: Path, role: str, strict: bool) -> FileRecords:
    """Read and check one data file; problems are recorded, never raised."""
    records = _Records()
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB ({size} bytes); split it"
            records.problems.append(Problem(name, None, message))
            return FileRecords(name, "", records)
        data = path.read_bytes()
    except OSError as exc:
        records.problems.append(Problem(name, None, f"cannot read: {exc.strerror or exc}"))
        return FileRecords(name, "", records)
    return read_data(data, name, role, strict)


def read_data(data: bytes, name: str, role: str, strict: bool) -> FileRecords:
    """Check the bytes of the data file ``name``; problems are recorded, never raised."""
    records = _Records()
    result = FileRecords(name, hashlib.sha256(data).hexdigest(), records)
    try:
        root = parse_yaml(decode(data, name), name)
    except DataError as exc:  # this file only: every other file and check still runs
        records.problems.extend(exc.problems)
        records.invalid += unread_ids(name, data.decode("utf-8", "replace"))
        return result
    if root is None or _is_null(root):  # nothing, or only "---", a comment or "null"
        records.warnings.append(Problem(name, None, "empty file, skipped"))
        return result
    reader = _Reader(name, records, strict)
    if role == "events":
        for node in root.items if isinstance(root, Seq) else [root]:
            reader.event(node)
    elif role == "mixed":
        got = reader.fields(root, "data file", tuple(COLLECTIONS), ())
        for key, value in (got or {}).items():
            _read_list(reader, key, value)
    else:
        _read_list(reader, role, root)
    return result


def _read_list(reader: _Reader, kind: str, node: Node) -> None:
    if not isinstance(node, Seq):
        reader.problem(node, f"{kind}: expected a list of {kind}, got {describe(node)}")
        return
    for item in node.items:
        if kind == "events":
            reader.event(item)
        else:
            reader.named(COLLECTIONS[kind], item)


# ---------------------------------------------------------------- whole dataset


def load_dataset(paths: Sequence[Path] | None = None, *, strict: bool | None = None) -> Loaded:
    """Load and validate ``paths`` (the bundled dataset when None); raise DataError on problems.

    ``strict`` (the default for the bundled dataset) also requires what curated data must
    have: both languages, title status marks, a summary, sources and a verification mark.
    """
    roots = data_roots(paths)
    if strict is None:
        strict = paths is None
    files, problems, warnings = scan(roots)
    results = [read_file(Path(path), role, strict) for path, role, *_ in files]
    return assemble(roots, results, problems, warnings)


def assemble(
    roots: Sequence[Path],
    results: Sequence[FileRecords],
    problems: Sequence[Problem] = (),
    warnings: Sequence[Problem] = (),
) -> Loaded:
    """One validated Dataset from the files' records; DataError listing every problem otherwise."""
    every_problem = list(problems)
    every_warning = list(warnings)
    for result in results:
        every_problem += result.records.problems
        every_warning += result.records.warnings
    defined = [d for result in results for d in result.defined()]
    every_problem += cross_check(defined, [ref for result in results for ref in result.records.refs])
    if every_problem:
        raise DataError(every_problem)
    dataset = Dataset(
        events=tuple(sorted((e for r in results for e in r.records.events), key=Event.sort_key)),
        actors=tuple(sorted((a for r in results for a in r.records.actors), key=lambda a: a.id)),
        sources=tuple(sorted((x for r in results for x in r.records.sources), key=lambda x: x.id)),
        topics=tuple(sorted((t for r in results for t in r.records.topics), key=lambda t: t.id)),
        files=tuple(r.path for r in results),
        content_hash=content_hash(roots, [(r.path, r.sha256) for r in results]),
    )
    return Loaded(dataset, tuple(sorted(every_warning, key=Problem.sort_key)))
