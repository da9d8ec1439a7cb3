"""The semantic part: meaning meets meaning, and chapter vectors are embedded once (semantic.py)."""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.core.search import SearchIndex, VectorCache, semantic
from tests.support.paths import REPO
from tests.support.search import CSS, SLEEP, CountingModel


@pytest.mark.parametrize("question", ["can't fall asleep at night", "lying awake all night", "sleeplessness"])
def test_a_question_finds_a_chapter_sharing_no_word_with_it(question: str) -> None:
    """Answered or offered as "did you mean" (with no word in common, the blend is cautious)."""
    answer = SearchIndex([SLEEP, CSS]).search(question)
    assert (answer.results or answer.suggestions)[0].chapter.title == "Insomnia"


def test_autocomplete_stays_with_words(counting: CountingModel) -> None:
    index = SearchIndex([SLEEP, CSS], vectors=VectorCache())
    before = counting.embedded
    assert index.complete("insom")[0].chapter.title == "Insomnia"
    assert index.complete("cant fall asleep") == []
    assert counting.embedded == before


def test_a_rebuild_embeds_only_the_chapters_whose_text_changed(counting: CountingModel) -> None:
    cache = VectorCache()
    SearchIndex([SLEEP, CSS], vectors=cache)
    first_build = counting.embedded
    assert first_build == 5 + 2  # five chapters, two episodes
    renamed = replace(CSS, chapters=(replace(CSS.chapters[0], title="CSS subgrid"), CSS.chapters[1]))
    SearchIndex([SLEEP, renamed], vectors=cache)
    assert counting.embedded - first_build == 1  # the renamed chapter; its episode's text is unchanged


def test_a_restart_with_the_saved_cache_embeds_nothing(counting: CountingModel, tmp_path: Path) -> None:
    path = tmp_path / "bot.db.vectors"
    first = SearchIndex([SLEEP, CSS], vectors=VectorCache(path))
    assert path.exists()
    before = counting.embedded
    again = SearchIndex([SLEEP, CSS], vectors=VectorCache(path))
    assert counting.embedded == before
    assert again.search("can't fall asleep at night") == first.search("can't fall asleep at night")


def test_without_the_model_search_answers_from_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.core.search.semantic.shared_model", lambda: None)
    index = SearchIndex([SLEEP, CSS])
    assert index.search("insomnia").results[0].chapter.title == "Insomnia"
    assert index.search("sleeplessness").results == []  # a word found nowhere, and no meaning to go by


def test_a_large_catalog_searches_cells_and_finds_what_an_exact_search_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.core.search.nearest.EXACT_LIMIT", 100)
    from bot.core.search.nearest import ChapterVectors

    rng = np.random.default_rng(1)
    topics = rng.normal(size=(40, 384))
    vectors = topics[rng.integers(0, 40, 4000)] + 0.3 * rng.normal(size=(4000, 384))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    in_cells = ChapterVectors(vectors)
    assert np.abs(in_cells.of(np.arange(4000)) - vectors).max() < 2e-3  # int8 with a scale, in chapter order
    found = 0
    for question in vectors[rng.choice(4000, 50, replace=False)]:
        exact = set(np.argsort(vectors @ question)[-10:])
        found += len(exact & set(in_cells.nearest(question, 0, 4000, 10)))
    assert found >= 0.9 * 500
    assert set(in_cells.nearest(vectors[7], 5, 15, 3)) <= set(range(5, 15))  # an episode's stretch


def test_embedding_a_catalog_steps_aside_for_questions_and_a_question_never_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reload embeds in a worker thread and paces at every text (yielding.py); the question's own
    vector must not pace, or it would wait for itself."""
    paced: list[int] = []
    monkeypatch.setattr("bot.core.search.semantic._pace", lambda: paced.append(1))
    index = SearchIndex([SLEEP, CSS], vectors=VectorCache())
    assert len(paced) >= sum(len(e.chapters) for e in (SLEEP, CSS))
    monkeypatch.setattr("bot.core.search.semantic._pace", lambda: pytest.fail("a question paced"))
    answer = index.search("can't fall asleep at night")
    assert (answer.results or answer.suggestions)[0].chapter.title == "Insomnia"


def test_chapter_vectors_read_from_rows_of_a_larger_array(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.core.search.nearest.EXACT_LIMIT", 100)
    from bot.core.search.nearest import ChapterVectors

    rng = np.random.default_rng(2)
    table = rng.normal(size=(3000, 384)).astype(np.float32)
    table /= np.linalg.norm(table, axis=1, keepdims=True)
    rows = rng.choice(3000, 1000, replace=False)
    assert np.abs(ChapterVectors(table, rows).of(np.arange(1000)) - table[rows]).max() < 2e-3


def test_a_process_answering_questions_runs_matrix_products_on_one_thread() -> None:
    """On a busy host, products split over two cores waited for the busy one: answers 20-30 times
    slower, and fifty questions at once past Discord's deadline (issue 20, items 8 and 17). Checked
    in a fresh process, where numpy's BLAS starts with a thread per core."""
    script = (
        "from threadpoolctl import threadpool_info, threadpool_limits\n"
        "threadpool_limits(limits=2, user_api='blas')\n"
        "from bot.core.search import SearchIndex\n"
        "from tests.support.search import CSS, SLEEP\n"
        "SearchIndex([SLEEP, CSS]).search('sleeplessness')\n"
        "print([lib['num_threads'] for lib in threadpool_info() if lib['user_api'] == 'blas'])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[1]"


def test_weights_that_cannot_be_loaded_give_one_warning_and_answers_from_words(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def damaged() -> None:
        raise MemoryError("a header of 10^15 bytes")  # whatever the weights make the loader raise

    monkeypatch.setattr(semantic, "MiniLM", damaged)
    monkeypatch.setattr(semantic, "_model", None)
    monkeypatch.setattr(semantic, "_model_failed", False)
    with caplog.at_level(logging.WARNING):
        first, second = SearchIndex([SLEEP, CSS]), SearchIndex([SLEEP, CSS])
    assert [r.getMessage() for r in caplog.records] == ["semantic search off, answering from words only: a header of 10^15 bytes"]
    assert first.search("insomnia").results[0].chapter.title == "Insomnia" and not second.meaning_pending
