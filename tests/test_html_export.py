"""The HTML page: escaping, links and folding as plain tests, then the page itself in headless
Chromium (Debian's package, driven by Playwright) with every request and every script watched."""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import Browser, Dialog, Page, expect, sync_playwright

from govai_cli.dataset import load_dataset
from govai_cli.export import ExportInput
from govai_cli.export.html import fold_map, html_page
from govai_cli.export.html_text import bitext, esc, link, title_html
from govai_cli.export.lanes import LANES, lane_of
from govai_cli.export.sqlite import search_text
from govai_cli.files import dataset_version
from govai_cli.i18n import label
from govai_cli.model import MARKED_STATUSES, Dataset, Event, Origin, PartialDate, Text, Title, TitleForm
from govai_cli.textnorm import fold

from .conftest import GOOD, Run

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
# Skipped on a machine without Chromium, but never in CI (CI=true), where .ci/run installs it.
NO_BROWSER = not CHROMIUM.exists() and not os.environ.get("CI")
needs_browser = pytest.mark.skipif(
    NO_BROWSER, reason="no /usr/bin/chromium: install Debian's package (apt-get install -y chromium)"
)
HRC56 = "hrc56-joint-statement-ai-women"

# Every text of this dataset tries to run a script, load something or break out of its place.
HOSTILE = """\
events:
  - id: hostile
    date: 2024-05-02
    kind: summit
    body: evil-forum
    symbol: "</script><script>window.pwned = 'symbol'</script>"
    title:
      en: {text: "<script>window.pwned = 'title'</script><b>bold</b>", status: press}
      fr: {text: "<img src=x onerror=\\"window.pwned = 'img'\\">", status: translation}
    summary:
      en: "\\"><svg onload=\\"window.pwned = 'svg'\\"></svg> </style><style>body{display:none}</style>"
    location: {en: "<iframe src=\\"https://example.org/\\"></iframe>"}
    topics: [evil-topic]
    actors:
      - {id: evil-forum, role: host}
    facts:
      - text: {en: "<a href=\\"javascript:window.pwned = 'fact'\\">click</a>"}
        source: evil-js
        quote: "<script>window.pwned = 'quote'</script>"
    sources: [evil-js, evil-quote, evil-data, good-web]
    related: [other]
  - id: other
    date: 2024-06
    kind: meeting
    title: {en: "{{x}} ${x} `x` &amp; &lt;"}
actors:
  - {id: evil-forum, kind: organization, name: {en: "<script>window.pwned = 'actor'</script>"}}
sources:
  - {id: evil-js, title: "<script>window.pwned = 'source'</script>", url: "javascript:window.pwned = 'url'"}
  - {id: evil-quote, title: "quote", url: "https://example.org/\\" onmouseover=\\"window.pwned = 'attr'"}
  - {id: evil-data, description: "data", url: "data:text/html,<script>window.pwned = 'data'</script>"}
  - {id: good-web, description: "a web page", url: "https://example.org/page?a=1&b=<2>"}
topics:
  - {id: evil-topic, label: {en: "<style>*{color:red}</style>"}}
"""


# ---------------------------------------------------------------- without a browser


def test_escape_leaves_no_markup() -> None:
    assert esc("<b a='1' b=\"2\">&</b>") == "&lt;b a=&#x27;1&#x27; b=&quot;2&quot;&gt;&amp;&lt;/b&gt;"
    assert esc("a\x00b\x1bc\x85d\te") == "a\ufffdb\ufffdc\ufffdd\te"


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://www.un.org/fr/ga/78/resolutions.shtml", True),
        ("http://example.org", True),
        ("https://example.org/search?q=a&b=c#top", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.org/x", False),
        (" https://example.org", False),
        ('https://example.org/" onmouseover="alert(1)', False),
        ("https://example.org/<script>", False),
        ("https://exa mple.org", False),
        ("file:///etc/passwd", False),
        ("ftp://example.org", False),
    ],
)
def test_only_http_urls_become_links(url: str, linked: bool) -> None:
    out = link(url, "title")
    assert out.startswith("<a href=") is linked
    assert out.count("<") == 2  # <a …></a>, or <code …></code>: nothing from the URL
    if linked:
        assert out == f'<a href="{esc(url)}" rel="noopener noreferrer">title</a>'
        assert link(url) == f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(url)}</a>'
    else:
        assert out == f'title <code class="url">{esc(url)}</code>'
        assert link(url) == f'<code class="url">{esc(url)}</code>'


