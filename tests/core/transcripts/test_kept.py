"""A restarted bot reads no unchanged transcript file again, nor finds its chapters or draws its
summaries again: what attaching gave is kept beside the vector cache (issue 18, item 6). A changed
transcript or episode is read again; a damaged or unwritable cache costs time, never an answer."""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.core.catalog import CatalogService
from bot.core.db.sqlite import SqliteStore
from bot.core.episodes import Chapter, Episode, Problem
from bot.core.episodes.codec import dump_episode
from bot.core.episodes.folder import EpisodeCache, load_data_dir
from bot.core.search import VectorCache
from bot.core.transcripts import attach
from tests.support.paths import SEED, THREE_TOPICS

PODCAST_JSON = Path(__file__).resolve().parent / "fixtures" / "podcast.json"
CHAPTERLESS = Episode("three-topics", "Bees, Bread and Volcanoes", "Test Cast", 1080, ())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder: an episode with a chapter list and a transcript the reader repairs, and one
    without chapters, whose chapters are found in its transcript and their summaries drawn."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SEED, data / "huberman-ketamine.json")
    shutil.copy(PODCAST_JSON, data / "huberman-ketamine.transcript.json")
    (data / "three-topics.json").write_text(dump_episode(CHAPTERLESS), encoding="utf-8")
    shutil.copy(THREE_TOPICS, data / "three-topics.transcript.vtt")
    return data


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many transcript files were read, and how many times chapters were looked for."""
    counts = {"read": 0, "found": 0}

    def counted(name: str, function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            counts[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(attach, "read_transcript_file", counted("read", attach.read_transcript_file))
    monkeypatch.setattr(attach, "with_found_chapters", counted("found", attach.with_found_chapters))
    return counts


def load(folder: Path, kept: Path) -> tuple[dict[str, Episode], list[Problem]]:
    """A load by a new process: nothing in memory from an earlier one, only the `kept` folder."""
    notes: list[Problem] = []
    episodes = load_data_dir(folder, EpisodeCache(kept), transcript_notes=notes)
    return {episode.id: episode for episode in episodes}, notes


def assert_same(again: dict[str, Episode], first: dict[str, Episode]) -> None:
    assert again == first  # chapters (found or published), summaries, cues
    for key, episode in first.items():
        assert episode.transcript is not None and again[key].transcript is not None
        assert (again[key].transcript.form, again[key].transcript.warnings) == (episode.transcript.form, episode.transcript.warnings)
        assert again[key].chapters_automatic == episode.chapters_automatic


async def test_a_restarted_service_reads_no_unchanged_transcript_and_serves_the_same_episodes(
    folder: Path, tmp_path: Path, work: dict[str, int]
) -> None:
    served = []
    for _ in range(2):  # a first start, then a restart: a new service, only the folders are kept
        async with await SqliteStore.open(tmp_path / "bot.db") as store:
            service = CatalogService(store, folder, vectors=VectorCache(tmp_path / "vectors"))
            result = await service.start()
            assert result.ok
            served.append(({e.id: e for e in service.current.episodes}, result.transcript_notes))
            await service.close()
    assert work == {"read": 2, "found": 2}  # by the first start only
    (first, first_notes), (again, again_notes) = served
    assert_same(again, first)
    assert again_notes == first_notes and again_notes  # the repairs are still reported
    found = first["three-topics"]
    assert found.chapters_automatic and len(found.chapters) == 3 and all(c.transcript_summary for c in found.chapters)
    assert len(list((tmp_path / "vectors-transcripts").glob("*.npz"))) == 2


def test_an_edited_transcript_or_episode_is_read_again_and_its_old_result_removed(
    folder: Path, tmp_path: Path, work: dict[str, int]
) -> None:
    kept = tmp_path / "kept"
    first, _ = load(folder, kept)
    vtt = folder / "three-topics.transcript.vtt"
    vtt.write_text(vtt.read_text(encoding="utf-8").replace("honey", "nectar"), encoding="utf-8")
    work["read"] = 0
    edited, _ = load(folder, kept)
    assert work["read"] == 1 and edited["huberman-ketamine"] == first["huberman-ketamine"]
    assert "nectar" in edited["three-topics"].transcript.text and "honey" not in edited["three-topics"].transcript.text  # type: ignore[union-attr]
    published = replace(CHAPTERLESS, chapters=(Chapter(0, "Bees"), Chapter(360, "Bread"), Chapter(720, "Volcanoes")))
    (folder / "three-topics.json").write_text(dump_episode(published), encoding="utf-8")
    work["read"] = 0
    chaptered, _ = load(folder, kept)
    assert work["read"] == 1
    episode = chaptered["three-topics"]
    assert not episode.chapters_automatic and [c.title for c in episode.chapters] == ["Bees", "Bread", "Volcanoes"]
    assert all(c.transcript_summary for c in episode.chapters)  # drawn for the new chapters
    assert len(list(kept.glob("*.npz"))) == 2  # the results no longer used are gone
    work["read"] = 0
    assert load(folder, kept)[0] == chaptered and work["read"] == 0


@pytest.mark.parametrize("damage", ["garbage", "cut short", "empty"])
def test_a_damaged_kept_result_is_read_around_with_a_log_line(
    folder: Path, tmp_path: Path, work: dict[str, int], caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    kept = tmp_path / "kept"
    first, _ = load(folder, kept)
    for path in kept.glob("*.npz"):
        data = path.read_bytes()
        path.write_bytes({"garbage": b"not a kept transcript", "cut short": data[: len(data) // 2], "empty": b""}[damage])
    work["read"] = 0
    with caplog.at_level(logging.WARNING, logger="bot.core.transcripts.kept"):
        again, _ = load(folder, kept)
    assert work["read"] == 2
    assert_same(again, first)
    assert caplog.text.count("cannot be read") == 2
    work["read"] = 0
    load(folder, kept)  # written anew
    assert work["read"] == 0


async def test_a_first_start_serves_its_transcripts_when_nothing_can_be_kept(
    folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for what in ("transcripts", "passages"):
        (tmp_path / f"vectors-{what}").write_text("a file where the folder would be", encoding="utf-8")
    caplog.set_level(logging.WARNING)
    async with await SqliteStore.open(tmp_path / "bot.db") as store:
        service = CatalogService(store, folder, vectors=VectorCache(tmp_path / "vectors"))
        assert (await service.start()).ok
        await service.meaning_added()
        episodes = service.current.episodes
        assert len(episodes) == 2 and all(episode.transcript is not None for episode in episodes)
        answer = service.current.index.search("honey bees hive")
        assert answer.results and answer.results[0].episode.id == "three-topics" and answer.results[0].moment is not None
        await service.close()
    assert caplog.text.count("transcripts cannot be kept in") == 1  # said once, not for every transcript
