"""The relevance set (tests/relevance.py) on the bundled data: every case must hold (100%)."""

from __future__ import annotations

import pytest

from govai_cli.cache import Index, open_index
from govai_cli.model import Filters
from govai_cli.understand import find

from .relevance import CASES, Case


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    """One index of the bundled data for every case (each test has its own cache folder)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVAI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        return open_index(None)


@pytest.mark.parametrize("case", CASES, ids=[c.query for c in CASES])
def test_the_expected_results_are_in_the_top_three(index: Index, case: Case) -> None:
    hits = find(index, case.query, Filters(), limit=3, lang="fr").hits
    first = [h.event.id for h in hits]
    assert set(case.top3) <= set(first), (case.query, first)
    if case.any3:
        assert set(case.any3) & set(first), (case.query, first)


def test_the_set_is_large_and_bilingual() -> None:
    assert len(CASES) >= 40
    assert len({c.query for c in CASES}) == len(CASES)
    for case in CASES:
        assert case.top3 or case.any3, case.query
