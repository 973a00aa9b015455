"""Filters and lookups over the records: date ranges by the overlap rule, forum, actor, topic,
kind and country filters (with "did you mean"), actors, show by id, and info's summary.

Bad-input checklist item D5.33 (map: tests/README.md).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from govai_cli.countries import resolve_country
from govai_cli.errors import UsageError

from .conftest import GOOD, Run
from .helpers import ACTOR_KEYS, data, event, event_file

# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2024-07", "2024-07", ["session-span", "resolution", "statement"]),
        ("juillet 2024", "July 2024", ["session-span", "resolution", "statement"]),
        ("2024-07-02", None, ["session-span"]),  # the session ran until 12 July
        (None, "2023", ["dialogue", "initiative"]),
        ("2023-10-15", "2023-10-15", ["initiative"]),  # a month-precision event covers the whole month
        ("1er juin 2020", "15 June 2020", ["dialogue"]),
    ],
)
def test_date_range_follows_the_overlap_rule(run: Run, start: str | None, end: str | None, expected: list[str]) -> None:
    args = ["timeline", *data("--format", "json")]
    if start:
        args += ["--from", start]
    if end:
        args += ["--to", end]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == expected


def test_partial_dates_overlap_and_sort_less_precise_first(run: Run, tmp_path: Path) -> None:
    for date in ("2024-06-14", "2024-06-15", "2024-06", "2024", "2024-01-01", "2024-01", "2023"):
        event_file(tmp_path, event(f"e{date}", date=date), f"{date}.yaml")

    def dates(*args: str) -> list[str]:
        result = run("timeline", "--data", str(tmp_path), "--format", "json", *args)
        return [r["date"] for r in json.loads(result.stdout)]

    assert dates() == ["2023", "2024", "2024-01", "2024-01-01", "2024-06", "2024-06-14", "2024-06-15"]
    assert dates("--from", "2024-06-15") == ["2024", "2024-06", "2024-06-15"]  # periods that overlap the range
    assert dates("--to", "2024-01-01") == ["2023", "2024", "2024-01", "2024-01-01"]


def test_empty_result_is_success_with_a_note(run: Run) -> None:
    result = run("timeline", *data("--from", "1990", "--to", "1991", "--format", "json"))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "No event" in result.stderr or "Aucun" in result.stderr


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--body", "CDH", ["session-span", "statement"]),
        ("--body", "Human Rights Council", ["session-span", "statement"]),
        ("--actor", "Fu Cong", ["resolution"]),
        ("--topic", "égalité des sexes", ["statement"]),
        ("--kind", "resolution", ["resolution"]),
        ("--country", "France", ["dialogue"]),
    ],
)
def test_filters(run: Run, option: str, value: str, expected: list[str]) -> None:
    result = run("timeline", *data(option, value, "--format", "json"))
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == expected


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [("--body", "CDHH", "CDH"), ("--kind", "resolutoin", "resolution"), ("--topic", "genderequality", "gender")],
)
def test_unknown_filter_values_suggest(run: Run, option: str, value: str, hint: str) -> None:
    result = run("timeline", *data(option, value, "--lang", "en"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Did you mean" in result.stderr
    assert hint in result.stderr


def test_limit(run: Run) -> None:
    result = run("timeline", *data("--limit", "2", "--format", "json"))
    assert len(json.loads(result.stdout)) == 2


# ---------------------------------------------------------------- actors


@pytest.mark.parametrize("country", ["Chine", "China", "CN", "CHN", "chine", "CHINE", "chn"])
def test_actors_by_country_in_any_form(run: Run, country: str) -> None:
    result = run("actors", *data("--country", country, "--format", "json"))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["chen-xu", "fu-cong", "china"]
    for row in rows:
        assert set(row) == ACTOR_KEYS | {"events"}


def test_unknown_country_is_a_usage_error_with_a_suggestion(run: Run) -> None:
    result = run("actors", *data("--country", "Chinee", "--lang", "en"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Did you mean" in result.stderr


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Ivory Coast", "CI"), ("Côte d'Ivoire", "CI"), ("cote d ivoire", "CI"), ("Turkey", "TR"), ("Türkiye", "TR"),
        ("Turquie", "TR"), ("South Korea", "KR"), ("Corée du Nord", "KP"), ("Russia", "RU"), ("Viêt Nam", "VN"),
    ],
)  # fmt: skip
def test_countries_by_their_common_names(name: str, code: str) -> None:
    assert resolve_country(name) == code


@pytest.mark.parametrize("command", ["timeline", "actors"])
@pytest.mark.parametrize("name", ["Ivory Coast", "Côte d'Ivoire", "Turkey", "Türkiye", "Turquie"])
def test_timeline_and_actors_take_common_country_names(run: Run, command: str, name: str) -> None:
    result = run(command, "--country", name, "--format", "json")  # the bundled data
    assert result.exit_code != 2, result.output  # the name is understood (never a usage error)
    if "Ivo" in name:  # the bundled data has an Ivorian actor, no Turkish one
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)


@pytest.mark.parametrize("name", ["Korea", "Corée", "korea"])
def test_korea_alone_asks_which_when_the_data_has_both(run: Run, name: str) -> None:
    result = run("actors", "--country", name, "--lang", "en")  # the bundled data has KR and KP
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "names two countries" in result.stderr
    assert "KR (Corée du Sud, South Korea)" in result.stderr
    assert "KP (Corée du Nord, North Korea)" in result.stderr


def test_korea_alone_means_the_one_korea_the_data_knows() -> None:
    assert resolve_country("Korea", {"republique de coree": "KR"}) == "KR"
    assert resolve_country("Corée", {"rpdc": "KP"}) == "KP"
    with pytest.raises(UsageError):
        resolve_country("Korea")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--body", "CDH"), {"chen-xu": 1, "hrc": 2}),
        (("--kind", "resolution"), {"fu-cong": 1, "china": 1, "unga": 1}),
        (("--topic", "capacity-building", "--kind", "person"), {"fu-cong": 1}),
        (("--country", "CN", "--from", "2024"), {"chen-xu": 1, "fu-cong": 1, "china": 1}),
        (("--actor", "Fu Cong"), {"fu-cong": 1, "china": 1, "unga": 1}),
        (("--from", "2023", "--to", "2023"), {"china": 1}),
        (("--country", "FR"), {"france": 1}),
    ],
)
def test_actors_filters_combine(run: Run, args: tuple[str, ...], expected: dict[str, int]) -> None:
    result = run("actors", *data("--format", "json", *args))
    assert result.exit_code == 0, result.output
    assert {r["id"]: r["events"] for r in json.loads(result.stdout)} == expected


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("--kind", "persn"), "“person”"),
        (("--kind", "resolutoin"), "“resolution”"),
        (("--body", "CDHH"), "CDH"),
        (("--topic", "genderequality"), "gender"),
        (("--actor", "Fu Kong"), "Fu Cong"),
        (("--country", "Chinee"), "chine"),
    ],
)
def test_actors_filter_values_suggest(run: Run, args: tuple[str, ...], hint: str) -> None:
    result = run("actors", *data(*args, "--lang", "en"))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Did you mean" in result.stderr
    assert hint in result.stderr


# ---------------------------------------------------------------- lookups and summaries


def test_show_unknown_id_exits_4_with_a_suggestion(run: Run) -> None:
    result = run("show", "resolutoin", *data("--lang", "en"))
    assert result.exit_code == 4
    assert result.stdout == ""
    assert "“resolution”" in result.stderr


def test_info_counts_the_fixture(run: Run) -> None:
    result = run("info", *data("--format", "json"))
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["events"] == 5
    assert info["first"] == "2020-06-15"
    assert info["last"] == "2024-07-12"
    assert info["events_by_year"] == {"2020": 1, "2023": 1, "2024": 3}
    assert info["title_status"]["fr"] == {"official": 2, "press": 2, "translation": 1}
    assert len(info["content_hash"]) == 64
    assert info["version"] is None  # user data has no dataset version


def test_info_hash_changes_exactly_when_data_changes(run: Run, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(GOOD, copy)
    first = json.loads(run("info", "--data", str(copy), "--format", "json").stdout)["content_hash"]
    assert json.loads(run("info", "--data", str(GOOD), "--format", "json").stdout)["content_hash"] == first
    (copy / "topics.yaml").write_text((copy / "topics.yaml").read_text() + "\n", encoding="utf-8")
    assert json.loads(run("info", "--data", str(copy), "--format", "json").stdout)["content_hash"] != first


# ---------------------------------------------------------------- the forum hierarchy


def _ids(run: Run, *args: str) -> list[str]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


@pytest.mark.parametrize("name", ["UN", "ONU", "Nations Unies"])
def test_body_un_takes_in_every_part_of_the_un(run: Run, name: str) -> None:
    found = _ids(run, "timeline", "--body", name, "--from", "2024", "--to", "2024")
    assert len(found) >= 10
    assert {"ares-78-311", "hrc56-joint-statement-ai-women", "unsc-9821-ai"} <= set(found)
    assert _ids(run, "timeline", "--body", name, "--from", "2024", "--to", "2024", "--body-only") == []


def test_the_caption_says_a_forum_stands_with_its_bodies(run: Run) -> None:
    french = run("timeline", "--body", "UN", "--from", "2024", "--to", "2024", "--lang", "fr")
    assert "instance : ONU et ses organes" in french.stdout
    english = run("timeline", "--body", "unga", "--from", "2024", "--to", "2024", "--lang", "en")
    assert "forum: UNGA ·" in english.stdout  # a forum with no parts is itself alone


@pytest.mark.parametrize(
    ("body", "event_id"),
    [
        ("UNESCO", "unesco-recommendation-ethics-ai"),  # filed under the UNESCO General Conference
        ("Council of Europe", "coe-framework-convention-adopted"),  # under the Committee of Ministers
        ("European Union", "council-adopts-ai-act"),  # under the Council of the EU
    ],
)
def test_a_forum_finds_the_events_of_its_parts(run: Run, body: str, event_id: str) -> None:
    assert event_id in _ids(run, "timeline", "--body", body)
    assert event_id not in _ids(run, "timeline", "--body", body, "--body-only")


def test_search_and_actors_follow_the_hierarchy(run: Run) -> None:
    hits = _ids(run, "search", "femmes", "--body", "ONU")
    assert "hrc56-joint-statement-ai-women" in hits
    assert "hrc56-joint-statement-ai-women" not in _ids(run, "search", "femmes", "--body", "ONU", "--body-only")
    states = _ids(run, "actors", "--body", "UN", "--kind", "state")
    assert "china" in states


def test_a_loop_of_forums_in_user_data_ends(tmp_path: Path) -> None:
    from govai_cli.dataset import load_dataset
    from govai_cli.query import parts_of

    (tmp_path / "actors.yaml").write_text(
        "- {id: a, kind: organization, name: {en: A}, part_of: b}\n"
        "- {id: b, kind: organization, name: {en: B}, part_of: a}\n",
        encoding="utf-8",
    )
    dataset = load_dataset([tmp_path]).dataset
    assert parts_of(dataset, "a") == ("a", "b")


# ---------------------------------------------------------------- lookups and names


@pytest.mark.parametrize(
    ("asked", "record_id"),
    [
        ("A/RES/78/311", "ares-78-311"),  # a document symbol
        ("78/311", "ares-78-311"),  # its session/number fragment
        ("a/res/78/311", "ares-78-311"),
        ("Fu Cong", "fu-cong"),  # an actor's name
        ("Macron", "emmanuel-macron"),  # a person's surname
        ("UNESCO", "unesco"),  # a forum's name
        ("ONU", "un"),  # an alias
    ],
)
def test_show_finds_a_record_by_symbol_or_name(run: Run, asked: str, record_id: str) -> None:
    result = run("show", asked, "--format", "json", "--fields", "id")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"id": record_id}


def test_show_lists_the_records_a_name_could_mean(run: Run) -> None:
    result = run("show", "CETS No. 225", "--lang", "en")
    assert result.exit_code == 2
    assert "names several records: coe-convention-opened-for-signature, coe-framework-convention-adopted" in (
        result.stderr
    )


def test_an_unknown_id_suggests_the_ids_it_begins(run: Run) -> None:
    result = run("show", "hrc56", "--lang", "en")
    assert result.exit_code == 4
    assert "Did you mean “hrc56-joint-statement-ai-women”?" in result.stderr


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--kind", "traité", "coe-framework-convention-adopted"),  # kinds as info prints them in French
        ("--kind", "déclaration conjointe", "hrc56-joint-statement-ai-women"),
        ("--topic", "éthique", "unesco-recommendation-ethics-ai"),  # a word of one topic's label
        ("--actor", "Macron", "paris-ai-action-summit"),  # a surname
    ],
)
def test_filters_take_names_as_a_reader_writes_them(run: Run, option: str, value: str, expected: str) -> None:
    assert expected in _ids(run, "timeline", option, value)
