"""Transcripts at catalog scale: each is tokenized once (its sheet kept on disk), and the passage
index holds arrays, not an object per passage (issue 18, item 6). Counts, never timings."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.core.catalog import CatalogService
from bot.core.db.sqlite import SqliteStore
from bot.core.episodes import Chapter, Episode
from bot.core.episodes.codec import dump_episode
from bot.core.search import SearchIndex, VectorCache
from bot.core.search.passage_sheets import SheetStore
from bot.core.search.passages import PassageIndex
from bot.core.transcripts import Cue, Transcript

TOPICS = ["zebrafish regrow their fins", "glaciers carve deep valleys", "bees dance to share directions", "copper wires carry current"]


def _episode(number: int, topic: str) -> Episode:
    cues = [Cue(float(t), t + 5.0, f"We keep talking on day {t} of the show.") for t in range(0, 900, 5)]
    cues[100] = Cue(500.0, 505.0, f"Here is the thing: {topic} every single time.", "Guest")
    return Episode(f"talk-{number}", f"Talk {number}", "Test Cast", 1000, (Chapter(0, "Start"), Chapter(450, "Middle")),
                   transcript=Transcript.of("WebVTT", cues))  # fmt: skip


def _catalog() -> list[Episode]:
    return [_episode(i, topic) for i, topic in enumerate(TOPICS)]


def test_a_restart_with_unchanged_transcripts_tokenizes_none_of_them(tmp_path: Path) -> None:
    episodes = _catalog()
    first = PassageIndex(episodes, SheetStore(tmp_path))
    assert first.made == len(episodes)
    store = SheetStore(tmp_path)  # a new process: only the folder is kept
    again = PassageIndex(episodes, store)
    assert again.made == 0 and store.read == len(episodes)
    question, found = again.search("bees dance directions")
    assert found and found[0].confident and episodes[found[0].episode].id == "talk-2"
    assert again.moment(found[0], question).said == 500.0


def test_a_changed_transcript_is_tokenized_again_alone(tmp_path: Path) -> None:
    episodes = _catalog()
    PassageIndex(episodes, SheetStore(tmp_path))
    changed = list(episodes)
    changed[1] = _episode(1, "volcanoes vent sulphur gas")
    store = SheetStore(tmp_path)
    index = PassageIndex(changed, store)
    assert index.made == 1 and store.read == len(episodes) - 1
    question, found = index.search("volcanoes sulphur")
    assert found and found[0].confident and changed[found[0].episode].id == "talk-1"
    assert not index.search("glaciers carve valleys")[1]  # the old words are gone
    assert len(list(tmp_path.glob("*.npz"))) == len(changed)  # and so is their sheet


def test_the_search_index_keeps_sheets_beside_its_vector_cache(tmp_path: Path) -> None:
    vectors = VectorCache(tmp_path / "vectors.npz")
    SearchIndex(_catalog(), semantic=False, vectors=vectors)
    again = SearchIndex(_catalog(), semantic=False, vectors=vectors)
    assert again.passages.made == 0
    answer = again.search("zebrafish regrow fins")
    assert answer.results and answer.results[0].moment is not None and answer.results[0].episode.id == "talk-0"


def test_a_damaged_sheet_is_made_again(tmp_path: Path) -> None:
    episodes = _catalog()[:1]
    PassageIndex(episodes, SheetStore(tmp_path))
    for path in tmp_path.glob("*.npz"):
        path.write_bytes(b"not a sheet")
    index = PassageIndex(episodes, SheetStore(tmp_path))
    assert index.made == 1 and index.search("zebrafish fins")[1]


def test_the_passage_index_holds_arrays_not_an_object_per_passage() -> None:
    index = PassageIndex([replace(e, id=f"{e.id}-{k}") for k in range(3) for e in _catalog()])
    assert len(index) > 100
    words = index.words
    for array in (index.starts, index.spans, words.post_chapter, words.post_weight, words.chapter_episode):
        assert isinstance(array, np.ndarray) and array.dtype != object
    assert words.post_chapter.dtype == np.int32 and index.spans.shape == (len(index), 2)
    assert words.titles == [] and not hasattr(index, "pieces")
    # Each word's posting list runs by passage, as scoring.py reads it.
    same_word = np.repeat(np.arange(len(words.post_start) - 1), np.diff(words.post_start))
    assert np.all((np.diff(words.post_chapter) > 0) | (np.diff(same_word) != 0))
    # Filler words are not indexed: "the" and "of" have no postings.
    assert "the" not in words.word_ids and "of" not in words.word_ids


async def test_a_first_start_answers_from_chapters_while_transcripts_are_indexed_then_with_moments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("bot.core.catalog.reload.TOKENIZE_AT_ONCE", 1)  # as a first start of a large catalog
    monkeypatch.setattr("bot.core.catalog.reload.PROGRESS_EVERY", 0.0)  # a progress line for every transcript
    caplog.set_level(logging.INFO, logger="bot.core.catalog.reload")
    folder = tmp_path / "data"
    folder.mkdir()
    for number, topic in enumerate(TOPICS[:3]):
        e = _episode(number, topic)
        plain = Episode(e.id, e.title, e.podcast, e.duration, (Chapter(0, "Start"), Chapter(450, f"Middle {number}")))
        (folder / f"{e.id}.json").write_text(dump_episode(plain), encoding="utf-8")
        vtt = "WEBVTT\n\n" + "\n".join(f"{_clock(c.start)} --> {_clock(c.end)}\n{c.text}\n" for c in e.transcript or ())
        (folder / f"{e.id}.transcript.vtt").write_text(vtt, encoding="utf-8")
    async with await SqliteStore.open(tmp_path / "bot.db") as store:
        service = CatalogService(store, folder, vectors=VectorCache(tmp_path / "vectors.npz"))
        assert (await service.start()).ok
        first = service.current.index
        assert first.said_pending and first.passages.made == 0  # served at once: nothing tokenized yet
        answer = first.search("middle 1")
        assert answer.results and answer.results[0].chapter.title == "Middle 1" and answer.results[0].moment is None
        await service.meaning_added()  # the background indexing, then the swap
        index = service.current.index
        assert not index.said_pending and index.passages.made == 0  # the fill made the sheets; the swap read them
        answer = index.search("bees dance directions")
        assert answer.results and answer.results[0].moment is not None and answer.results[0].moment.said == 500.0
        logged = caplog.text
        assert "answering from chapters while the words of 3 transcripts are indexed" in logged
        assert "indexing what was said: 2 of 3 transcripts" in logged and "what was said is indexed: 3 transcripts" in logged
        await service.close()


def _clock(seconds: float) -> str:
    return f"00:{int(seconds) // 60:02d}:{seconds % 60:06.3f}"


def test_common_words_looked_up_rather_than_walked_change_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    index = PassageIndex([replace(e, id=f"{e.id}-{k}") for k in range(3) for e in _catalog()])
    questions = ["bees dance talking show", "zebrafish regrow fins day", "copper current keep talking", "glaciers talking show day"]
    walked = [index.search(q)[1] for q in questions]
    monkeypatch.setattr("bot.core.search.passages.COMMON_POSTINGS", 30)  # "talking", "show", "day": common
    monkeypatch.setattr("bot.core.search.passages.COMMON_SHARE", 0.0)
    monkeypatch.setattr("bot.core.search.passages.score", None)  # their lists are not walked
    looked_up = [index.search(q)[1] for q in questions]
    assert all(w and w[0].confident for w in walked)
    assert [[(f.passage, f.confident) for f in w[:3]] for w in walked] == [[(f.passage, f.confident) for f in x[:3]] for x in looked_up]
