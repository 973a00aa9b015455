"""Country names and codes in French and English, resolved to ISO 3166 alpha-2.

pycountry gives the ISO 3166 names and their French translation; it lacks some names people
use. ``COMMON_NAMES`` adds those: the English and French names of the Unicode CLDR (read from
Babel 2.18's ``Locale("en").territories`` and ``Locale("fr").territories``) where ISO differs,
and CLDR's English "alt-variant" names (Turkey, Ivory Coast). Babel itself is not a
dependency: it weighs 33 MB, loads in ~0.25 s, and still lacks the alt-variant names.
A name shared by two countries (``Korea``, ``Corée``) is ``AMBIGUOUS``: it means the one of
the two that the dataset knows, and when the dataset knows both the user is asked which.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable
from functools import cache

from .errors import UsageError
from .textnorm import close_matches, fold

COMMON_NAMES = {
    # CLDR English names
    "South Korea": "KR", "North Korea": "KP", "Russia": "RU", "Syria": "SY", "Vietnam": "VN", "Laos": "LA",
    "Iran": "IR", "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ", "Moldova": "MD", "Micronesia": "FM",
    "Taiwan": "TW", "Vatican City": "VA", "Palestinian Territories": "PS", "Czechia": "CZ", "Eswatini": "SZ",
    "North Macedonia": "MK", "Congo - Kinshasa": "CD", "Congo - Brazzaville": "CG", "United States": "US",
    "United Kingdom": "GB",
    # CLDR English alt-variant names
    "Turkey": "TR", "Ivory Coast": "CI",
    # CLDR French names
    "Corée du Sud": "KR", "Corée du Nord": "KP", "Turquie": "TR", "Côte d’Ivoire": "CI", "Russie": "RU",
    "Syrie": "SY", "Viêt Nam": "VN", "Bolivie": "BO", "Tanzanie": "TZ", "Moldavie": "MD",
    "Micronésie": "FM", "Taïwan": "TW", "État de la Cité du Vatican": "VA", "Territoires palestiniens": "PS",
    "Tchéquie": "CZ", "Macédoine du Nord": "MK", "Congo-Kinshasa": "CD", "Congo-Brazzaville": "CG",
    "États-Unis": "US", "Royaume-Uni": "GB", "Chine": "CN",
}  # fmt: skip
AMBIGUOUS = {"Korea": ("KR", "KP"), "Corée": ("KR", "KP")}
# Compiled on first use (by re's own cache), not on every start
_APART = r"[\s'’-]+"


def _key(name: str) -> str:
    """A name as compared: folded, apostrophes and hyphens as spaces (cote d ivoire, Côte d'Ivoire)."""
    return " ".join(re.split(_APART, fold(name))).strip()


@cache
def _french() -> gettext.NullTranslations:
    import pycountry  # ~60 ms: only when a country is named or shown

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:  # pragma: no cover - pycountry always ships its French catalogue
        return gettext.NullTranslations()


def _inverted(name: str) -> Iterable[str]:
    """'Korea, Republic of' → also 'Republic of Korea'."""
    yield name
    if ", " in name:
        head, _, tail = name.partition(", ")
        yield f"{tail} {head}"


@cache
def _index() -> dict[str, str]:
    import pycountry  # imported only when a country is asked for: it costs ~60 ms

    fr = _french()
    index: dict[str, str] = {}
    heads: dict[str, set[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        names = [country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)]
        for name in filter(None, names):
            for form in (name, fr.gettext(name)):
                for variant in _inverted(form):
                    index.setdefault(_key(variant), code)
                # "Russie, Fédération de" → "Russie", unless two countries share the head (Congo, Korea)
                heads.setdefault(_key(form.partition(", ")[0]), set()).add(code)
        index[_key(code)] = code
        index[_key(country.alpha_3)] = code
    for head, codes in heads.items():
        if len(codes) == 1:
            index.setdefault(head, next(iter(codes)))
    for name, code in COMMON_NAMES.items():
        index.setdefault(_key(name), code)
    return index


def resolve_country(text: str, extra: dict[str, str] | None = None) -> str:
    """``Chine``, ``China``, ``CN``, ``CHN`` (any case, accents optional) → ``CN``.

    ``extra`` adds names known to the dataset (folded name → code), such as aliases of states.
    """
    key = _key(text)
    index = _index()
    if extra:
        index = {**index, **{_key(name): code for name, code in extra.items()}}
    if key in index:
        return index[key]
    shared = next((codes for name, codes in AMBIGUOUS.items() if _key(name) == key), None)
    if shared is not None:
        known = [code for code in shared if code in set((extra or {}).values())]
        if len(known) == 1:
            return known[0]
        choices = " ; ".join(f"{code} ({country_name(code, 'fr')}, {country_name(code, 'en')})" for code in shared)
        raise UsageError.of("ambiguous.country", text=text, choices=choices)
    close = close_matches(key, [k for k in index if len(k) > 3])
    raise UsageError.of("unknown.country", text=text, suggestions=close)


def country_name(code: str, lang: str) -> str:
    """The ISO 3166 name of ``code`` in ``lang`` (its common name when it has one); else the code."""
    import pycountry  # ~60 ms: only when a country is named or shown

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = str(getattr(country, "common_name", None) or country.name)
    return _french().gettext(name) if lang == "fr" else name
