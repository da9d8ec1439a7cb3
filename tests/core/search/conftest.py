"""The search tests' shared index: the shipped episode alone."""

from __future__ import annotations

import pytest

from bot.core.episodes.codec import load_episode_file
from bot.core.search import SearchIndex
from bot.core.search.semantic import shared_model
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
