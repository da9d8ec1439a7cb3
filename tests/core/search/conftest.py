"""The search tests' shared index: the shipped episode alone."""

from __future__ import annotations

import pytest

from bot.core.episodes.codec import load_episode_file
from bot.core.search import SearchIndex
from tests.support.paths import SEED


@pytest.fixture(scope="module")
def seed() -> SearchIndex:
    return SearchIndex([load_episode_file(SEED)])
