"""Transcripts from the command line: `validate` reports them, `ingest --transcript` writes one
beside its episode file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from tests.cli.test_ingest import NOTES, good
from tests.support.paths import SEED

FIXTURES = Path(__file__).resolve().parents[1] / "core" / "transcripts" / "fixtures"


def test_validate_counts_transcripts_and_prints_repairs_as_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SEED, tmp_path / SEED.name)
    shutil.copy(FIXTURES / "webvtt-voices.vtt", tmp_path / "huberman-ketamine.transcript.vtt")
    assert main(["validate", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{tmp_path}: 1 episodes, 22 chapters, 1 transcripts (5 cues), no problems\n"
    transcript = tmp_path / "huberman-ketamine.transcript.vtt"
    assert err.splitlines() == [
        f"warning: {transcript}:24: a cue without words; left out",
        f"warning: {transcript}:15: runs into the next cue; now ends where the next begins",
    ]


def test_validate_exits_1_for_a_transcript_it_cannot_use_and_still_loads_the_episode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SEED, tmp_path / SEED.name)
    (tmp_path / "huberman-ketamine.transcript.srt").write_text("Show notes, not a transcript.\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == f"{tmp_path}: 1 episodes, 22 chapters, 0 transcripts (0 cues)\n"
    lines = err.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'huberman-ketamine.transcript.srt'}: not a transcript")
    assert lines[0].endswith("huberman-ketamine serves without a transcript")
    assert lines[1] == "1 transcript problem(s): those episodes load without a transcript"


def test_ingest_writes_the_transcript_beside_the_episode_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    notes = good(tmp_path)
    assert main(["ingest", str(notes), "--transcript", str(FIXTURES / "subrip-speakers.srt"), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["sleep-better.json", "sleep-better.transcript.srt"]
    assert "Speaker 1: Can you hear me?" in (out / "sleep-better.transcript.srt").read_text(encoding="utf-8")
    printed = capsys.readouterr().out
    assert f"-> {out / 'sleep-better.transcript.srt'}: SubRip, 5 cues, 2 speakers" in printed  # the one an hour in is past the 50 minutes
    assert main(["validate", str(out)]) == 0
    assert "1 transcripts (5 cues), no problems" in capsys.readouterr().out


def test_ingest_keeps_youtube_xml_as_webvtt_and_checks_times_against_the_episode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    short = NOTES.replace("Duration: 50:00", "Duration: 00:04").split("00:00 Welcome")[0] + "00:00 Welcome\n00:02 The moon\n"
    assert main(["ingest", str(good(tmp_path, text=short)), "--transcript", str(FIXTURES / "youtube-srv1.xml"), "--out", str(out)]) == 0
    assert "youtube-srv1.xml:2: starts after the episode's end (00:00:04); left out" in capsys.readouterr().err
    written = (out / "sleep-better.transcript.vtt").read_text(encoding="utf-8")
    assert written.startswith("WEBVTT\n") and "00:00:02.320 --> 00:00:04.000\nI'm on the moon\n" in written


def test_a_transcript_that_cannot_be_used_is_reported_and_the_episode_is_still_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    bad = tmp_path / "notes.transcript.txt"
    bad.write_text("00:00 Welcome\n02:29 Sponsor\n12:34 Sleep and light\n45:06 Closing\n", encoding="utf-8")
    assert main(["ingest", str(good(tmp_path)), "--transcript", str(bad), "--out", str(out)]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["sleep-better.json"]
    assert "this looks like a chapter list" in capsys.readouterr().err
    assert main(["ingest", str(good(tmp_path)), "--transcript", str(tmp_path / "missing.vtt"), "--out", str(out), "--force"]) == 1
    assert "No such file or directory; no transcript written" in capsys.readouterr().err


def test_ingest_never_replaces_a_transcript_without_force_and_keeps_one_per_episode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    notes = good(tmp_path)
    assert main(["ingest", str(notes), "--transcript", str(FIXTURES / "subrip-speakers.srt"), "--out", str(out)]) == 0
    again = ["ingest", str(notes), "--transcript", str(FIXTURES / "webvtt-voices.vtt"), "--out", str(out)]
    assert main(again) == 1
    assert "sleep-better.transcript.srt exists; not overwritten (pass --force to replace it)" in capsys.readouterr().err
    assert main([*again, "--force"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["sleep-better.json", "sleep-better.transcript.vtt"]


def test_check_says_what_transcript_would_be_written_and_transcript_takes_one_notes_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    check = ["ingest", str(good(tmp_path)), "--transcript", str(FIXTURES / "podcast.html"), "--out", str(out), "--check"]
    assert main(check) == 0
    assert f"would write {out / 'sleep-better.transcript.html'} (Podcasting 2.0 HTML, 2 cues, 1 speakers)" in capsys.readouterr().out
    assert not out.exists()
    two = ["ingest", str(good(tmp_path)), str(good(tmp_path, "b.txt")), "--transcript", str(FIXTURES / "podcast.html")]
    assert main(two) == 2
    assert "--transcript is for one episode; give one FILE with it" in capsys.readouterr().err
