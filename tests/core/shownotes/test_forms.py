"""Every form the issue lists that the real corpus lacks, in a small fixture written for it.

tests/core/shownotes/fixtures/NAME.txt is the notes, NAME.expected the chapter list a careful reader
takes (`HH:MM:SS Title` lines, or `no chapter list`).
"""

from pathlib import Path

import pytest

from bot.core.shownotes import read_chapters

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NAMES = sorted(path.stem for path in FIXTURES.glob("*.txt"))


@pytest.mark.parametrize("name", NAMES)
def test_fixture_is_read_as_written(name: str) -> None:
    result = read_chapters((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))
    expected = (FIXTURES / f"{name}.expected").read_text(encoding="utf-8").strip()
    if expected == "no chapter list":
        assert result.chapters == () and result.problem and "no chapter list found" in result.problem
    else:
        read = "\n".join(f"{chapter.timestamp} {chapter.title}" for chapter in result.chapters)
        assert read == expected, "\n".join(result.warnings)


def test_typing_slips_are_repaired_each_with_a_warning_naming_its_line() -> None:
    result = read_chapters((FIXTURES / "typing-slips.txt").read_text(encoding="utf-8"))
    lines = sorted(int(warning.split(":")[0].removeprefix("line ")) for warning in result.warnings)
    assert lines == [3, 5, 7, 9, 11, 12]  # (00:004:12), (08:15:00), (01:12:450, (00:25:30), (0:2:10:33), (02::40:00)
    assert any("read as 00:08:15" in warning for warning in result.warnings)
    assert any("read as 01:25:30, assuming a dropped hour" in warning for warning in result.warnings)


def test_a_chapter_listed_out_of_order_is_kept_in_its_place_by_time_with_a_warning() -> None:
    result = read_chapters("00:00 Welcome\n10:00 Light\n05:00 Misplaced\n20:00 Dark\n30:00 End\n", duration=3600)
    assert [c.title for c in result.chapters] == ["Welcome", "Misplaced", "Light", "Dark", "End"]
    assert len(result.warnings) == 1 and "line 3" in result.warnings[0] and "Misplaced" in result.warnings[0]


@pytest.mark.parametrize(
    "text",
    ["<p>00:00 Intro\n04:10 News\n09:30 Letters</p>", "<p>Intro 00:00\nNews 04:10\nLetters 09:30</p>"],
)
def test_lines_of_one_html_paragraph_that_each_hold_an_entry_stay_apart(text: str) -> None:
    assert [chapter.title for chapter in read_chapters(text).chapters] == ["Intro", "News", "Letters"]


def test_numbers_and_letters_out_of_turn_are_no_list_marks() -> None:
    assert [c.title for c in read_chapters("3 things we learned 00:10\n7 questions 05:00\n").chapters] == [
        "3 things we learned",
        "7 questions",
    ]
    assert read_chapters("B 01:00 Light\nD 02:00 Dark\nA 03:00 Dawn\n").chapters == ()


def test_a_markdown_list_under_a_chapters_key_is_read_as_lines_not_as_yaml() -> None:
    text = "chapters:\n- 00:00 Intro\n- 02:29 Sponsor: AG1 # and more\n- 12:34 Sleep & Light\n"
    assert [c.title for c in read_chapters(text).chapters] == ["Intro", "Sponsor: AG1 # and more", "Sleep & Light"]


PROSE_WITH_TIMES = [
    "We argue at 14:20 that light matters, and by 22:10 we change our minds, until 35:00 when we agree again.",
    "Scores: 3:1, 2:0, 1:1 and 4:2 in the last four games.",
    "Recorded live 19:30 - 21:00, doors 18:45, with guests.",
    "Listen at 1:00, 2:00 and 3:00 on Sundays.",
]


@pytest.mark.parametrize("text", PROSE_WITH_TIMES)
def test_times_in_one_line_of_prose_are_no_flattened_list(text: str) -> None:
    result = read_chapters(text)
    assert result.chapters == () and result.problem and "no chapter list found" in result.problem


def test_a_word_joining_a_title_to_its_time_in_brackets_is_no_transcribers_mark() -> None:
    text = "Intro [from 00:00:00]\nThe news [from 00:05:10]\nYour questions [from 00:41:00]\n"
    assert [c.title for c in read_chapters(text).chapters] == ["Intro", "The news", "Your questions"]


