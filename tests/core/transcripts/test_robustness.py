"""The transcript reader on any input: a Transcript or a clear problem naming the file, never another
exception, and time linear in the input (no pattern backtracks on a long run of anything)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.episodes import InvalidData
from bot.core.transcripts import MAX_TRANSCRIPT_BYTES, read_transcript, read_transcript_file
from bot.core.transcripts.forms import FORMS

SIZE = 200_000
CUE = "00:00:01.000 --> 00:00:02.000\n"
PATHOLOGICAL = {
    "a WebVTT header and tag openings": "WEBVTT\n\n" + CUE + "<" * SIZE,
    "voice tags never closed": "WEBVTT\n\n" + CUE + "<v " * (SIZE // 3),
    "styling codes never closed": "1\n00:00:01,000 --> 00:00:02,000\n" + "{\\" * (SIZE // 2),
    "arrows": "-->" * (SIZE // 3),
    "arrow lines": "-->\n" * (SIZE // 4),
    "timing lines without text": CUE * (SIZE // len(CUE)),
    "timing lines glued": CUE.strip() * (SIZE // len(CUE)),
    "one cue of many lines": "WEBVTT\n\n" + CUE + "words\n" * (SIZE // 6),
    "rolling captions": "WEBVTT\nKind: captions\n\n" + (CUE + "same words\nsame words\n\n") * (SIZE // 50),
    "a loop of one word": (CUE + "book\n\n") * (SIZE // 36),
    "overlapping cues": "".join(f"00:00:{i % 60:02d}.000 --> 00:59:00.000\nx\n\n" for i in range(SIZE // 40)),
    "backwards cues": "".join(f"00:{59 - i % 60:02d}:00.000 --> 00:00:00.000\nx\n\n" for i in range(SIZE // 40)),
    "speaker prefixes": "1\n00:00:01,000 --> 00:00:02,000\n" + "Speaker 1: " * (SIZE // 11),
    "capitalised words": "1\n00:00:01,000 --> 00:00:02,000\n" + "Aa " * (SIZE // 3),
    "entities": "WEBVTT\n\n" + CUE + "&amp" * (SIZE // 4),
    "JSON segments": '{"segments": [' + '{"startTime": 1, "body": "x"},' * (SIZE // 31) + "{}]}",
    "JSON nested deeply": '{"segments": ' + "[" * SIZE,
    "JSON number of many digits": '{"segments": [{"startTime": ' + "9" * SIZE + "}]}",
    "json3 events": '{"events": [' + '{"tStartMs": 1, "segs": [{"utf8": "x"}]},' * (SIZE // 41) + "{}]}",
    "markup openings": "<" * SIZE,
    "paragraph openings": "<time>1:00</time>" + "<p" * (SIZE // 2),
    "paragraphs": "<time>1:00</time>" + "<p>x</p>" * (SIZE // 8),
    "times without paragraphs": "<p>" + "<time>1:00</time>" * (SIZE // 17),
    "XML captions": "<timedtext>" + '<p t="1" d="2">x</p>' * (SIZE // 20),
    "open brackets": "[" * SIZE,
    "bracketed times glued": "[00:01:02]" * (SIZE // 10),
    "bracketed times": "[00:01:02] x\n" * (SIZE // 13),
    "parenthesised times": "(1:02:03)\n" * (SIZE // 10),
    "ranges": "[0.40 → 1.64] x\n" * (SIZE // 16),
    "range openings": "[0.40 → " * (SIZE // 8),
    "names with times": ("Ana " * 20 + "(00:01:02): x\n") * (SIZE // 96),
    "headings": "Speaker 1 " * (SIZE // 10) + "0:03\n",
    "digits and colons": "1:" * (SIZE // 2),
    "spaces": " " * SIZE,
    "blank lines": "\n" * SIZE,
    "a chapter list": "".join(f"{i // 60}:{i % 60:02d} Topic {i}\n" for i in range(SIZE // 14)),
}
BOUND = 20.0  # seconds for 200,000 characters; linear code takes well under one on a slow shared machine


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_input_is_read_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    try:
        read_transcript(text.encode("utf-8"), Path("x.transcript.txt"), duration=3600)
    except InvalidData as error:
        assert all(problem.path == Path("x.transcript.txt") for problem in error.problems)
    assert time.perf_counter() - started < BOUND


def test_reading_time_grows_with_the_size_not_faster() -> None:
    """A WebVTT and a text transcript four times longer take about four times as long, not sixteen."""

    def cost(cues: int) -> float:
        vtt = "WEBVTT\n\n" + "".join(f"{i}\n00:{i // 60 % 60:02d}:{i % 60:02d}.000 --> 00:{i // 60 % 60:02d}:{i % 60:02d}.900\n"
                                     f"<v Speaker {i % 3}>words said at {i}\n\n" for i in range(cues))  # fmt: skip
        text = "".join(f"[00:{i // 60 % 60:02d}:{i % 60:02d}] Ana: words said at {i}\n" for i in range(cues))
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            read_transcript(vtt.encode(), Path("a.vtt"))
            read_transcript(text.encode(), Path("a.txt"))
            best = min(best, time.perf_counter() - started)
        return best

    assert cost(12_000) < 10 * cost(3_000)


PIECES = st.sampled_from(
    [
        "WEBVTT", "\n", "\n\n", " ", "-->", " --> ", "00:00:01.000", "0:00:02,500", "12:34.5", "1", "99", ":",
        "<v Ana>", "<v ", "</v>", "<c>", "<i>", ">", "<", "&amp;", "{\\an8}", "NOTE", "STYLE", "Kind: captions",
        "Speaker 1: ", "Ana:", ">> ", "[00:01:02]", "(1:02:03)", "[0.40 → 1.64]", "{", "}", '"segments"', "[", "]",
        '"startTime": 1', '"endTime": 0', '"body": "x"', '"events"', '"tStartMs": 5', '"segs": [{"utf8": "y"}]',
        ",", "<timedtext>", "<transcript>", '<p t="10" d="5">', "<p>", "</p>", "<time>0:05</time>", "<cite>Ben</cite>",
        "<text start=\"1\">", "999:59:59.999", "[999:00:00]", '"startTime": 1e300', "book", "words", "ü", "漢字", "\u00a0", "\ufeff", "\x00", "\r\n", "\r",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=80).map("".join), st.sampled_from([None, 0, 5, 3600]))
def test_any_text_gives_a_transcript_or_a_problem(text: str, duration: int | None) -> None:
    try:
        transcript = read_transcript(text.encode("utf-8"), Path("t.vtt"), duration=duration)
    except InvalidData as error:
        assert error.problems and all(str(p).startswith("t.vtt") for p in error.problems)
        return
    cues = list(transcript)
    assert cues and all(cue.text and cue.start <= cue.end for cue in cues)
    assert all(a.start <= b.start for a, b in zip(cues, cues[1:]))
    if duration is not None:
        assert all(cue.end <= duration for cue in cues)
    assert transcript.form in {form.NAME for form in FORMS}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a transcript"),
        (b"just some words\nand more words\n", "not a transcript"),
        (b"%PDF-1.7\n\x00\x01\x02", "binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (b'{"format": 1, "id": "x", "chapters": []}', "an episode file, not a transcript"),
        (b'{"segments": 3}', 'without a "segments" list'),
        (b'{"segments": [', "invalid JSON"),
        (b"WEBVTT\n\nonly a header and a note\n", "read as WebVTT, but no cue with words is left"),
    ],
)
def test_what_is_not_a_transcript_gets_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(InvalidData, match=message):
        read_transcript(data, Path("episode.transcript.vtt"))


def test_cues_after_the_episode_are_left_out_and_the_last_one_is_cut_at_its_end() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:09.000\nin time\n\n00:00:12.000 --> 00:00:13.000\ntoo late\n"
    transcript = read_transcript(text.encode(), Path("e.vtt"), duration=5)
    assert [(cue.text, cue.end) for cue in transcript] == [("in time", 5.0)]
    (warning,) = transcript.warnings
    assert (warning.line, "starts after the episode's end (00:00:05)") == (6, warning.message.split("; ")[0])
    with pytest.raises(InvalidData, match="no cue with words is left within the episode's length"):
        read_transcript(text.encode(), Path("e.vtt"), duration=0)


def test_text_not_in_utf8_is_read_with_a_note_and_utf16_by_its_mark() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nCafé crème\n"
    latin = read_transcript(text.encode("cp1252"), Path("a.srt"))
    assert latin[0].text == "Café crème" and "Windows-1252" in latin.warnings[0].message
    assert read_transcript(text.encode("utf-16"), Path("a.srt"))[0].text == "Café crème"


def test_a_file_over_the_cap_a_fifo_and_a_folder_are_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.transcript.vtt"
    with open(big, "wb") as file:
        file.truncate(MAX_TRANSCRIPT_BYTES + 1)
    fifo = tmp_path / "fifo.transcript.vtt"
    os.mkfifo(fifo)
    for path, message in ((big, "larger than 20 MB"), (fifo, "not a regular file"), (tmp_path, "not a regular file")):
        with pytest.raises(InvalidData, match=message):
            read_transcript_file(path)


def test_times_beyond_a_week_are_not_times_and_a_guessed_end_stays_near_its_start() -> None:
    text = "[999:59:59] far too late\n[00:00:01] " + "word " * 100_000 + "\n[00:00:02] x\n[0:00:03] " + "word " * 100_000
    transcript = read_transcript(text.encode(), Path("t.txt"))
    assert [cue.start for cue in transcript] == [1.0, 2.0, 3.0]
    assert transcript.end == 3 + 3600
