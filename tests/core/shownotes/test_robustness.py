"""The show-notes reader on any input: a result or a clear problem, never an unexpected exception,
and time linear in the input (no pattern backtracks on long runs of separators or spaces)."""

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.episodes import InvalidData
from bot.core.episodes.format import MAX_TITLE
from bot.core.shownotes import ChapterList, parse_show_notes, read_chapters
from bot.core.shownotes.files import NotesFileError, decode_notes

SIZE = 100_000
# Each would take minutes with a pattern that backtracks over the run; linear code takes well under a second.
PATHOLOGICAL = {
    "spaces inside a title": "00:00 a" + " " * SIZE + "b\n10:00 c\n",
    "separators inside a title": "00:00 a" + " -–—:|~,;" * (SIZE // 9) + "b\n10:00 c\n",
    "a line of dashes": "-" * SIZE,
    "a line of colons": ":" * SIZE,
    "digits and colons": "1:" * (SIZE // 2),
    "digits": "1" * SIZE,
    "times without titles": "12:34 " * (SIZE // 6),
    "bracketed times glued": "(12:34)" * (SIZE // 7),
    "lone zeros": "0: " * (SIZE // 3),
    "open brackets": "([" * (SIZE // 2),
    "link openings": "](" * (SIZE // 2),
    "link targets never closed": ("[a](" + "b" * 30) * (SIZE // 34),
    "nested parentheses in targets": "[a](b(c(d" * (SIZE // 9),
    "images": "![" * (SIZE // 2),
    "emphasis": "*_" * (SIZE // 2),
    "tag openings": "<p" * (SIZE // 2),
    "entities": "&amp" * (SIZE // 4),
    "a long URL": "http://" + "a" * SIZE,
    "literal escapes": "\\n" * (SIZE // 2),
    "backslashes": "\\" * SIZE,
    "code ticks": "`" * SIZE,
    "dates": "2021-01-09 " * (SIZE // 11),
    "time zones": "GMT+" * (SIZE // 4),
    "month names": "8 October " * (SIZE // 10),
    "YAML items": "- start: 1\n" * (SIZE // 11),
    "JSON openings": '{"chapters": [' * (SIZE // 14),
    "chapter elements": "<psc:chapter " * (SIZE // 13),
    "pad lines": "1357756700 x #chapter\n" * (SIZE // 22),
    "speaker turns": "Ben: hi (00:01)\n" * (SIZE // 16),
    "blank lines": "\n" * SIZE,
    "one chapter a line": "00:00 a\n" * (SIZE // 8),
    "ranges": "00:10–05:30 " * (SIZE // 12),
    "breaks": "<br>" * (SIZE // 4),
    "string literals never closed": ('x: "' + "\\n" * 3) * (SIZE // 10),
    "string literal openings": ":'" * (SIZE // 2),
    "escaped quotes in a literal": 'd: "' + "\\n" * 3 + '\\"' * (SIZE // 2),
    "unicode escapes": "\\n\\n\\n" + "\\ud83c" * (SIZE // 6),
    "escaped tags": "&amp;lt;p" * (SIZE // 9),
    "a flattened list of one line": "00:00 a; " * (SIZE // 9),
    "times a title apart, backwards": "9:59 a b c " * (SIZE // 11),
    "titles first, ranges": "a (1:00–2:00), " * (SIZE // 15),
    "table cells": "<td>1:00</td>" * (SIZE // 13),
    "a tagged pad line of tags": "00:01 a #chapter" + " #t" * (SIZE // 3) + " x\n00:02 b #c\n",
    "tagged pad lines": "00:01:00 a #chapter\n00:02:00 b #link\n" * (SIZE // 36),
    "tags like chapter": "00:01 #chaptxx" * (SIZE // 14),
    "stars that never close": "00:01 a" + " *b" * (SIZE // 3) + "\n00:02 c\n",
    "empty brackets in link text": "00:01 [" + "[]" * (SIZE // 2) + "\n00:02 c\n",
    "list punctuation": "- 00:01 a;\n- 00:02 b.\n" * (SIZE // 24),
    "sections starting at": "## a\n" + "Starts at 00:01.\n\n" * (SIZE // 18),
    "approximate marks": "00:01 (ca.) (ca.)" + " (ca.)" * (SIZE // 6) + "\n00:02 b\n",
    "tables never closed": "<table><tr><td>a</td>\n<td>1:00</td>\n" * (SIZE // 38),
    "tables opened and closed": "<table>\n</table>\n" * (SIZE // 17),
    "track numbers": "01 / 00:00 / a\n" * (SIZE // 15),
    "timecode past 59": "01  00:00:61  a\n" * (SIZE // 16),
    "short zero ranges": ":00-1:00 - a " * (SIZE // 13),
    "weekdays before times": "Viernes de de 16 a 1:00 " * (SIZE // 24),
    "entities escaped twice": "&amp;amp;ndash;" * (SIZE // 15),
    "length labels": "Duración (H:M:S): a 1:00 | " * (SIZE // 27),
    "durations": "a (4:12)\nb (0:20)\n" * (SIZE // 18),
    "gaps of spaces": "0:00 a 1:00 b 2:00 c" + "   x" * (SIZE // 4),
    "colons typed twice": "01::20:24 a\n" * (SIZE // 12),
    "titles glued to times": "A: 1:00 - 2:00Bb: " * (SIZE // 18),
    "dashes before glued times": "- 1:00Ab " * (SIZE // 9),
    "glued sentence ends": "a.B" * (SIZE // 3) + " 1:00 x 2:00 y 3:00 z",
    "lengths in minutes": "(08:17 Minuten 8 MB) " * (SIZE // 21),
    "dashes lost to encoding": "00:53:51 ? 00:55:25: a\n" * (SIZE // 23),
}
BOUND = 20.0  # seconds for 100,000 characters; linear code takes about one on a slow shared machine


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_input_is_read_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    read_chapters(text)
    try:
        parse_show_notes("Title\n" + text, Path("notes.txt"), podcast="Test Cast")
    except InvalidData:
        pass
    assert time.perf_counter() - started < BOUND


NOTE_PIECES = st.sampled_from(
    [
        "0", "1", "5", "9", "12", ":", "::", ".", ",", " ", "  ", "\t", "\n", "\n\n", "\\n", "-", " - ", "–", "—",
        "~", "(", ")", "[", "]", "[@", "](#t=1:02)", "**", "*", "_", "#", "## ", "> ", "* ", "- ", "1. ", "@",
        "<p>", "</p>", "<br>", "<li>", "<time>", "</time>", "<strong>", "&amp;", "&quot;", "&#32;", "&nbsp;",
        "http://x.y/z", "Intro", "Sponsor", "Outro", "Kapitel", "Dauer:", "Durée", "Capítulos", "Timestamps:",
        "Ben:", "and then", "(see 14:20)", "00:00", "12:34", "1:02:03", "63:10", "104:02", "01:12:450",
        "00:004:12", "0:2:10:33", "08:15:00", "00:75", "2021-01-09 18:30:00", "00:00 / 41:12", "8 October",
        "{", "}", '"chapters"', '"startTime": 12.5', '"title": "x"', "- start: 00:01:02", "title: y",
        "<psc:chapter start=\"00:00:01.5\" title=\"z\"/>", "\t", "1357756700 a #chapter", "ü", "漢字", "\u00a0",
        "\ufeff", "\ue000", "\x00",
    ]
)
NOTES = st.lists(NOTE_PIECES, max_size=120).map("".join)


def assert_well_formed(result: ChapterList) -> None:
    starts = [chapter.start for chapter in result.chapters]
    assert starts == sorted(set(starts)) and all(start >= 0 for start in starts)
    assert all(0 < len(chapter.title) <= MAX_TITLE for chapter in result.chapters)
    if not result.chapters:
        assert result.problem is not None and result.problem.startswith("no chapter list found")
    assert all(isinstance(warning, str) and warning for warning in result.warnings)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOTES, st.one_of(st.none(), st.integers(min_value=1, max_value=20 * 3600)))
def test_any_notes_give_chapters_in_order_or_a_clear_problem(text: str, duration: int | None) -> None:
    assert_well_formed(read_chapters(text, duration=duration))


@settings(max_examples=150, deadline=None)
@given(NOTES)
def test_any_notes_file_gives_an_episode_or_problems_naming_the_file(text: str) -> None:
    source = Path("notes/any.txt")
    try:
        ingested = parse_show_notes(text, source, podcast="Test Cast")
    except InvalidData as error:
        assert error.problems and all(problem.path == source and problem.message for problem in error.problems)
    else:
        assert ingested.episode.chapters and ingested.episode.duration > ingested.episode.chapters[-1].start


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_to_text_or_one_clear_refusal(data: bytes) -> None:
    try:
        text = decode_notes(data, Path("notes.bin"))
    except NotesFileError as error:
        assert str(error).startswith("notes.bin: ")
    else:
        assert isinstance(text, str) and "\r" not in text


@settings(max_examples=25, deadline=None)
@given(st.lists(NOTE_PIECES, min_size=1, max_size=12).map("".join))
def test_time_grows_linearly_with_repeated_input(snippet: str) -> None:
    small, large = snippet * (2_000 // len(snippet) + 1), snippet * (20_000 // len(snippet) + 1)
    started = time.perf_counter()
    read_chapters(small)
    small_time = time.perf_counter() - started
    started = time.perf_counter()
    read_chapters(large)
    large_time = time.perf_counter() - started
    # Ten times the input: linear takes about ten times as long; quadratic, a hundred.
    assert large_time < 40 * small_time + 1.0
