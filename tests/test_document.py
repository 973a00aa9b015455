"""`govai show --format md`: a Markdown document (heading, fields, facts with numbered citations,
numbered sources), read back by a CommonMark parser (markdown-it-py) as a reader's renderer would."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from govai_cli.output.document import block, inline

from .conftest import GOOD, Run

RESOLUTION_EN = """\
# Enhancing international cooperation on capacity-building of artificial intelligence

- **Date:** Jul 1, 2024 (2024-07-01)
- **Kind:** resolution
- **Forum:** United Nations General Assembly
- **Session:** 78
- **Symbol:** A/RES/78/311
- **Title (fr):** Renforcement de la coopération internationale (translation)
- **Title (en):** Enhancing international cooperation on capacity-building of artificial intelligence (official)
- **Verification:** verified
- **Topics:** Capacity-building
- **Id:** `resolution`

The Assembly adopts without a vote a resolution on AI capacity-building.

## Actors

- China — sponsor (`china`)
- Fu Cong — presenter (`fu-cong`)

## Facts

- Adopted without a vote [1]
- A joint work [2]
  > “la mise en œuvre de l’Agenda 2030”

## Sources

"""
RESOLUTION_EN += (
    "1. *Fixture official record*. United Nations, Jul 1, 2024 (en). "
    "<https://press.un.org/en/2024/ga12612.doc.htm> (`fixture-official`)\n"
    "2. \\[A fixture news article\\]. Fixture Press, Jul 2024 (fr). (`fixture-news`)\n"
)


def render(text: str) -> str:
    """HTML as GitHub would draw it: CommonMark with tables."""
    return str(MarkdownIt("commonmark").enable("table").render(text))


def show_md(run: Run, record: str, *args: str) -> str:
    result = run("show", record, "--format", "md", *args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_an_event_is_a_document(run: Run) -> None:
    text = show_md(run, "resolution", "--data", str(GOOD), "--lang", "en")
    assert text == RESOLUTION_EN
    html = render(text)
    assert html.count("<h1>") == 1
    assert "<h2>Facts</h2>" in html
    assert "<h2>Sources</h2>" in html
    assert html.count("<ol>") == 1  # the sources, numbered as the facts cite them
    assert "<blockquote>" in html  # the quote, inside its fact's item
    assert '<a href="https://press.un.org/en/2024/ga12612.doc.htm">' in html
    assert "<table>" not in html
    assert "<br" not in text


def test_labels_follow_the_language(run: Run) -> None:
    text = show_md(run, "resolution", "--data", str(GOOD), "--lang", "fr")
    assert text.startswith("# Renforcement de la coopération internationale \\[traduction\\]\n")
    assert "- **Date :** 1 juil. 2024 (2024-07-01)\n" in text
    assert "- **Instance :** Assemblée générale des Nations Unies\n" in text
    assert "\n## Faits\n\n- Adoptée sans vote [1]\n" in text
    assert "\n## Sources\n\n1. *Fixture official record*. United Nations, 1 juil. 2024 (en)." in text


@pytest.mark.parametrize(
    ("record", "heading", "section"),
    [
        ("fu-cong", "# Fu Cong", "## Roles"),
        ("fixture-news", "# A fixture news article", "## Events (5)"),
        ("gender-equality", "# Gender equality", "## Events (1)"),
    ],
)
def test_actors_sources_and_topics_are_documents_too(run: Run, record: str, heading: str, section: str) -> None:
    text = show_md(run, record, "--data", str(GOOD), "--lang", "en")
    assert text.splitlines()[0] == heading
    assert f"\n{section}\n" in text
    assert f"- **Id:** `{record}`" in text
    assert "<h1>" in render(text)


def test_an_actor_cites_its_sources_by_number(run: Run) -> None:
    text = show_md(run, "fu-cong", "--data", str(GOOD), "--lang", "en")
    assert "- Permanent Representative of China to the United Nations — United Nations General Assembly [1]" in text
    assert text.endswith(
        "\n## Sources\n\n1. \\[A fixture news article\\]. Fixture Press, Jul 2024 (fr). (`fixture-news`)\n"
    )


def test_fields_keep_the_one_row_table(run: Run) -> None:
    text = show_md(run, "resolution", "--data", str(GOOD), "--lang", "en", "--fields", "id,symbol")
    assert text == "Event resolution\n\n| Id | Symbol |\n| --- | --- |\n| resolution | A/RES/78/311 |\n"


HOSTILE = """\
sources:
  - id: odd-source
    description: "a | b * c"
    url: "javascript:alert(1)"
events:
  - id: odd
    date: 2024-05
    kind: other
    title: {en: "A | B *bold* [link](http://x.org) <b>x</b> # h ~~s~~ &amp;"}
    summary: {en: "1. not a list\\nsecond line"}
    facts:
      - text: {en: "- not a bullet"}
        source: odd-source
        quote: "> not a quote | `code`"
    sources: [odd-source]
"""


def test_data_text_never_turns_into_markup(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "odd.yaml"
    data.write_text(HOSTILE, encoding="utf-8")
    text = show_md(run, "odd", "--data", str(data), "--lang", "en")
    html = render(text)
    assert "<h1>A | B *bold* [link](http://x.org) &lt;b&gt;x&lt;/b&gt; # h ~~s~~ &amp;amp;</h1>" in html
    for markup in ("<strong>bold", "<em>", '<a href="http://x.org"', "<b>", "<table>", "<del>", "<code>code"):
        assert markup not in html
    assert "<p>1. not a list second line</p>" in html  # one paragraph, not a list, no line break
    assert "<li>- not a bullet [1]" in html
    assert "<blockquote>\n<p>“&gt; not a quote | `code`”</p>" in html
    assert "c]. javascript:alert(1) (<code>odd-source</code>)" in html  # text, never a link
    assert 'href="javascript' not in html


def test_inline_and_block_escapes() -> None:
    assert inline("a\nb\r\n c\tc") == "a b c c"
    assert inline("x|y*z_") == "x\\|y\\*z\\_"
    assert block("12. x") == "12\\. x"
    assert block("+ x") == "\\+ x"
    assert block("> x") == "\\> x"  # escaped by inline already, not twice
    assert block("2024 was") == "2024 was"