def test_front_matter_records_keyed_at_with_a_subject_are_chapters() -> None:
    text = '---\ntimestamps:\n- at: "00:03"\n  subject: "Hello"\n- at: "02:06"\n  subject: "RSS"\n---\n'
    assert [(c.timestamp, c.title) for c in read_chapters(text).chapters] == [("00:00:03", "Hello"), ("00:02:06", "RSS")]


def test_a_short_list_of_sentence_titles_is_still_a_list() -> None:
    """Whole sentences after their times make a transcript only in numbers no chapter list reaches."""
    text = "".join(f"[00:{minute:02d}:00] Jo tells us how the team chose the framework, part {minute}.\n" for minute in range(0, 40, 4))
    assert len(read_chapters(text).chapters) == 10


def test_a_list_that_repeats_a_few_titles_between_its_topics_is_no_speaker_log() -> None:
    titles = ["Intro", "Listener question", "Ad break", "Listener question", "Why tides turn", "Ad break", "Listener question", "Outro"]
    text = "".join(f"{minute:02d}:00 {title}\n" for minute, title in zip(range(0, 80, 10), titles, strict=True))
    assert [c.title for c in read_chapters(text).chapters] == titles


def test_a_front_matter_string_holding_lines_is_decoded_with_a_warning_naming_its_line() -> None:
    text = (FIXTURES / "front-matter-quoted-description.txt").read_text(encoding="utf-8")
    result = read_chapters(text)
    assert [chapter.title for chapter in result.chapters][1] == "Qué es un analizador léxico"  # a `\` continuation
    assert any(warning.startswith("line 5: a front matter string holding lines") for warning in result.warnings)


def test_a_front_matter_that_is_no_yaml_is_read_as_lines() -> None:
    text = 'Title\n---\nnotes: "unclosed\n00:00 Intro\n05:10 News\n---\n'
    assert [chapter.title for chapter in read_chapters(text).chapters] == ["Intro", "News"]


def test_a_hosting_platforms_special_guest_line_glued_to_the_last_title_is_cut() -> None:
    text = "0:00 - 25:41 Confessions.\n25:41 - 31:15 Break.\n31:16 - 1:43:19 The interview.  Special Guest: Jane Roe.\n"
    result = read_chapters(text)
    assert [chapter.title for chapter in result.chapters][-1] == "The interview."
    assert any("Special Guest" in warning for warning in result.warnings)


def test_a_time_in_an_aside_of_a_flattened_title_starts_no_chapter_but_a_list_in_parentheses_is_read() -> None:
    aside = read_chapters("00:00 Hello 02:10 News (around 4:10 the mic fails) 09:30 Letters")
    assert [chapter.title for chapter in aside.chapters] == ["Hello", "News (around 4:10 the mic fails)", "Letters"]
    listed = read_chapters("Topics (00:00 Intro, 02:15 Sleep, 10:30 Light)")
    assert [chapter.title for chapter in listed.chapters] == ["Intro", "Sleep", "Light"]


def test_a_record_in_key_value_blocks_is_named_by_its_own_line_in_a_warning() -> None:
    text = (
        'episode "x" {\n  parts = [\n    { at = "00:00", what = "Intro" },\n    { at = "09:00", what = "Later topic" },\n'
        '    { at = "04:00", what = "Earlier topic" },\n    { at = "12:00", what = "Goodbye" },\n  ]\n}\n'
    )
    result = read_chapters(text)
    assert [chapter.title for chapter in result.chapters] == ["Intro", "Earlier topic", "Later topic", "Goodbye"]
    assert result.warnings == ["line 5: chapter 04:00 'Earlier topic' is listed out of time order; kept, in its place by time"]


def test_a_toml_data_file_below_a_line_opening_with_a_bracket_is_still_read() -> None:
    text = '[Draft] notes on the tides\n\n[[parts]]\nat = "0:00"\nwhat = "Intro"\n\n[[parts]]\nat = "5:10"\nwhat = "Tides"\n'
    result = read_chapters(text)
    assert [(chapter.start, chapter.title) for chapter in result.chapters] == [(0, "Intro"), (310, "Tides")]
