"""Transcripts in the data folder: `<stem>.transcript.<ext>` beside `<stem>.json` is that episode's
transcript, never an episode file; a bad one costs only itself; an unchanged one is not read again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.core.catalog import Changes, read_data_dir
from bot.core.episodes import Problem
from bot.core.episodes.folder import EpisodeCache, load_data_dir
from bot.core.transcripts.attach import refused
from tests.support.paths import SEED

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PODCAST_JSON = FIXTURES / "podcast.json"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(SEED, tmp_path / "huberman-ketamine.json")
    return tmp_path


def load(folder: Path, cache: EpisodeCache | None = None) -> tuple[list, list[Problem], list[Problem]]:
    skipped: list[Problem] = []
    notes: list[Problem] = []
    episodes = load_data_dir(folder, cache, skipped=skipped, transcript_notes=notes)
    return episodes, skipped, notes


def test_a_podcasting_json_transcript_beside_its_episode_is_attached_not_read_as_an_episode(folder: Path) -> None:
    shutil.copy(PODCAST_JSON, folder / "huberman-ketamine.transcript.json")
    (episode,), skipped, notes = load(folder)
    assert skipped == [] and episode.transcript is not None
    assert [cue.text for cue in episode.transcript][:2] == ["Welcome back.", "Today: tides."]
    assert {note.path.name for note in notes} == {"huberman-ketamine.transcript.json"}  # its repairs, as warnings
    assert refused(notes) == []


def test_transcripts_in_a_podcasts_subfolder_and_a_stray_one_without_an_episode(folder: Path) -> None:
    podcast = folder / "test-cast"
    podcast.mkdir()
    raw = json.loads(SEED.read_text(encoding="utf-8")) | {"id": "tides"}
    (podcast / "tides.json").write_text(json.dumps(raw), encoding="utf-8")
    shutil.copy(FIXTURES / "subrip-speakers.srt", podcast / "tides.transcript.srt")
    shutil.copy(FIXTURES / "webvtt-voices.vtt", folder / "gone.transcript.vtt")
    episodes, skipped, _ = load(folder)
    by_id = {episode.id: episode for episode in episodes}
    assert by_id["tides"].transcript is not None and by_id["tides"].transcript.form == "SubRip"
    assert by_id["huberman-ketamine"].transcript is None
    assert [str(p) for p in skipped] == [f"{folder / 'gone.transcript.vtt'}: skipped: a transcript for gone.json, which is not in this folder"]


def test_two_transcripts_for_one_episode_the_richer_form_is_read_and_the_other_named(folder: Path) -> None:
    shutil.copy(FIXTURES / "timed-brackets.txt", folder / "huberman-ketamine.transcript.txt")
    shutil.copy(FIXTURES / "webvtt-voices.vtt", folder / "huberman-ketamine.transcript.vtt")
    (episode,), skipped, _ = load(folder)
    assert episode.transcript is not None and episode.transcript.form == "WebVTT"
    assert [(p.path.name, p.message) for p in skipped] == [
        ("huberman-ketamine.transcript.txt", "skipped: huberman-ketamine.json has a transcript in huberman-ketamine.transcript.vtt already")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01binary", "a binary file, not a transcript"),
        (b"We talked about tides.\n", "not a transcript"),
        (b"WEBVTT\n\n05:00:00.000 --> 05:00:02.000\nLong after the end.\n", "no cue with words is left within the episode's length"),
        (b'{"segments": [', "invalid JSON"),
    ],
)
def test_a_bad_transcript_never_loses_its_episode(folder: Path, content: bytes, message: str) -> None:
    (folder / "huberman-ketamine.transcript.vtt").write_bytes(content)
    (episode,), _, notes = load(folder)
    assert episode.id == "huberman-ketamine" and episode.transcript is None and len(episode.chapters) == 22
    (note,) = refused(notes)
    assert note.path.name == "huberman-ketamine.transcript.vtt"
    assert message in note.message and note.message.endswith("huberman-ketamine serves without a transcript")


def test_a_transcript_that_is_a_fifo_is_refused_without_waiting(folder: Path) -> None:
    import os

    os.mkfifo(folder / "huberman-ketamine.transcript.srt")
    (episode,), _, notes = load(folder)
    assert episode.transcript is None and "not a regular file (a FIFO)" in refused(notes)[0].message


def test_cues_past_the_episodes_length_are_dropped_with_the_line_named(folder: Path) -> None:
    raw = json.loads((folder / "huberman-ketamine.json").read_text(encoding="utf-8")) | {"duration": "00:00:05"}
    raw["chapters"] = raw["chapters"][:1]
    (folder / "huberman-ketamine.json").write_text(json.dumps(raw), encoding="utf-8")
    shutil.copy(PODCAST_JSON, folder / "huberman-ketamine.transcript.json")
    (episode,), _, notes = load(folder)
    assert [cue.text for cue in episode.transcript] == ["Welcome back.", "Today: tides."]
    assert any(note.line == 6 and "starts after the episode's end (00:00:05)" in note.message for note in notes)


def test_an_unchanged_transcript_is_not_read_again_and_a_changed_one_is_a_changed_episode(folder: Path) -> None:
    shutil.copy(PODCAST_JSON, folder / "huberman-ketamine.transcript.json")
    cache = EpisodeCache()
    (first,), _, _ = load(folder, cache)
    (again,), _, notes = load(folder, cache)
    assert again is first and notes  # the same Episode, and its repairs still reported
    assert not Changes.between([first], [again]).any
    shutil.copy(FIXTURES / "webvtt-voices.vtt", folder / "huberman-ketamine.transcript.json")
    (changed,), _, _ = load(folder, cache)
    assert changed.transcript.form == "WebVTT"  # the content decides, whatever the name says
    assert Changes.between([again], [changed]).episodes_changed == ["huberman-ketamine"]
    (folder / "huberman-ketamine.transcript.json").unlink()
    (gone,), _, _ = load(folder, cache)
    assert gone.transcript is None and Changes.between([changed], [gone]).episodes_changed == ["huberman-ketamine"]


def test_the_catalog_reader_passes_the_notes_on(folder: Path) -> None:
    (folder / "huberman-ketamine.transcript.vtt").write_bytes(b"nothing timed here\n")
    notes: list[Problem] = []
    episodes, _ = read_data_dir(folder, transcript_notes=notes)
    assert len(episodes) == 1 and len(refused(notes)) == 1