def test_fallbacks_and_title_status_are_marked_as_in_the_terminal() -> None:
    assert bitext(Text(fr="égalité", en="equality")) == ("<span lang=fr>égalité</span><span lang=en>equality</span>")
    assert bitext(Text(fr="ONU", en="ONU")) == "ONU"
    assert bitext(Text(en="only <English>")) == (
        '<span lang=fr><i lang=en>only &lt;English&gt;</i> <span class="fb">[en]</span></span>'
        "<span lang=en>only &lt;English&gt;</span>"
    )
    title = Title(fr=TitleForm("Titre", "translation"), en=TitleForm("Title", "official"))
    assert title_html(title, "x") == (
        '<span lang=fr>Titre <span class="status">[traduction]</span></span><span lang=en>Title</span>'
    )


def _event(event_id: str, kind: str, body: str | None) -> Event:
    return Event(event_id, PartialDate(2024), kind, Title(en=TitleForm("t")), Origin("x", 1), body=body)


def test_lanes_follow_the_forum_hierarchy() -> None:
    actors = load_dataset().dataset.actors_by_id
    assert lane_of(_event("a", "resolution", "hrc"), actors) == "un"  # hrc is part of the UN
    assert lane_of(_event("r", "recommendation", "unesco-general-conference"), actors) == "un"  # two levels up
    assert lane_of(_event("b", "law", "european-commission"), actors) == "eu"
    assert lane_of(_event("m", "meeting", "coe-committee-of-ministers"), actors) == "coe"
    assert lane_of(_event("c", "summit", None), actors) == "summits"
    assert lane_of(_event("d", "summit", "g7"), actors) == "g7g20"  # the body first
    assert lane_of(_event("e", "meeting", "someone-else"), actors) == "other"
    assert list(LANES)[-1] == "other"


# Characters of the kinds the data holds: Latin letters with accents (composed or not),
# ligatures, typographic apostrophes and spaces, a few other scripts.
_FOLD_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x24F),
    st.sampled_from("\u0301\u0300\u0308\u0327 \t\u00a0\u202f’ʼ‘´′œŒæÆﬁﬂİıßẞΣσς"),
    st.characters(categories=("L", "M", "N", "Zs")),
)


@given(st.text(_FOLD_ALPHABET, max_size=30))
def test_the_page_folds_as_textnorm_fold(text: str) -> None:
    """page.js maps each character through fold_map, splits on spaces, and matches words: the
    words it gets are those of textnorm.fold for the characters the map was made for."""
    table = fold_map(text)
    mapped = "".join(table.get(c, c) for c in text)
    assert [w for w in mapped.split(" ") if w] == [w for w in fold(text).split(" ") if w]


def test_fold_map_holds_what_a_reader_types() -> None:
    table = fold_map("")
    assert table["É"] == "e"
    assert table["œ"] == "oe"
    assert table["\u0301"] == ""
    assert table["\u2019"] == "'"
    assert table["\u00a0"] == " "
    assert table["ﬁ"] == "fi"
    assert "e" not in table


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_dataset().dataset


def bundled_page(dataset: Dataset, lang: str) -> str:
    return html_page(ExportInput(dataset, dataset.events, lang, dataset_version(None)))


