"""The data rules of issue 16, enforced on the bundled dataset.

Each rule is a function that returns what breaks it (empty: the rule holds). Each is run on the
bundled data and on a deliberately broken copy, to show that the test can fail:

- every title marked ``official`` names the source it was seen in;
- roles come from the closed vocabulary (with a label in both languages), one act takes one word;
- every actor role and every fact cites a source that exists;
- no trap of the fact base (``tests/data/traps.yaml``) appears as a claim;
- every note a reader sees (title and verification notes, source descriptions) is in both
  languages, and French output shows it in French;
- the files validate against ``govai schema`` read by a YAML 1.1 loader (PyYAML) and a YAML 1.2
  loader (ruamel.yaml);
- no text a reader sees uses the project's internal words ("the seed", "the fact base").
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from ruamel.yaml import YAML

from govai_cli.dataset import load_dataset
from govai_cli.errors import DataError
from govai_cli.files import bundled_data_dir
from govai_cli.i18n import ROLE_LABELS
from govai_cli.model import PARTICIPATION_ROLES, Dataset, Event, Text, TitleForm
from govai_cli.schema import data_schema

from .conftest import DATA, Run

TRAPS: list[dict[str, Any]] = yaml.safe_load((DATA / "traps.yaml").read_text(encoding="utf-8"))
BUNDLED = bundled_data_dir()
# The acts that must take one role word in every event: (event id pattern, actor, role).
ONE_ACT_ONE_WORD = [(r"hrc\d+-joint-statement-.*", actor, "speaker") for actor in ("china", "chen-xu")]


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_dataset().dataset


def broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the bundled data with ``old`` replaced by ``new`` (once) in the file ``name``."""
    copy = tmp_path / "data"
    shutil.copytree(BUNDLED, copy)
    path = copy / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def load_copy(folder: Path) -> Dataset:
    return load_dataset([folder], strict=True).dataset


# ---------------------------------------------------------------- rule 1: official titles


def official_titles_without_source(data: Dataset) -> list[str]:
    out = []
    for event in data.events:
        for lang in ("fr", "en"):
            form = getattr(event.title, lang)
            if form is None or form.status != "official":
                continue
            if not form.source or form.source not in data.sources_by_id:
                out.append(f"{event.id}.{lang}: official title without a source ({form.source})")
    return out


def test_every_official_title_names_its_source(bundled: Dataset) -> None:
    assert official_titles_without_source(bundled) == []


def test_rule_official_title_catches_a_missing_source(tmp_path: Path) -> None:
    name = "events/2024-03-21-ares-78-265.yaml"
    copy = broken_copy(tmp_path, name, "    source: un-press-ga12588-en\n", "")
    assert official_titles_without_source(load_copy(copy)) == ["ares-78-265.en: official title without a source (None)"]


# ---------------------------------------------------------------- rule 2: roles


def role_problems(data: Dataset) -> list[str]:
    out = []
    for role, labels in ROLE_LABELS.items():
        if not all(labels):
            out.append(f"role {role}: a label is missing")
    out += [f"role {role}: no labels" for role in PARTICIPATION_ROLES if role not in ROLE_LABELS]
    for event in data.events:
        for part in event.actors:
            if part.role not in PARTICIPATION_ROLES:
                out.append(f"{event.id}: {part.actor_id} has role {part.role!r}, not in the vocabulary")
        for pattern, actor, word in ONE_ACT_ONE_WORD:
            if re.fullmatch(pattern, event.id):
                roles = [p.role for p in event.actors if p.actor_id == actor]
                if roles != [word]:
                    out.append(f"{event.id}: {actor} is {roles}, the act's word is {word!r}")
    for actor in data.actors:
        titles = [(r.title.en, r.title.fr) for r in actor.roles]
        if len(set(titles)) < len(titles):
            out.append(f"{actor.id}: the same role is listed twice")
    return out


def test_roles_come_from_the_closed_vocabulary(bundled: Dataset) -> None:
    assert set(ROLE_LABELS) == set(PARTICIPATION_ROLES)
    assert role_problems(bundled) == []


def test_rule_roles_catches_a_free_text_role(tmp_path: Path) -> None:
    name = "events/2024-09-22-pact-for-the-future-gdc.yaml"
    copy = broken_copy(tmp_path, name, "{id: zambia, role: co-facilitator}", "{id: zambia, role: co-facilitatrice}")
    with pytest.raises(DataError) as caught:
        load_copy(copy)
    assert "actor role: unknown value 'co-facilitatrice'" in str(caught.value.problems[0])


