"""Every transcript form, read from small files written for these tests (fixtures/).

Each `<name>.<ext>` has a `<name>.<ext>.expected` beside it, written before the reader ran: one
line per cue, `HH:MM:SS.mmm --> HH:MM:SS.mmm | speaker | words`, then `warning LINE: text` for each
repair the reader must report at that line, or a single `refused: text` for a file that is no
transcript.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.episodes import InvalidData
from bot.core.transcripts import Cue, read_transcript

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = sorted(path.name for path in FIXTURES.iterdir() if not path.name.endswith(".expected"))


def clock(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def shown(cue: Cue) -> str:
    return f"{clock(cue.start)} --> {clock(cue.end)} | {cue.speaker} | {cue.text}"


def test_every_fixture_has_its_expected_reading() -> None:
    assert len(CASES) >= 12
    for case in CASES:
        assert (FIXTURES / f"{case}.expected").is_file(), case


@pytest.mark.parametrize("case", CASES)
def test_each_form_reads_its_fixture(case: str) -> None:
    path = FIXTURES / case
    expected = (FIXTURES / f"{case}.expected").read_text(encoding="utf-8").splitlines()
    if expected[0].startswith("refused: "):
        with pytest.raises(InvalidData) as refused:
            read_transcript(path.read_bytes(), path)
        assert expected[0].removeprefix("refused: ") in str(refused.value)
        return
    transcript = read_transcript(path.read_bytes(), path)
    assert [shown(cue) for cue in transcript] == [line for line in expected if not line.startswith("warning ")]
    warnings = [(w.line, w.message) for w in transcript.warnings]
    for line in expected:
        if line.startswith("warning "):
            number, text = line.removeprefix("warning ").split(": ", 1)
            assert any(at == int(number) and text in message for at, message in warnings), (line, warnings)
    assert len(warnings) == sum(line.startswith("warning ") for line in expected), warnings


@pytest.mark.parametrize(
    ("case", "form"),
    [("webvtt-voices.vtt", "WebVTT"), ("youtube-auto.vtt", "WebVTT"), ("subrip-speakers.srt", "SubRip"),
     ("podcast.json", "Podcasting 2.0 JSON"), ("podcast.html", "Podcasting 2.0 HTML"),
     ("youtube.json3", "YouTube json3 captions"), ("youtube-srv3.xml", "YouTube XML captions"),
     ("youtube-srv1.xml", "YouTube XML captions"), ("timed-brackets.txt", "text with times")],
)  # fmt: skip
def test_the_form_is_read_from_the_content_not_the_name(case: str, form: str) -> None:
    data = (FIXTURES / case).read_bytes()
    assert read_transcript(data, Path("episode.transcript.txt")).form == form
