"""read_chapters: the chapter list of a description string, as feeds and ingest use it."""

from bot.core.episodes.format import MAX_TITLE
from bot.core.shownotes import ChapterList, read_chapters


def pairs(result: ChapterList) -> list[tuple[str, str]]:
    return [(chapter.timestamp, chapter.title) for chapter in result.chapters]


def test_plain_text_description() -> None:
    result = read_chapters("We talk about sleep.\n\n00:00 Welcome\n12:30 Light and sleep\n63:10 Questions\n")
    assert pairs(result) == [("00:00:00", "Welcome"), ("00:12:30", "Light and sleep"), ("01:03:10", "Questions")]
    assert result.warnings == [] and result.problem is None


def test_html_description_with_entities_and_breaks() -> None:
    html = "<p>Show notes</p><p>(00:01:02) Intro &amp; hello<br>(00:10:00) Sleep &mdash; light</p>"
    assert pairs(read_chapters(html)) == [("00:01:02", "Intro & hello"), ("00:10:00", "Sleep — light")]


def test_no_chapter_list_is_empty_with_the_reason() -> None:
    result = read_chapters("<p>Links: <a href='https://x.org'>x</a>, recorded at 10:30.</p>")
    assert result.chapters == () and result.problem is not None and "no chapter list found" in result.problem


def test_duration_drops_a_chapter_after_the_end_with_a_warning_naming_the_line() -> None:
    result = read_chapters("00:00 Welcome\n10:00 Light\n25:00 Late\n", duration=20 * 60)
    assert pairs(result) == [("00:00:00", "Welcome"), ("00:10:00", "Light")]
    assert len(result.warnings) == 1 and result.warnings[0].startswith("line 3:")


def test_kinds_of_sponsor_and_closing_chapters_as_podcasts_word_them() -> None:
    text = (
        "00:00 Welcome to Syntax!\n01:18 Brought to you by Sentry.io.\n01:51 What Alex does\n"
        "40:00 How does testing work?\n51:29 Follow Dr. Curtis' work!\n"
    )
    assert [c.kind for c in read_chapters(text, duration=3600).chapters] == [
        "intro", "sponsor", "content", "content", "outro"
    ]


def test_a_paragraph_after_its_time_is_titled_by_its_sentences_that_fit_and_kept_whole_as_the_summary() -> None:
    paragraph = (
        "Our guest explains why the harbour silted up after the new pier was built. "
        "She walks us through a century of tide tables, the dredging that never happened, "
        "and what the fishermen said at the council meeting. Then we take your questions about moorings."
    )
    result = read_chapters(f"00:00 Welcome\n04:10 {paragraph}\n31:00 Goodbye\n")
    titled = result.chapters[1]
    assert titled.title == "Our guest explains why the harbour silted up after the new pier was built."
    assert titled.summary == paragraph  # searched with the chapter, nothing of the notes lost
    assert result.chapters[0].summary == "" and "kept as its summary" in result.warnings[0]


def test_a_title_too_long_for_discord_without_a_sentence_end_is_cut_after_a_word_with_a_warning() -> None:
    names = ", ".join(f"Guest number {n} from the harbour" for n in range(1, 9))  # 262 characters, no sentence end
    result = read_chapters(f"00:00 Welcome\n10:00 {names}\n20:00 Dark\n")
    assert pairs(result)[1] == ("00:10:00", names[:names.index(", Guest number 7")] + "…")  # six whole names, no comma
    assert result.chapters[1].summary == names  # searched, never lost
    assert len(result.warnings) == 1 and result.warnings[0].startswith("line 2:") and "cut after a word" in result.warnings[0]


def test_titles_too_long_for_discord_that_are_most_of_the_list_are_dropped_as_a_transcripts_turns() -> None:
    turn = "and then I said " * 15  # 239 characters once stripped, no sentence end
    result = read_chapters(f"00:00 Welcome\n10:00 {turn}\n15:00 {turn}\n17:00 {turn}\n20:00 Dark\n")
    assert pairs(result) == [("00:00:00", "Welcome"), ("00:20:00", "Dark")]
    assert [w.split(":")[0] for w in result.warnings] == ["line 2", "line 3", "line 4"]
    assert all(f"at most {MAX_TITLE}" in w and "dropped" in w for w in result.warnings)


def test_a_last_time_below_the_one_before_lost_its_hour_only_when_the_list_was_about_to_pass_one() -> None:
    near_the_hour = read_chapters("00:00 Welcome\n30:00 Light\n58:10 Dark\n03:20 Goodbye\n")
    assert pairs(near_the_hour)[-1] == ("01:03:20", "Goodbye")
    mid_hour = read_chapters("00:00 Welcome\n12:00 Light\n38:40 Dark\n03:30 Guest\n")
    assert pairs(mid_hour) == [("00:00:00", "Welcome"), ("00:03:30", "Guest"), ("00:12:00", "Light"), ("00:38:40", "Dark")]
