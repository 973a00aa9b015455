"""The bundled dataset: coverage, citations, every seed claim through the CLI, and no trap value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from govai_cli.dataset import load_dataset
from govai_cli.files import Loaded, bundled_data_dir
from govai_cli.model import Dataset

from .conftest import DATA, Run

SEED_CLAIMS = yaml.safe_load((DATA / "seed-claims.yaml").read_text(encoding="utf-8"))
TRAPS = yaml.safe_load((DATA / "traps.yaml").read_text(encoding="utf-8"))
SEEDS = {"seed-unesco-2020", "seed-cgtn-2024"}


@pytest.fixture(scope="module")
def bundled() -> Loaded:
    return load_dataset()


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def loaded_once(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI as usual, with one index cache for the module: the bundled data is indexed once."""
    monkeypatch.setenv("GOVAI_CACHE_DIR", str(shared_cache))


def test_coverage(bundled: Loaded) -> None:
    data: Dataset = bundled.dataset
    assert len(data.events) >= 75
    assert data.events[0].date.year == 1995
    assert data.events[-1].date.year == 2026
    for event in data.events:
        assert event.sources, event.id
        for form in (event.title.fr, event.title.en):
            assert form is not None, event.id
            assert form.status in ("official", "descriptive", "press", "translation"), event.id
        assert event.summary is not None, event.id
        assert event.summary.fr, event.id
        assert event.summary.en, event.id
    assert set(SEEDS) <= set(data.sources_by_id)


def test_every_fact_cites_a_listed_source(bundled: Loaded) -> None:
    for event in bundled.dataset.events:
        for fact in event.facts:
            assert fact.source in event.sources, (event.id, fact.source)


def test_event_files_are_named_after_their_date_and_id(bundled: Loaded) -> None:
    for event in bundled.dataset.events:
        assert Path(event.origin.path).name == f"{event.date.iso()}-{event.id}.yaml", event.origin.path


@pytest.mark.parametrize("claim", SEED_CLAIMS, ids=[f"{c['seed']}:{i}" for i, c in enumerate(SEED_CLAIMS)])
def test_seed_claim_is_found_with_its_correct_value_and_cites_the_seed(
    claim: dict[str, str], run: Run, loaded_once: None
) -> None:
    record_id = claim.get("event") or claim["actor"]
    if "event" in claim:
        result = run("search", claim["query"], "--format", "json")
        assert result.exit_code == 0, result.output
        assert record_id in [row["id"] for row in json.loads(result.stdout)], claim["claim"]
    result = run("show", record_id, "--format", "json")
    assert result.exit_code == 0, result.output
    assert claim["expect"] in result.stdout, claim["claim"]
    record = json.loads(result.stdout)
    cited = {f["source"] for f in record["facts"]}
    listed = {s["id"] if isinstance(s, dict) else s for s in record["sources"]}
    assert claim["seed"] in cited | listed, f"{record_id} does not cite {claim['seed']}"


@pytest.mark.parametrize("trap", TRAPS, ids=[t["wrong"] for t in TRAPS])
def test_no_trap_value_in_the_data(trap: dict[str, Any], bundled: Loaded) -> None:
    wrong = trap["wrong"].casefold()
    data = bundled.dataset
    if trap.get("actor"):
        actor = data.actors_by_id[trap["actor"]]
        titles = [t for role in actor.roles for t in role.title.values()]
        assert not any(wrong in t.casefold() for t in titles), trap["correct"]
        return
    if trap.get("event") and trap.get("field") == "title":
        event = data.events_by_id[trap["event"]]
        assert not any(wrong in t.casefold() for t in event.title.text().values()), trap["correct"]
        return
    if trap.get("event") and trap.get("field") == "date":
        event = data.events_by_id[trap["event"]]
        assert event.date.iso() != trap["wrong"], trap["correct"]
        return
    if trap.get("event"):
        event = data.events_by_id[trap["event"]]
        text = Path(event.origin.path).read_text(encoding="utf-8").casefold()
        assert wrong not in text, trap["correct"]
        return
    for path in sorted(bundled_data_dir().rglob("*.yaml")):
        assert wrong not in path.read_text(encoding="utf-8").casefold(), f"{path.name}: {trap['correct']}"


def test_acceptance_examples(run: Run, loaded_once: None) -> None:
    result = run("search", "égalité des sexes", "--format", "json")
    rows = json.loads(result.stdout)
    assert rows[0]["id"] == "hrc56-joint-statement-ai-women"
    assert rows[0]["date"] == "2024-07-01"
    ids = {c: [r["id"] for r in json.loads(run("actors", "--country", c, "--format", "json").stdout)] for c in
           ("Chine", "China", "CN", "CHN")}  # fmt: skip
    assert {"fu-cong", "chen-xu"} <= set(ids["Chine"])
    assert ids["Chine"] == ids["China"] == ids["CN"] == ids["CHN"]
    result = run("show", "ares-78-311")
    assert result.exit_code == 0
    assert "2024-07-01" in result.stdout
    assert "https://press.un.org/en/2024/ga12612.doc.htm" in result.stdout


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("A/RES/78/311", "ares-78-311"),
        ("A/RES/78/265", "ares-78-265"),
        ("égalité des sexes", "hrc56-joint-statement-ai-women"),
        ("gender equality", "hrc56-joint-statement-ai-women"),
        ("Bletchley", "bletchley-declaration"),
        ("CETS 225", "coe-framework-convention-adopted"),
    ],
)
def test_search_ranks_the_obvious_answer_first(run: Run, loaded_once: None, query: str, first: str) -> None:
    result = run("search", query, "--format", "json", "--limit", "3")
    assert json.loads(result.stdout)[0]["id"] == first