def test_rule_roles_catches_two_words_for_one_act(tmp_path: Path) -> None:
    name = "events/2023-07-11-hrc53-joint-statement-ai-disability.yaml"
    copy = broken_copy(tmp_path, name, "{id: chen-xu, role: speaker}", "{id: chen-xu, role: presenter}")
    assert role_problems(load_copy(copy)) == [
        "hrc53-joint-statement-ai-disability: chen-xu is ['presenter'], the act's word is 'speaker'"
    ]


def test_rule_roles_catches_a_role_listed_twice(tmp_path: Path) -> None:
    role = "  - title:\n      fr: Premier ministre du Japon\n      en: Prime Minister of Japan\n"
    copy = broken_copy(tmp_path, "actors.yaml", role, role + "    source: lokmattimes-g7-2023\n" + role)
    assert role_problems(load_copy(copy)) == ["fumio-kishida: the same role is listed twice"]


# ---------------------------------------------------------------- rule 3: sources of roles and facts


def uncited(data: Dataset) -> list[str]:
    known = data.sources_by_id
    out = []
    for actor in data.actors:
        for role in actor.roles:
            if not role.source or role.source not in known:
                out.append(f"{actor.id}: role {role.title.en!r} cites {role.source}")
        out += [f"{actor.id}: fact cites {f.source}" for f in actor.facts if f.source not in known]
    for event in data.events:
        for fact in event.facts:
            if fact.source not in known or fact.source not in event.sources:
                out.append(f"{event.id}: fact cites {fact.source}")
    return out


def test_every_actor_role_and_fact_cites_a_source_that_exists(bundled: Dataset) -> None:
    assert uncited(bundled) == []


def test_rule_sources_catches_a_role_without_source(tmp_path: Path) -> None:
    copy = broken_copy(tmp_path, "actors.yaml", "    source: unu-egov-2024-gdc-addis\n", "")
    assert uncited(load_copy(copy)) == [
        "anna-karin-enestrom: role 'Ambassador of Sweden, co-facilitator of the Global Digital Compact' cites None"
    ]


def test_rule_sources_catches_a_fact_citing_an_unknown_source(tmp_path: Path) -> None:
    name = "events/2023-11-01-bletchley-declaration.yaml"
    copy = broken_copy(tmp_path, name, "source: uktech-news-bletchley", "source: uktech-news-bletchly")
    with pytest.raises(DataError) as caught:
        load_copy(copy)
    assert any("unknown source 'uktech-news-bletchly'" in str(p) for p in caught.value.problems)


# ---------------------------------------------------------------- rule 4: no trap as a claim


def trap_hits(data: Dataset, files: Callable[[str], str], all_files: list[str]) -> list[str]:
    """The traps of traps.yaml that appear in the data (same reading as test_bundled_data)."""
    out = []
    for trap in TRAPS:
        wrong = trap["wrong"].casefold()
        if trap.get("actor"):
            titles = [t for role in data.actors_by_id[trap["actor"]].roles for t in role.title.values()]
            hit = any(wrong in t.casefold() for t in titles)
        elif trap.get("event") and trap.get("field") == "date":
            hit = data.events_by_id[trap["event"]].date.iso() == trap["wrong"]
        elif trap.get("event") and trap.get("field") == "title":
            hit = any(wrong in t.casefold() for t in data.events_by_id[trap["event"]].title.text().values())
        elif trap.get("event"):
            hit = wrong in files(data.events_by_id[trap["event"]].origin.path).casefold()
        else:
            hit = any(wrong in files(path).casefold() for path in all_files)
        if hit:
            out.append(trap["wrong"])
    return out


def read_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def test_no_fact_base_trap_appears_as_a_claim(bundled: Dataset) -> None:
    assert len(TRAPS) >= 55
    assert trap_hits(bundled, read_text, [str(p) for p in sorted(BUNDLED.rglob("*.yaml"))]) == []


def test_rule_traps_catches_the_brics_claim(tmp_path: Path) -> None:
    name = "events/2025-07-02-sg-report-ai-financing-a-79-966.yaml"
    old = "At the BRICS summit (6–7 July 2025) António Guterres announced that he would soon present it,"
    copy = broken_copy(
        tmp_path, name, old, "António Guterres presented the report to the BRICS summit (6–7 July 2025),"
    )
    data = load_copy(copy)
    assert trap_hits(data, read_text, [str(p) for p in sorted(copy.rglob("*.yaml"))]) == ["presented the report to the"]


