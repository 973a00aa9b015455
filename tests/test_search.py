"""Search: words and phrases folded (accents, case, œ, apostrophes, spaces), the query language,
ranking, filters and highlights, and queries that cannot hurt (regex text, empty, huge, markup).

Bad-input checklist items D6.34-38 (map: tests/README.md).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govai_cli import search as search_module
from govai_cli.cache import open_index
from govai_cli.dates import date_in_text
from govai_cli.model import Filters, PartialDate
from govai_cli.rank import STOP_WORDS, TIER, TIER_NAMES, fts_expression, match, parse_query, ranking
from govai_cli.textnorm import fold
from govai_cli.understand import find

from . import properties
from .conftest import GOOD, Run
from .helpers import (
    HIT_KEYS,
    INDEXED_EVENT,
    clean_error,
    data,
    event,
    event_file,
    govai,
    no_raw_escapes,
    searched_ids,
    terminal,
)
from .properties import PROPERTIES

# ---------------------------------------------------------------- folding (D6.34)


NFD_EGALITE = unicodedata.normalize("NFD", "Égalité")

FOLDING = {
    "nfc": "Égalité des sexes",
    "nfd": f"{NFD_EGALITE} des sexes",
    "ligature": "Mise en œuvre",
    "apostrophe": "Le rôle de l’IA",
    "nbsp": "Contrôle ex\u00a0ante",
}


@pytest.fixture
def folding(tmp_path: Path) -> Path:
    for event_id, title in FOLDING.items():
        event_file(tmp_path, event(event_id, title=f'"{title}"'), f"{event_id}.yaml")
    return tmp_path


FOLDED_QUERIES = [
    ("egalite", ["nfc", "nfd"], ["Égalité", NFD_EGALITE]),
    ("EGALITE", ["nfc", "nfd"], ["Égalité", NFD_EGALITE]),
    ("oeuvre", ["ligature"], ["œuvre"]),
    ("l'IA", ["apostrophe"], ["IA"]),
    ("ex ante", ["nbsp"], ["ex", "ante"]),
]


def test_accents_case_ligatures_apostrophes_and_spaces_fold(
    run: Run, folding: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for query, expected, _ in FOLDED_QUERIES:
        result = run("search", query, "--data", str(folding), "--format", "json")
        assert sorted(r["id"] for r in json.loads(result.stdout)) == expected, query
    terminal(monkeypatch, "forced")
    for query, _, highlighted in FOLDED_QUERIES:
        table = run("search", query, "--data", str(folding), "--lang", "en").stdout
        for word in highlighted:  # the bold span holds exactly the original characters, NFD accents included
            assert f"\x1b[1;3m{word}\x1b[0m" in table, (word, table)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("egalite des sexes", ["statement"]),  # through the topic's French label
        ("gender equality", ["statement"]),  # the same topic's English label
        ("ÉGALITÉ", ["statement"]),
        ("oeuvre", ["resolution"]),  # "œuvre" in a quote
        ("A/RES/78/311", ["resolution"]),
        ("l’IA droits", ["statement"]),
        ("fu cong", ["resolution"]),
        ("AGNU", ["resolution"]),
        ('"sans vote"', ["resolution"]),
    ],
)
def test_search_finds(run: Run, query: str, expected: list[str]) -> None:
    result = run("search", query, *data("--format", "json"))
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == expected


def test_exact_keeps_accents(good_copy: Path) -> None:
    assert searched_ids(good_copy, "egalite") == ["statement"]
    assert searched_ids(good_copy, "egalite", exact=True) == []
    assert searched_ids(good_copy, "Égalité", exact=True) == ["statement"]


# ---------------------------------------------------------------- the query language


def test_query_language() -> None:
    query = parse_query('Égalité "des sexes" -militaire IA OR AI')
    assert query.groups == ((("egalite",),), (("des", "sexes"),), (("ia",), ("ai",)))
    assert query.excluded == (("militaire",),)
    assert fts_expression(query) == '(("egalite") AND ("des sexes") AND ("ia" OR "ai")) NOT "militaire"'


@given(PROPERTIES["query parser never raises"][1])
def test_query_parser_gives_a_clean_error_or_a_valid_engine_expression(text: str) -> None:
    properties.check_query(text)


@given(PROPERTIES["query syntax is literal"][1])
def test_query_syntax_characters_are_literal(parts: list[str]) -> None:
    properties.check_query_syntax(parts)


def test_search_query_language(run: Run) -> None:
    def found(query: str) -> list[str]:
        return [r["id"] for r in json.loads(run("search", query, *data("--format", "json")).stdout or "[]")]

    assert found("droits femmes") == ["statement"]
    assert found('"droits des femmes"') == ["statement"]
    assert found('"femmes des droits"') == []
    assert found("droits -femmes") == ["session-span"]  # the HRC session, through its forum's name
    assert sorted(found("femmes OR capacités")) == ["resolution", "statement"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--kind", "statement"), ["statement"]),
        (("--from", "2024-07-01", "--to", "2024-07-01"), ["statement", "resolution", "session-span"]),
        (("--country", "FR"), []),
        (("--body", "AG"), ["resolution"]),
        (("--topic", "capacity-building"), ["resolution"]),
        (("--actor", "Chen Xu"), ["statement"]),
    ],
)
def test_search_combines_with_filters(run: Run, args: tuple[str, ...], expected: list[str]) -> None:
    result = run("search", "2024 OR droits OR capacités", *data("--format", "json", *args))
    assert result.exit_code == 0, result.output
    assert sorted(r["id"] for r in json.loads(result.stdout)) == sorted(expected)


# ---------------------------------------------------------------- ranking


def test_ranking_title_and_symbol_above_summary_exact_phrase_first(tmp_path: Path) -> None:
    events = tmp_path / "events"
    events.mkdir()
    rows = [
        ("a-summary", "2020", "Other", "gender equality matters"),
        ("b-title", "2021", "Gender equality", "other"),
        ("c-scattered", "2019", "Gender and other", "equality"),
        ("d-title-later", "2022", "Gender equality", "other"),
    ]
    for event_id, date, title, summary in rows:
        (events / f"{event_id}.yaml").write_text(
            INDEXED_EVENT.format(id=event_id, date=date, title=title, summary=summary), encoding="utf-8"
        )
    # Exact phrase in the title first (ties by date then id), then in the summary, then scattered words.
    assert searched_ids(tmp_path, "gender equality") == ["b-title", "d-title-later", "a-summary", "c-scattered"]


def test_search_json_has_score_and_matched_in_descending_order(run: Run) -> None:
    result = run("search", "capacités", *data("--format", "json"))
    rows = json.loads(result.stdout)
    assert rows
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    for row in rows:
        assert set(row) == HIT_KEYS
        assert row["matched"]


def test_ties_break_by_date_then_id_and_the_symbol_ranks_first(tmp_path: Path) -> None:
    events = tmp_path / "data" / "events"
    events.mkdir(parents=True)
    # Six identical events (tied scores, so date then id decide), and one whose symbol is the query.
    for n in range(6):
        (events / f"e{n}.yaml").write_text(
            INDEXED_EVENT.format(id=f"same-{5 - n}", date=f"2020-01-0{n + 1}", title="digital cooperation", summary="x")
        )
    (events / "sym.yaml").write_text(
        INDEXED_EVENT.format(id="sym", date="2021", title="other", summary="digital cooperation digital cooperation")
        + "symbol: Digital Cooperation\n"
    )
    index = open_index([tmp_path / "data"])
    hits, total = _match(index, "digital cooperation", 3)
    assert total == 7
    assert hits[0] == "sym"  # the symbol lookup first, though its text scores lower
    assert hits[1:] == ["same-5", "same-4"]  # tied texts: oldest first


def _match(index: object, text: str, limit: int) -> tuple[list[str], int]:
    query = parse_query(text)
    ranked, total = match(index.db, fts_expression(query), ranking(query, query), Filters(), limit)  # type: ignore[attr-defined]
    records = index.events([r.rowid for r in ranked])  # type: ignore[attr-defined]
    return [records[r.rowid].id for r in ranked], total


@pytest.mark.parametrize(
    ("text", "first", "tier"),
    [
        ("A/RES/78/311", "ares-78-311", "symbol"),
        ("78/311", "ares-78-311", "symbol_fragment"),
        ("résolution 78/311", "ares-78-311", "symbol_fragment"),
        ("UNESCO Recommendation on the Ethics of AI", "unesco-recommendation-ethics-ai", "title_words"),
        ("LAWS", "ares-78-241-laws", "title_phrase"),
        ("intelligence artificielle", None, "title_phrase"),
    ],
)
def test_ranking_tiers(text: str, first: str | None, tier: str) -> None:
    found = find(open_index(None), text, Filters(), limit=20, lang="fr")
    if first is not None:
        assert found.hits[0].event.id == first
    assert found.hits[0].tier == tier
    assert found.hits[0].score >= TIER * TIER_NAMES.index(tier)


def test_scores_within_a_tier_differ_by_relevance() -> None:
    found = find(open_index(None), "intelligence artificielle", Filters(), limit=100, lang="fr")
    scores = [h.score for h in found.hits]
    assert scores == sorted(scores, reverse=True)
    top = [h.score for h in found.hits if h.tier == "title_phrase"]
    assert len(top) > 20
    assert len(set(top)) > len(top) * 3 // 4  # not all tied at the tier's base (49 rows were 10000.0)


def test_explain_shows_each_results_tier(run: Run) -> None:
    result = run("search", "78/311", "--explain", "--lang", "en", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "govai: Tier of each result: ares-78-311 (symbol fragment)" in result.stderr
    assert 'symbol fragment: {symbol} : ("78 311")' in result.stderr


def test_snippets_never_highlight_only_stop_words() -> None:
    found = find(open_index(None), "droits de l'homme", Filters(), limit=20, lang="fr")
    for hit in found.hits:
        assert hit.snippet is not None
        marked = {fold(hit.snippet.text[a:b]) for a, b in hit.snippet.spans}
        assert marked - STOP_WORDS, hit.snippet.text


# ---------------------------------------------------------------- what a search shows


def test_search_table_shows_where_it_matched(run: Run) -> None:
    result = run("search", "oeuvre", *data("--lang", "en"))
    assert result.exit_code == 0
    assert "facts" in result.stdout
    assert "Enhancing international" in result.stdout


def test_search_table_highlights_the_matched_words(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    result = run("search", "oeuvre", *data("--lang", "en"))
    assert result.exit_code == 0
    assert "\x1b[1;3mŒuvre\x1b[0m\x1b[2;3m commune" in result.stdout  # the word bold, the rest dim
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR")
    plain = run("search", "oeuvre", *data("--lang", "en")).stdout
    assert "facts: Œuvre commune" in plain
    assert "\x1b" not in plain


def test_search_explain_goes_to_stderr(run: Run) -> None:
    result = run("search", "Égalité des sexes", "--explain", *data("--format", "json", "--lang", "en"))
    assert result.exit_code == 0
    json.loads(result.stdout)
    assert "egalite des sexes" in result.stderr
    assert "gender-equality" in result.stderr


def test_search_default_limit_notes_the_rest(run: Run) -> None:
    result = run("search", "2024 OR droits OR capacités OR session", *data("--limit", "1", "--lang", "en"))
    assert result.exit_code == 0
    assert "showing 1 of" in result.stderr


# ---------------------------------------------------------------- queries that cannot hurt (D6.35-38)


def test_there_is_no_regex_option(run: Run) -> None:
    result = run("search", "--regex", "[", "x", "--data", str(GOOD), "--lang", "en")
    stderr = clean_error(result, 2, "no such option --regex.")
    assert stderr.endswith("Help: govai search --help\n")
    assert "regex" not in run("search", "--help").stdout.lower()


def test_a_catastrophic_regex_is_refused_at_once(tmp_path: Path) -> None:
    event_file(tmp_path, event(title="a" * 40))
    done = govai("search", "--regex", "^(a|a)*$", "--data", str(tmp_path), "--lang", "en", timeout=5)
    assert (done.returncode, done.stdout) == (2, b"")
    assert b"no such option --regex." in done.stderr


def test_regex_text_is_searched_as_words_in_linear_time(tmp_path: Path) -> None:
    event_file(tmp_path, event(title="a" * 40))
    event_file(tmp_path, event("y", title="a a"), "y.yaml")
    done = govai("search", "^(a|a)*$", "--data", str(tmp_path), "--format", "json", timeout=5)  # a hang fails
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in json.loads(done.stdout)] == ["y"]  # the phrase "a a", literally


@pytest.mark.parametrize("query", ["", "   ", '""'])
def test_empty_search_is_a_usage_error(run: Run, query: str) -> None:
    result = run("search", query, *data())
    assert result.exit_code == 2
    assert result.stdout == ""


def test_a_search_with_no_word_to_find_says_empty_search(run: Run) -> None:
    for query in ["", "   ", "\t\n", '""', "-", "« »", "OR"]:
        clean_error(run("search", query, "--data", str(GOOD), "--lang", "en"), 2, "empty search")


def test_a_huge_search_is_refused_at_once(run: Run) -> None:
    for query in ["a" * 100_000, "mot " * 25_000]:
        expected = "search text too long (100000 characters)"
        clean_error(run("search", query, "--data", str(GOOD), "--lang", "en"), 2, expected)


@pytest.mark.parametrize("query", ["[bold]x", "AND OR NOT", '"unclosed', "a*", "-", "col:on", "\x1b[2J"])
def test_search_with_syntax_characters_never_fails(run: Run, query: str) -> None:
    result = run("search", query, *data())
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout + result.stderr


def test_markup_and_escapes_in_a_query_are_echoed_literally(run: Run, tmp_path: Path) -> None:
    event_file(tmp_path, event(title='"Loi [bold]x[/bold]"'))  # no summary: a hit must still render
    result = run("search", "[bold]x", "--data", str(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "Loi [bold]x[/bold]" in result.stdout
    for query in ("[bold]zzz", "\x1b[2Jzzz"):
        result = run("search", query, "--data", str(tmp_path), "--lang", "en")
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        no_raw_escapes(result)
    assert "« [bold]zzz »" in run("search", "[bold]zzz", "--data", str(tmp_path)).stderr
    assert "« \\x1b[2Jzzz »" in run("search", "\x1b[2Jzzz", "--data", str(tmp_path)).stderr
    rows = json.loads(run("search", "[bold]x", "--data", str(tmp_path), "--format", "json").stdout)
    assert [r["id"] for r in rows] == ["x"]


# ---------------------------------------------------------------- what the reader meant


def _hit_ids(run: Run, *args: str) -> list[str]:
    result = run("search", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("unseco", "unesco-recommendation-ethics-ai"),  # a typo, corrected from the index's words
        ("chnia human rights council", "hrc56-joint-statement-ai-women"),
        ("when was the UNESCO Recommendation adopted", "unesco-recommendation-ethics-ai"),  # a question
        ("quand a été adoptée la recommandation de l'UNESCO", "unesco-recommendation-ethics-ai"),
    ],
)
def test_a_search_finds_what_the_reader_meant(run: Run, text: str, expected: str) -> None:
    assert expected in _hit_ids(run, text, "--limit", "50")


def test_the_caption_says_which_words_were_corrected(run: Run) -> None:
    english = run("search", "unseco", "--lang", "en", "--limit", "3")
    assert "corrected: unseco → unesco" in english.stdout
    french = run("search", "unseco", "--lang", "fr", "--format", "md", "--limit", "3")
    assert "corrigé : unseco → unesco" in french.stdout


def test_when_no_event_has_every_word_the_best_partial_matches_come_with_a_note(run: Run) -> None:
    result = run("search", "UNESCO zzzqqq", "--lang", "en", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)
    assert "no event has all these words" in result.stderr


def test_a_search_that_finds_something_keeps_its_words() -> None:
    """Other forms of the words widen a search; only a search that finds nothing is reread."""
    from govai_cli.understand import find

    index = open_index(None)
    for text in ("égalité des sexes", "de", "unesco recommendation"):
        exact = {h.event.id for h in search_module.search(index, text, Filters())[0]}
        found = find(index, text, Filters(), limit=500, lang="fr")
        assert exact <= {h.event.id for h in found.hits}, text
        assert (found.corrected, found.partial) == ((), False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("résolutions", "ares-78-311"),  # its text says « résolution »
        ("resolutions", "ares-78-311"),
        ("déclarations conjointes", "hrc53-joint-statement-ai-disability"),  # as the singular does
        ("armes létales autonomes", "ares-78-241-laws"),  # « systèmes d'armes létaux autonomes »
        ("summits", "paris-ai-action-summit"),
    ],
)
def test_plurals_and_agreement_match(run: Run, text: str, expected: str) -> None:
    assert expected in _hit_ids(run, text, "--limit", "100")


def test_the_exact_form_of_a_word_ranks_above_its_other_forms(run: Run) -> None:
    result = run("search", "résolutions", "--format", "json", "--limit", "100")
    rows = json.loads(result.stdout)
    by_tier: dict[int, list[bool]] = {}
    for row in rows:  # score: tier x 10000, + 5000 when the word is there as typed
        by_tier.setdefault(int(row["score"] // TIER), []).append(row["score"] % TIER >= 5000)
    assert any(exact[0] for exact in by_tier.values())
    for exact in by_tier.values():  # within a tier, every exact row before the first other form
        assert exact == sorted(exact, reverse=True)


def test_exact_is_exact(run: Run) -> None:
    assert _hit_ids(run, "unseco", "--exact") == []


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ('"droits de l\'homme"', "hrc57-beijing30-resolution"),
        ('"Conseil de l\'Europe"', "coe-framework-convention-adopted"),
        ('"Programme d\'action de Beijing"', "fwcw-beijing"),
        ('"droits de l’homme"', "hrc57-beijing30-resolution"),  # the typographic apostrophe
    ],
)
def test_quoted_french_phrases_with_an_elision_are_found(run: Run, phrase: str, expected: str) -> None:
    assert expected in _hit_ids(run, phrase, "--limit", "50")


# ---------------------------------------------------------------- actors' own facts


@pytest.mark.parametrize(
    ("text", "actor", "date"),
    [
        ("Fu Cong Conseil de sécurité", "fu-cong", "2024-05-29"),
        ("Security Council 29 May 2024", "fu-cong", "2024-05-29"),
        ("Chen Xu EPU", "chen-xu", "2024-01-23"),
        ("UPR Chen Xu", "chen-xu", "2024-01-23"),
    ],
)
def test_an_actors_dated_fact_is_a_search_row(run: Run, text: str, actor: str, date: str) -> None:
    result = run("search", text, "--format", "json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)[0]
    assert set(row) == HIT_KEYS  # the shape of every search row
    assert (row["id"], row["kind"], row["date"]) == (actor, "actor_fact", date)
    assert row["actors"] == [{"id": actor, "role": "subject"}]
    assert len(row["facts"]) == 1
    assert row["facts"][0]["source"] == "seed-cgtn-2024"


def test_actor_fact_rows_in_csv_and_table(run: Run) -> None:
    csv_out = run("search", "UPR Chen Xu", "--format", "csv", "--fields", "id,kind,date")
    assert csv_out.stdout.splitlines() == ["id,kind,date", "chen-xu,actor_fact,2024-01-23"]
    table = run("search", "UPR Chen Xu", "--lang", "en")
    assert "Chen Xu (actor fact)" in table.stdout
    assert "Universal Periodic Review" in table.stdout or "UPR" in table.stdout


def test_actor_facts_are_never_events(run: Run) -> None:
    timeline = json.loads(run("timeline", "--format", "json").stdout)
    assert "actor_fact" not in {row["kind"] for row in timeline}
    info = json.loads(run("info", "--format", "json").stdout)
    assert info["events"] == len(timeline)


def test_a_fact_without_a_date_in_its_text_is_no_search_row() -> None:
    assert date_in_text("Introduced a draft, adopted on 1 July 2024") == PartialDate(2024, 7, 1)
    assert date_in_text("le 23 janvier 2024") == PartialDate(2024, 1, 23)
    assert date_in_text("UNESDOC lists her as 'UNESCO. Director-General, 2017- (Azoulay, A.)'") is None
    assert date_in_text("from 9 to 24 November 2021, then 1 December 2021") is None  # two dates: which?


@given(
    st.lists(st.sampled_from(["ia", "iam", "l'ia", "é", "e\u0301", "_", " ", "-", "x", "1", "ia_"]), max_size=12),
    st.sets(st.sampled_from(["ia", "iam", "e", "x1", "1"]), max_size=3),
)
def test_a_field_matches_when_it_holds_a_wanted_word_whole(parts: list[str], wanted: set[str]) -> None:
    """The one-pattern test of a field (``_any_word``) agrees with splitting it into words."""
    column = "".join(parts)
    split = bool(wanted & set(search_module._WORDS.findall(column)))
    assert bool(search_module._any_word(wanted).search(column)) == split
