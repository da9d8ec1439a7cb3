"""The search tests' shared indexes: the shipped episode alone, and the labelled catalogs."""

from __future__ import annotations

import pytest

from bot.core.episodes.codec import load_episode_file
from bot.core.search import SearchIndex
from bot.core.search.semantic import shared_model
from tests.support.catalogs import SHOWNOTES, Labelled, all_catalogs
from tests.support.paths import SEED
from tests.support.search import CountingModel


@pytest.fixture(scope="module")
def seed() -> SearchIndex:
    return SearchIndex([load_episode_file(SEED)])


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> CountingModel:
    model = shared_model()
    assert model is not None, "all-MiniLM-L6-v2 is not installed (README: install)"
    counter = CountingModel(model)
    monkeypatch.setattr("bot.core.search.semantic.shared_model", lambda: counter)
    return counter


@pytest.fixture(scope="session")
def labelled(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> dict[str, Labelled]:
    """The labelled catalogs (tests/support/catalogs.py) by question set, built once per run; chapter
    vectors are kept in pytest's cache folder, so only the first run on a machine embeds them."""
    if not SHOWNOTES.is_dir():
        pytest.skip(f"real show notes not found at {SHOWNOTES} (CI puts shared/ beside the checkout)")
    catalogs = all_catalogs(tmp_path_factory.mktemp("labelled"), pytestconfig.cache.mkdir("search-vectors"))
    return {c.name: c for c in catalogs}