def test_rule_traps_catches_an_event_scoped_trap(tmp_path: Path) -> None:
    name = "events/2023-12-21-hlab-interim-report.yaml"
    copy = broken_copy(tmp_path, name, "date: 2023-12-21", "date: 2023-12-23")
    (copy / "events" / "2023-12-21-hlab-interim-report.yaml").rename(
        copy / "events" / "2023-12-23-hlab-interim-report.yaml"
    )
    data = load_copy(copy)
    assert trap_hits(data, read_text, [str(p) for p in sorted(copy.rglob("*.yaml"))]) == ["2023-12-23"]


# ---------------------------------------------------------------- rule 5: notes a reader sees


def notes_of(data: Dataset) -> list[tuple[str, Text]]:
    """Every note a reader sees, with where it is: title notes, verification notes, source descriptions."""
    out = []
    for event in data.events:
        out += [(f"{event.id}: title.{lang} note", f.note) for lang, f in _forms(event) if f.note]
        out += [(f"{event.id}: verification_note", event.verification_note)] if event.verification_note else []
    out += [(f"{s.id}: description", s.description) for s in data.sources if s.description]
    return out


def _forms(event: Event) -> list[tuple[str, TitleForm]]:
    return [(lang, form) for lang, form in (("fr", event.title.fr), ("en", event.title.en)) if form]


def one_language_notes(data: Dataset) -> list[str]:
    """Notes missing their French or their English."""
    return [where for where, note in notes_of(data) if not (note.fr and note.en)]


def notes_not_in_french(data: Dataset, shown: Callable[[str], str]) -> list[str]:
    """Event notes that ``govai show --lang fr`` (``shown``) does not show in French."""
    out = []
    for event in data.events:
        notes = [note for where, note in notes_of(Dataset(events=(event,)))]
        if not notes:
            continue
        text = " ".join(shown(event.id).split())
        out += [f"{event.id}: {note.en}"[:60] for note in notes if " ".join((note.fr or "").split()) not in text]
    return out


def test_every_note_a_reader_sees_is_in_both_languages(bundled: Dataset) -> None:
    assert len(notes_of(bundled)) > 600
    assert one_language_notes(bundled) == []


def test_rule_notes_catches_a_note_in_english_only(tmp_path: Path) -> None:
    french = '    fr: "Page française de l\'ONU sur la quatrième Conférence mondiale sur les femmes (Beijing, 1995)"\n'
    copy = broken_copy(tmp_path, "sources.yaml", french, "")
    assert one_language_notes(load_dataset([copy], strict=False).dataset) == ["un-fr-beijing1995: description"]
    with pytest.raises(DataError, match=r"source 'un-fr-beijing1995': description: missing required field 'fr'"):
        load_copy(copy)  # and the bundled (curated) data refuses it


@pytest.fixture(scope="module")
def wide_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def show(run: Run, monkeypatch: pytest.MonkeyPatch, cache: Path, lang: str) -> Callable[[str], str]:
    monkeypatch.setenv("COLUMNS", "5000")
    monkeypatch.setenv("GOVAI_CACHE_DIR", str(cache))

    def shown(event_id: str) -> str:
        result = run("show", event_id, "--lang", lang)
        assert result.exit_code == 0, result.output
        return result.stdout

    return shown


def test_french_output_shows_every_note_in_french(
    bundled: Dataset, run: Run, monkeypatch: pytest.MonkeyPatch, wide_cache: Path
) -> None:
    assert any(e.verification_note for e in bundled.events)
    assert notes_not_in_french(bundled, show(run, monkeypatch, wide_cache, "fr")) == []


def test_rule_notes_catches_notes_shown_in_english(
    bundled: Dataset, run: Run, monkeypatch: pytest.MonkeyPatch, wide_cache: Path
) -> None:
    one = Dataset(events=(bundled.events_by_id["hlab-interim-report"],))
    assert len(notes_not_in_french(one, show(run, monkeypatch, wide_cache, "en"))) == 2


# ---------------------------------------------------------------- rule 7: no internal wording

# Words of the project's own workflow, which mean nothing to a reader: the seed articles are
# cited by their names (the CGTN article), the fact base by the sources it lists.
INTERNAL_WORDS = re.compile(r"\bseeds?\b|fact[- ]?base|fact[- ]?check|\bgraines?\b|base de faits", re.I)