def test_page_is_self_contained_and_its_csp_allows_only_its_own_style_and_script(bundled: Dataset) -> None:
    page = bundled_page(bundled, "fr")
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL)
    script = re.search(r"<script>(.*?)</script>", page, re.DOTALL)
    assert style
    assert script
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    hashes = f"style-src 'sha256-{digest(style.group(1))}'; script-src 'sha256-{digest(script.group(1))}'"
    assert csp.group(1) == f"default-src 'none'; {hashes}; img-src data:; base-uri 'none'; form-action 'none'"
    assert not re.search(r"<(link|img|iframe|object|embed|base)\b|\bsrc=|@import|url\(", page)
    assert page.count("<script") == 2  # the fold table (application/json) and the page's script
    assert f'<meta name="govai-content-hash" content="{bundled.content_hash}">' in page
    assert f'<meta name="govai-dataset-version" content="{dataset_version(None)}">' in page


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    (tmp_path / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    dataset = load_dataset([tmp_path / "hostile.yaml"]).dataset
    page = html_page(ExportInput(dataset, dataset.events, "en"))
    body = page.split("<body>", 1)[1]
    assert body.count("<script") == 2
    assert not re.search(r"<(img|iframe|svg onload|b>|style)", body)
    assert not re.search(r"(?i)=\s*[\"']?\s*javascript:", body)  # as text, never as a value
    assert not re.search(r'href="(?!https?://|#)', body)
    assert 'href="https://example.org/page?a=1&amp;b=&lt;2&gt;"' not in body  # < and > keep it from being a link
    assert "&lt;script&gt;window.pwned = &#x27;title&#x27;&lt;/script&gt;" in body
    assert "{{x}} ${x} `x` &amp;amp; &amp;lt;" in body
    assert '<meta name="govai-dataset-version" content="user data">' in page


def test_a_page_with_no_event_says_so(bundled: Dataset) -> None:
    page = html_page(ExportInput(bundled, (), "en", filters={"date_from": "2030"}))
    assert "No event matches." in page
    assert "<svg" not in page
    assert '<ol class="events"></ol>' in page


def test_export_writes_the_page_for_an_html_file_name(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "chronologie.html"
    result = run("export", "-o", str(target), "--data", str(GOOD), "--lang", "fr", "--from", "2024")
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="fr" data-lang="fr"')
    assert page.count('<article id="e-') == 3
    assert "Filtres de l&#x27;export : date_from = 2024" in page


# ---------------------------------------------------------------- in Chromium


@dataclass
class Opened:
    """A page in the browser, with what it did: requests, console lines, dialogs, errors."""

    page: Page
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# The page's CSP forbids eval, so waits go through expect(), never page.wait_for_function().
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if NO_BROWSER:
        pytest.skip(f"no {CHROMIUM}: install Debian's package (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(bundled: Dataset, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for lang in ("fr", "en"):
        out[lang] = folder / f"{lang}.html"
        out[lang].write_text(bundled_page(bundled, lang), encoding="utf-8")
    return out


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Any]:
    contexts = []

    def opener(path: Path, *, javascript: bool = True, width: int = 1280) -> Opened:
        context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)
        context.on("request", lambda request: opened.requests.append(request.url))
        page.on("console", lambda message: opened.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: opened.errors.append(str(error)))

        def dismiss(dialog: Dialog) -> None:
            opened.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dismiss)
        page.goto(path.as_uri())
        return opened

    yield opener
    for context in contexts:
        context.close()


def shown_ids(page: Page) -> list[str]:
    return list(page.eval_on_selector_all("li:not([hidden]) > article.event", "all => all.map(a => a.id.slice(2))"))


@needs_browser
def test_every_event_is_on_the_timeline_and_in_the_list(
    open_page: Any, pages: dict[str, Path], bundled: Dataset
) -> None:
    opened = open_page(pages["fr"])
    page = opened.page
    ids = [e.id for e in bundled.events]
    assert shown_ids(page) == ids  # in date order
    drawn = page.eval_on_selector_all(
        "a.mark",
        "all => all.filter(m => { const r = m.getBoundingClientRect(); return r.width > 0 && r.height > 0; })"
        ".map(m => m.id.slice(2))",
    )
    assert sorted(drawn) == sorted(ids)
    assert page.locator("#count").inner_text() == str(len(ids))
    assert (opened.errors, opened.console) == ([], [])


@needs_browser
def test_clicking_a_mark_shows_its_facts_and_sources(open_page: Any, pages: dict[str, Path], bundled: Dataset) -> None:
    page = open_page(pages["en"]).page
    event = bundled.events_by_id[HRC56]
    page.locator(f"#m-{HRC56}").click()
    assert page.evaluate("location.hash") == f"#e-{HRC56}"
    article = page.locator(f"#e-{HRC56}")
    assert page.evaluate("document.activeElement.id") == f"e-{HRC56}"
    facts = article.locator(".facts > li")
    assert facts.count() == len(event.facts)
    assert facts.first.is_visible()
    assert str(event.facts[0].text.en) in facts.first.inner_text()
    first_source = bundled.sources_by_id[event.sources[0]]
    link = article.locator(".sources a[href^='http']").first
    assert link.get_attribute("href") == first_source.url
    assert link.is_visible()
    # a fact's citation number leads to its source in the event's list
    cite = facts.first.locator("a.cite")
    number = cite.inner_text().strip("[]")
    target = article.locator(f"#e-{HRC56}-{number}")
    assert event.facts[0].source in target.inner_text()


