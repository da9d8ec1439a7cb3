"""The family matrix (matrix.py, matrix_notes.py): every layout it writes out is read as the list it was written from,
and every one of its notes without a chapter list is refused."""

import pytest

from bot.core.shownotes import read_chapters
from tests.core.shownotes.matrix_notes import cases

CASES = cases()


# Layouts the reader cannot yet read as written, each with why: strict, so a fix shows.
KNOWN = {
    "flattened between prose": "a closing sentence glued to the last flattened title with no mark between them "
    "(`48:10 Listener questions Thanks for listening!`) reads as part of it",
}


def _param(name: str, text: str, chapters: list[str] | None) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN[name])] if name in KNOWN else []
    return pytest.param(text, chapters, id=name, marks=marks)


@pytest.mark.parametrize(("text", "chapters"), [_param(*case) for case in CASES])
def test_each_layout_of_the_matrix_is_read_as_written(text: str, chapters: list[str] | None) -> None:
    result = read_chapters(text)
    if chapters is None:
        assert result.chapters == () and result.problem and "no chapter list found" in result.problem
    else:
        assert [f"{chapter.timestamp} {chapter.title}" for chapter in result.chapters] == chapters, "\n".join(result.warnings)


def test_the_matrix_names_each_case_once() -> None:
    names = [name for name, _, _ in CASES]
    assert len(names) == len(set(names))


def test_two_title_first_entries_glued_on_one_line_are_read_with_a_warning_naming_it() -> None:
    text = "Intro [00:00]\nWhy sleep matters [02:15] Light in the morning [10:30]\nCaffeine [25:05]\nQuestions [48:10]\n"
    result = read_chapters(text)
    assert [chapter.title for chapter in result.chapters] == ["Intro", "Why sleep matters", "Light in the morning", "Caffeine", "Questions"]
    assert [warning for warning in result.warnings if "line break lost" in warning][0].startswith("line 2: ")


def test_a_prose_line_with_two_bracketed_times_alone_is_no_list() -> None:
    result = read_chapters("In the interview (12:03) she says it all began in Berlin (15:00)\n")
    assert result.chapters == ()


def test_utf8_read_as_windows_1252_is_put_back_with_a_warning_naming_its_line() -> None:
    result = read_chapters("Sleep\n00:00 Intro\n02:15 â€“ CafÃ© and Caffeineâ€™s half-life\n10:30 Light\n")
    assert [chapter.title for chapter in result.chapters] == ["Intro", "Café and Caffeine’s half-life", "Light"]
    assert any(warning.startswith("line 3: UTF-8 text read as Windows-1252") for warning in result.warnings)


def test_a_text_with_accents_of_its_own_is_left_as_written() -> None:
    result = read_chapters("00:00 NÃO é isso\n02:15 Â bientôt\n")
    assert [chapter.title for chapter in result.chapters] == ["NÃO é isso", "Â bientôt"] and not result.warnings


def test_a_topic_out_of_order_in_a_list_that_writes_its_hours_lost_no_hour() -> None:
    text = "00:00:00 Intro\n00:10:00 News\n00:30:08 Links\n00:01:20 Benchmarks\n00:01:40 GC bench\n00:35:00 Tools\n01:01:00 Questions\n"
    result = read_chapters(text)
    assert [(chapter.timestamp, chapter.title) for chapter in result.chapters] == [
        ("00:00:00", "Intro"), ("00:01:20", "Benchmarks"), ("00:01:40", "GC bench"), ("00:10:00", "News"),
        ("00:30:08", "Links"), ("00:35:00", "Tools"), ("01:01:00", "Questions"),
    ]
    assert any(warning.startswith("line 4: ") and "out of time order" in warning for warning in result.warnings)


def test_a_time_that_lost_its_hour_is_still_lifted_when_no_later_hour_contradicts_it() -> None:
    text = "00:00:00 Intro\n00:40:00 News\n00:55:00 Links\n00:05:00 Tools\n01:20:00 Questions\n"
    assert [chapter.timestamp for chapter in read_chapters(text).chapters][3] == "01:05:00"


def test_a_part_heading_over_times_that_lost_their_hour_starts_no_second_list() -> None:
    result = read_chapters("00:00 Intro\n40:00 A\n55:00 B\n\nPart 2:\n05:00 C\n20:00 D\n")
    assert [chapter.timestamp for chapter in result.chapters] == ["00:00:00", "00:40:00", "00:55:00", "01:05:00", "01:20:00"]