def reader_texts(data: Dataset) -> list[tuple[str, str]]:
    """Every text a reader sees in either language, with where it is (quotes are the sources' own words)."""
    out: list[tuple[str, Text | None]] = list(notes_of(data))
    for event in data.events:
        out += [(f"{event.id}: title.{lang}", Text(form.text)) for lang, form in _forms(event)]
        out += [(f"{event.id}: summary", event.summary), (f"{event.id}: location", event.location)]
        out += [(f"{event.id}: fact", fact.text) for fact in event.facts]
    for actor in data.actors:
        out += [(f"{actor.id}: name", actor.name), (f"{actor.id}: short_name", actor.short_name)]
        out += [(f"{actor.id}: role", role.title) for role in actor.roles]
        out += [(f"{actor.id}: fact", fact.text) for fact in actor.facts]
    out += [(f"{s.id}: title", Text(s.title, s.publisher)) for s in data.sources]
    out += [(f"{t.id}: label", t.label) for t in data.topics]
    return [(where, value) for where, text in out if text for value in text.values()]


def internal_wording(data: Dataset) -> list[str]:
    return [f"{where}: {m.group()}" for where, text in reader_texts(data) if (m := INTERNAL_WORDS.search(text))]


def test_no_internal_wording_reaches_a_reader(bundled: Dataset) -> None:
    assert len(reader_texts(bundled)) > 3000
    assert internal_wording(bundled) == []


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [
        ("the CGTN article's 'unanimously'", "the seed's 'unanimously'", "ares-78-311: verification_note: seed"),
        ("le « à l'unanimité » de l'article de CGTN", "la graine", "ares-78-311: verification_note: graine"),
    ],
)
def test_rule_internal_wording_catches_the_seed(tmp_path: Path, old: str, new: str, found: str) -> None:
    copy = broken_copy(tmp_path, "events/2024-07-01-ares-78-311.yaml", old, new)
    assert internal_wording(load_copy(copy)) == [found]


# ---------------------------------------------------------------- rule 6: YAML 1.1 and 1.2 readers


def read_yaml_1_1(text: str) -> Any:
    return yaml.safe_load(text)


def read_yaml_1_2(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def schema_errors(folder: Path, read: Callable[[str], Any]) -> list[str]:
    """Each file read by ``read`` as a tool would (dates become text once in JSON), then checked
    against ``govai schema`` and against the schema of its kind (``govai schema --for …``)."""
    whole = jsonschema.Draft202012Validator(data_schema())
    by_kind = {
        kind: jsonschema.Draft202012Validator(data_schema(kind)) for kind in ("event", "actors", "sources", "topics")
    }
    out = []
    for path in sorted(folder.rglob("*.yaml")):
        document = json.loads(json.dumps(read(path.read_text(encoding="utf-8")), default=str))
        kind = "event" if path.parent.name == "events" else path.stem
        errors = [f"{path.name}: {e.json_path}: {e.message}" for e in by_kind[kind].iter_errors(document)]
        if not errors and any(True for _ in whole.iter_errors(document)):
            errors = [f"{path.name}: does not validate against govai schema"]
        out += errors
    return out


@pytest.mark.parametrize("read", [read_yaml_1_1, read_yaml_1_2], ids=["yaml-1.1-pyyaml", "yaml-1.2-ruamel"])
def test_bundled_data_validates_against_the_schema(read: Callable[[str], Any]) -> None:
    assert schema_errors(BUNDLED, read) == []


def test_rule_schema_catches_an_unquoted_no_read_as_yaml_1_1(tmp_path: Path) -> None:
    copy = broken_copy(tmp_path, "actors.yaml", 'country: "NO"', "country: NO")
    errors = schema_errors(copy, read_yaml_1_1)
    assert len(errors) == 1
    assert errors[0].startswith("actors.yaml: $[")
    assert ".country: False is not" in errors[0]
    assert schema_errors(copy, read_yaml_1_2) == []  # YAML 1.2 reads NO as text


def test_rule_schema_catches_a_boolean_read_as_yaml_1_2(tmp_path: Path) -> None:
    copy = broken_copy(tmp_path, "actors.yaml", 'country: "NO"', "country: false")
    errors = schema_errors(copy, read_yaml_1_2)
    assert len(errors) == 1
    assert ".country: False is not" in errors[0]