@needs_browser
def test_hover_and_focus_show_the_date_and_title(open_page: Any, pages: dict[str, Path]) -> None:
    page = open_page(pages["fr"]).page
    tip = page.locator("#tip")
    page.locator(f"#m-{HRC56}").focus()
    assert tip.is_visible()
    assert tip.inner_text().startswith("1 juil. 2024 — Déclaration conjointe")
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    page.locator(f"#m-{HRC56}").hover()
    assert tip.is_visible()


@needs_browser
def test_search_folds_accents_case_and_ligatures(open_page: Any, pages: dict[str, Path], bundled: Dataset) -> None:
    page = open_page(pages["fr"]).page
    # « Égalité des sexes » is a topic's label; govai search's folded text of each event says which may match.
    tagged = {e.id for e in bundled.events if "gender-equality" in e.topics}
    may_match = {e.id for e in bundled.events if "egalite" in search_text(bundled, e)}
    results = {}
    for query in ("egalite", "ÉGALITÉ", "égalité", "e\u0301galite\u0301"):
        page.fill("#q", query)
        expect(page.locator("#count")).not_to_have_text(str(len(bundled.events)))
        results[query] = shown_ids(page)
    assert len({tuple(r) for r in results.values()}) == 1
    found = results["egalite"]
    assert tagged <= set(found) <= may_match
    assert 0 < len(found) < len(bundled.events)
    assert page.locator("#count").inner_text() == str(len(found))
    page.fill("#q", "mise en oeuvre")
    expect(page.locator("#count")).not_to_have_text(str(len(found)))
    for article in page.locator("li:not([hidden]) > article.event").all():
        text = str(article.text_content()).lower()  # not inner_text: articles off screen are not laid out
        assert "œuvre" in text or "oeuvre" in text
    hidden_marks = page.eval_on_selector_all("a.mark.off", "all => all.length")
    assert hidden_marks == len(bundled.events) - len(shown_ids(page))


@needs_browser
def test_language_switch_changes_the_texts(open_page: Any, pages: dict[str, Path], bundled: Dataset) -> None:
    page = open_page(pages["fr"]).page
    titles = bundled.events_by_id[HRC56].title
    assert titles.fr
    assert titles.en
    marks = {lang: f" [{label('status.' + form.status, lang)}]" if form.status in MARKED_STATUSES else ""
             for lang, form in (("fr", titles.fr), ("en", titles.en))}  # fmt: skip
    heading = page.locator("h1")
    title = page.locator(f"#h-{HRC56}")
    forum = page.locator(f"#e-{HRC56} .fields dt").first
    title.scroll_into_view_if_needed()
    # expect() waits: an article is laid out (and has an inner text) from the frame after it comes near the screen
    expect(title).to_have_text(titles.fr.text + marks["fr"], use_inner_text=True)
    expect(forum).to_have_text("Instance", use_inner_text=True)
    assert heading.inner_text() == "Gouvernance internationale de l'IA"
    assert page.locator("button[data-set-lang='fr']").get_attribute("aria-pressed") == "true"
    page.click("button[data-set-lang='en']")
    assert heading.inner_text() == "International AI governance"
    title.scroll_into_view_if_needed()
    expect(title).to_have_text(titles.en.text + marks["en"], use_inner_text=True)
    expect(forum).to_have_text("Forum", use_inner_text=True)
    assert page.evaluate("[document.documentElement.lang, document.title]") == ["en", "International AI governance"]
    assert page.locator("button[data-set-lang='en']").get_attribute("aria-pressed") == "true"
    page.click("button[data-set-lang='fr']")
    title.scroll_into_view_if_needed()
    expect(title).to_have_text(titles.fr.text + marks["fr"], use_inner_text=True)


