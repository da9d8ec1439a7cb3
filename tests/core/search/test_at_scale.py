"""The seed's question set asked of a catalog: the seed episode among 300 synthetic episodes.

`python -m benchmarks` measures the same at 4,000 episodes (100,000 chapters); this is the size that
runs on every test run, built the same way: the benchmark's seeded generator writes episode files,
which are loaded as the bot loads them. No episode filter, so every other episode competes for every
answer. The bar is the question-set test's (tests/core/search/test_quality.py), on the topical
questions; structural ones ("intro", "sponsors") are left out, since every episode has those.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

# benchmarks/ is a tool of this repository, not an installed package: importable since the tests
# run from the checkout, as a package beside it.
from benchmarks import quality
from benchmarks.synthetic import Generator, write_catalog
from bot.core.episodes.folder import load_data_dir
from bot.core.search import SearchIndex, VectorCache

EPISODES = 300


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> SearchIndex:
    folder = tmp_path_factory.mktemp("catalog")
    write_catalog(folder, EPISODES)
    # Chapter vectors are kept in pytest's cache folder: only the first run on a machine embeds them.
    vectors = VectorCache(pytestconfig.cache.mkdir("search-vectors") / "synthetic-catalog.vectors")
    return SearchIndex(load_data_dir(folder), vectors=vectors)


def test_the_catalog_is_the_seed_among_synthetic_episodes(catalog: SearchIndex) -> None:
    assert len(catalog.episodes) == EPISODES + 1
    assert catalog.episode(quality.SEED_ID) is not None
    assert catalog.size > 20 * EPISODES  # about 25 chapters an episode


def test_the_generator_is_deterministic() -> None:
    assert Generator().episode(7) == Generator().episode(7)
    assert Generator(seed=1).episode(7) != Generator(seed=2).episode(7)


def test_seed_questions_are_answered_from_the_seed_inside_a_catalog(catalog: SearchIndex, capsys: pytest.CaptureFixture[str]) -> None:
    report = quality.measure(catalog)
    text = f"seed inside {EPISODES} synthetic episodes: {report.summary()}\n" + "\n".join(f"  {m}" for m in report.misses)
    with capsys.disabled():  # the rates are the point of this test: show them on every run
        print("\n" + text)
    assert report.answerable and report.off_topic
    # In whole numbers, as tests/core/search/test_quality.py does.
    assert report.top_1 * 100 >= quality.TOP_1 * report.answerable, text
    assert report.top_3 * 100 >= quality.TOP_3 * report.answerable, text
    assert report.declined * 100 >= quality.OFF_TOPIC_DECLINED * report.off_topic, text


@pytest.fixture(scope="module")
def words_only() -> SearchIndex:
    return SearchIndex(list(Generator().episodes(EPISODES)), semantic=False)


def test_common_prefixes_suggest_what_every_completion_read_on_its_own_would(words_only: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """A common prefix's completions merged at build time, and the best chapters kept for one typed
    alone, only save time: autocomplete suggests what reading each completion's list would."""
    words = words_only.word_index
    typed = sorted(p for p in words.heavy if len(p) == 2)[:12] + ["how do", "what is", "sleep st", "co", "the be"]
    assert any(len(leaders) < len(merged[0]) for _, merged, _, leaders, _ in words.heavy.values())
    shortcut = [[(m.chapter_id, m.score) for m in words_only.complete(p)] for p in typed]
    monkeypatch.setattr(words_only, "word_index", replace(words, heavy={}))
    assert shortcut == [[(m.chapter_id, m.score) for m in words_only.complete(p)] for p in typed]
    assert all(shortcut)
