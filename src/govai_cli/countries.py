"""Country names and codes in French and English, resolved to ISO 3166 alpha-2."""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from functools import cache

from .errors import UsageError
from .textnorm import close_matches, fold


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
                    index.setdefault(fold(variant), code)
                # "Russie, Fédération de" → "Russie", unless two countries share the head (Congo, Korea)
                heads.setdefault(fold(form.partition(", ")[0]), set()).add(code)
        index[fold(code)] = code
        index[fold(country.alpha_3)] = code
    for head, codes in heads.items():
        if len(codes) == 1:
            index.setdefault(head, next(iter(codes)))
    return index


def resolve_country(text: str, extra: dict[str, str] | None = None) -> str:
    """``Chine``, ``China``, ``CN``, ``CHN`` (any case, accents optional) → ``CN``.

    ``extra`` adds names known to the dataset (folded name → code), such as aliases of states.
    """
    key = fold(text)
    index = _index()
    if extra:
        index = {**index, **extra}
    if key in index:
        return index[key]
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
