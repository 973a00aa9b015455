"""HTML text for the page: escaping, links, both languages, fallback and status marks."""

from __future__ import annotations

import functools
import html

from govai_cli.i18n import KIND_LABELS, LABELS, ROLE_LABELS, label
from govai_cli.model import MARKED_STATUSES, Text, Title
from govai_cli.textnorm import CONTROL, WEB_URL


def esc(text: str) -> str:
    """``text`` as HTML text or attribute value: nothing in it can open a tag or end an attribute."""
    return html.escape(CONTROL.sub("\ufffd", text), quote=True)  # controls are not HTML text


def link(url: str, text: str = "") -> str:
    """``text`` (HTML; the address itself if empty) linking to ``url`` when it is an http(s) URL;
    otherwise the text, then the address shown as code, not a link."""
    shown = esc(url)
    if WEB_URL.fullmatch(url):
        return f'<a href="{shown}" rel="noopener noreferrer">{text or shown}</a>'
    code = f'<code class="url">{shown}</code>'
    return f"{text} {code}" if text else code


def both(fr: str, en: str, tag: str = "span") -> str:
    """HTML shown in one language at a time: the page's CSS hides the ``span`` (or SVG ``tspan``)
    whose ``lang`` is not the page's. Once, with no span, when both are the same."""
    if fr == en:
        return fr
    return f"<{tag} lang=fr>{fr}</{tag}><{tag} lang=en>{en}</{tag}>"


@functools.cache
def lbl(key: str, table: str = "", tag: str = "span") -> str:
    """A label of i18n in both languages; ``table``: ``kind`` or ``role`` for those tables."""
    labels = _TABLES[table]
    return both(esc(label(key, "fr", labels)), esc(label(key, "en", labels)), tag)


_TABLES = {"": LABELS, "kind": KIND_LABELS, "role": ROLE_LABELS}


def _fallback(text: str, used: str, lang: str) -> str:
    """Text in the other language (``<i>``: an alternate voice), marked ``[en]`` / ``[fr]`` as in the terminal."""
    if used == lang:
        return esc(text)
    return f'<i lang={used}>{esc(text)}</i> <span class="fb">[{used}]</span>'


def bitext(text: Text | None) -> str:
    def one(lang: str) -> str:
        got = text.get(lang) if text else None
        return _fallback(*got, lang) if got else ""

    return both(one("fr"), one("en"))


def title_html(title: Title, event_id: str) -> str:
    """The title in each language, with its fallback and status marks (as ``render._title``)."""

    def one(lang: str) -> str:
        got = title.form(lang)
        if got is None:
            return esc(event_id)
        form, used = got
        out = _fallback(form.text, used, lang)
        if form.status in MARKED_STATUSES:
            out += f' <span class="status">[{esc(label("status." + form.status, lang))}]</span>'
        return out

    return both(one("fr"), one("en"))