@needs_browser
def test_filters_and_year_range(open_page: Any, pages: dict[str, Path], bundled: Dataset) -> None:
    page = open_page(pages["en"]).page
    page.click("#f-kind")
    page.check("input[name='kind'][value='summit']")
    expect(page.locator("#count")).not_to_have_text(str(len(bundled.events)))
    assert shown_ids(page) == [e.id for e in bundled.events if e.kind == "summit"]
    page.click("button[type='reset']")
    expect(page.locator("#count")).to_have_text(str(len(bundled.events)))
    page.evaluate(
        "() => { const f = document.querySelector('#controls'); f.from.value = 2024; f.to.value = 2024;"
        " f.to.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    expect(page.locator("#count")).not_to_have_text(str(len(bundled.events)))
    in_2024 = [e.id for e in bundled.events if e.date.year <= 2024 <= e.end.year]
    assert shown_ids(page) == in_2024
    labels = page.eval_on_selector_all(".tick:not(.off) text:not(.minor)", "all => all.map(t => t.textContent)")
    assert labels == ["2024"]


@needs_browser
def test_no_request_leaves_the_page(open_page: Any, pages: dict[str, Path]) -> None:
    opened = open_page(pages["fr"])
    page = opened.page
    page.fill("#q", "femmes")
    page.click("button[data-set-lang='en']")
    page.locator(f"#m-{HRC56}").hover()
    page.locator(f"#m-{HRC56}").click()
    page.emulate_media(media="print")
    page.wait_for_timeout(200)
    assert opened.requests == [pages["fr"].as_uri()]
    assert (opened.errors, opened.console) == ([], [])


@needs_browser
def test_a_hostile_dataset_runs_no_script(run: Run, open_page: Any, tmp_path: Path) -> None:
    data = tmp_path / "hostile.yaml"
    data.write_text(HOSTILE, encoding="utf-8")
    target = tmp_path / "hostile.html"
    result = run("export", "-o", str(target), "--data", str(data), "--lang", "en")
    assert result.exit_code == 0, result.output
    opened = open_page(target)
    page = opened.page
    for mark in page.locator("a.mark").all():
        mark.hover()
    page.click("button[data-set-lang='fr']")
    page.fill("#q", "script")
    page.locator("#m-hostile").click()
    for selector in ("#e-hostile .sources li code", "#e-hostile .facts li"):
        page.locator(selector).first.click()
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned") is None
    assert (opened.dialogs, opened.errors, opened.console) == ([], [], [])
    assert opened.requests == [target.as_uri()]
    assert page.locator("script").count() == 2
    assert page.locator("img, iframe, #e-hostile b, #e-hostile svg, #e-hostile style").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "all => all.map(a => a.getAttribute('href'))")
    assert all(h.startswith(("#", "https://")) for h in hrefs)
    assert page.locator("#h-hostile").inner_text().startswith("<img src=x onerror=")
    assert page.locator("body").is_visible()


@needs_browser
def test_the_page_works_without_javascript(open_page: Any, pages: dict[str, Path], bundled: Dataset) -> None:
    opened = open_page(pages["fr"], javascript=False)
    page = opened.page
    articles = page.locator("article.event")
    assert articles.count() == len(bundled.events)
    assert all(a.is_visible() for a in articles.all()[:5])
    assert not page.locator("#controls").is_visible()
    assert not page.locator(".langs").is_visible()
    assert page.locator(f"#e-{HRC56} .facts > li").first.is_visible()
    assert page.locator(f"#e-{HRC56} .sources a[href^='https://']").count() > 0
    assert page.locator("#bibliography li").count() > 0
    assert page.locator(f"#h-{HRC56} > span[lang=en]").is_hidden()  # one language at a time, by CSS alone
    page.locator(f"#m-{HRC56}").click()  # a plain link
    assert page.evaluate("location.hash") == f"#e-{HRC56}"
    assert opened.requests == [pages["fr"].as_uri()]


@needs_browser
def test_keyboard_and_phone_width(open_page: Any, pages: dict[str, Path]) -> None:
    page = open_page(pages["en"], width=375).page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#events"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # nothing wider than the phone but the timeline, which scrolls in its box
