from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core.episodes import InvalidData, format_timestamp, parse_timestamp
from bot.core.episodes.codec import dump_episode, parse_episode
from bot.core.episodes.format import MAX_DESCRIPTION
from bot.core.shownotes import Ingested, parse_show_notes
from tests.support.paths import SHARED

SEED = SHARED / "seeds" / "huberman-ketamine.txt"
SOURCE = Path("notes/episode-12.txt")

SEED_CHAPTERS = [
    ("00:00:00", "Ketamine"),
    ("00:02:29", "Sponsors: ROKA & Eight Sleep"),
    ("00:05:13", "Ketamine & PCP; Clinical & Recreational Use"),
    ("00:09:00", "Depression & Current Treatments"),
    ("00:15:17", "Preclinical Models of Depression & Ketamine; “Learned Helplessness”"),
    ("00:22:11", "Ketamine & Clinical Uses; Depression & Suicidality"),
    ("00:28:32", "Ketamine & Other Psychiatric Challenges; Relief & Durability"),
    ("00:33:24", "Sponsor: AG1"),
    ("00:34:29", "NMDA Receptor & Neuroplasticity"),
    ("00:41:36", "Excitatory & Inhibitory Communication, Seizure, NMDA Receptors & Ketamine"),
    ("00:48:26", "How Ketamine Functions in Brain; Acute & Long-Term Effects"),
    ("00:55:36", "Brain-Derived Neurotrophic Factor (BDNF) & Ketamine Therapy"),
    ("01:02:28", "Sponsor: LMNT"),
    ("01:03:40", "Ketamine & Opioid Pathway"),
    ("01:10:00", "Divergent Mechanisms of Immediate & Long-Term Effects"),
    ("01:15:45", "Habenula, Pro-Depressive Behaviors & Ketamine Therapy"),
    ("01:20:36", "Ketamine & Context-Dependent Strategy; Reward Pathway"),
    ("01:22:45", "Dissociative States"),
    ("01:26:04", "Doses & Routes of Administration; “K-holes”; Risk & Caution"),
    ("01:32:25", "Ketamine Forms; R-, S- vs R/S- Ketamine; Micro-Dosing"),
    ("01:38:24", "Ketamine: Effects & Therapy"),
    (
        "01:40:40",
        "Zero-Cost Support, YouTube Feedback, Spotify & Apple Reviews, Sponsors, Momentous, Social Media, "
        "Neural Network Newsletter",
    ),
]


def ingest(text: str, **kwargs: str) -> Ingested:
    kwargs.setdefault("podcast", "Test Cast")
    return parse_show_notes(text, SOURCE, **kwargs)


def ingest_as(text: str, source: Path) -> Ingested:
    return parse_show_notes(text, source, podcast="Test Cast")


def pairs(result: Ingested) -> list[tuple[str, str]]:
    return [(chapter.timestamp, chapter.title) for chapter in result.episode.chapters]


def problems(error: pytest.ExceptionInfo[InvalidData]) -> str:
    return "\n".join(map(str, error.value.problems))


def assert_round_trip(result: Ingested) -> None:
    assert parse_episode(dump_episode(result.episode), Path("episode.json")) == result.episode


# --- the seed ----------------------------------------------------------------------------------


@pytest.fixture
def seed() -> Ingested:
    if not SEED.is_file():
        pytest.skip(f"seed show notes not found at {SEED} (shared/ sits beside the checkout)")
    return parse_show_notes(SEED.read_text(encoding="utf-8"), SEED, podcast="Huberman Lab")


def test_seed_gives_every_chapter_with_its_time_and_title(seed: Ingested) -> None:
    assert pairs(seed) == SEED_CHAPTERS


def test_seed_habenula_time_is_repaired_with_a_warning_naming_the_line(seed: Ingested) -> None:
    # The other warning names the credit line glued to the last title, cut off it.
    [warning] = [warning for warning in seed.warnings if "Habenula" in warning.message]
    assert warning.path == SEED
    assert warning.line == 5
    assert "00:15:45" in warning.message and "01:15:45" in warning.message
    assert [w.line for w in seed.warnings if "Photo Credit" in w.message] == [5]


def test_seed_chapter_kinds(seed: Ingested) -> None:
    kinds = {chapter.timestamp: chapter.kind for chapter in seed.episode.chapters}
    assert kinds["00:02:29"] == kinds["00:33:24"] == kinds["01:02:28"] == "sponsor"
    assert kinds["01:40:40"] == "outro"
    assert kinds["00:00:00"] == "intro"  # 2.5 minutes of a 103-minute episode: its opening
    assert kinds["00:05:13"] == kinds["01:38:24"] == "content"


def test_seed_episode_fields(seed: Ingested) -> None:
    episode = seed.episode
    assert episode.id == "huberman-ketamine"
    assert episode.title == "Ketamine: Benefits and Risks for Depression, PTSD & Neuroplasticity"
    assert episode.podcast == "Huberman Lab"
    assert episode.duration == parse_timestamp("01:43:00")
    assert episode.description.startswith("In this episode, I explain how ketamine causes rewiring")
    assert episode.description.endswith("psychiatry and mental health.")
    for boilerplate in ("For the full show notes", "Thank you to our sponsors", "Timestamps", "Ph.D."):
        assert boilerplate not in episode.description
    assert all(c.summary == "" and c.keywords == () for c in episode.chapters)
    assert episode.url is None and episode.note is None


def test_seed_dumps_to_a_file_that_loads_back(seed: Ingested) -> None:
    assert_round_trip(seed)


# --- chapter formats ---------------------------------------------------------------------------

CHAPTERS = [(0, "Welcome"), (149, "Sponsor: AG1"), (754, "Sleep & Light; Timing"), (2706, "Closing")]


def mmss(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def h_mmss(seconds: int) -> str:
    return format_timestamp(seconds).removeprefix("0")


FORMATS: dict[str, Callable[[int, str], str]] = {
    "(HH:MM:SS) Title": lambda s, t: f"({format_timestamp(s)}) {t}",
    "HH:MM:SS Title": lambda s, t: f"{format_timestamp(s)} {t}",
    "H:MM:SS Title": lambda s, t: f"{h_mmss(s)} {t}",
    "MM:SS Title": lambda s, t: f"{mmss(s)} {t}",
    "[MM:SS] Title": lambda s, t: f"[{mmss(s)}] {t}",
    "[HH:MM:SS] Title": lambda s, t: f"[{format_timestamp(s)}] {t}",
}


def notes(chapter_lines: list[str], *, one_line: bool) -> str:
    listing = "Timestamps " + " ".join(chapter_lines) if one_line else "Timestamps:\n" + "\n".join(chapter_lines)
    return f"Sleep Better\nDuration: 50:00\n\nWe talk about sleep and light in this one.\n{listing}\n"


def expected(chapters: list[tuple[int, str]] = CHAPTERS) -> list[tuple[str, str]]:
    return [(format_timestamp(start), title) for start, title in chapters]


@pytest.mark.parametrize("one_line", [False, True], ids=["one-per-line", "one-line"])
@pytest.mark.parametrize("fmt", FORMATS.values(), ids=FORMATS.keys())
def test_chapter_formats(fmt: Callable[[int, str], str], one_line: bool) -> None:
    result = ingest(notes([fmt(start, title) for start, title in CHAPTERS], one_line=one_line))
    assert pairs(result) == expected()
    assert [c.kind for c in result.episode.chapters] == ["intro", "sponsor", "content", "outro"]
    assert result.warnings == []
    assert_round_trip(result)


@pytest.mark.parametrize("separator", [" - ", " – ", " — ", ": ", " | ", " "])
@pytest.mark.parametrize("one_line", [False, True], ids=["one-per-line", "one-line"])
@pytest.mark.parametrize("bracket", [False, True], ids=["bare", "bracketed"])
def test_separators_between_time_and_title(separator: str, one_line: bool, bracket: bool) -> None:
    lines = [f"[{mmss(s)}]{separator}{t}" if bracket else f"{mmss(s)}{separator}{t}" for s, t in CHAPTERS]
    assert pairs(ingest(notes(lines, one_line=one_line))) == expected()


@pytest.mark.parametrize("bullet", ["- ", "* ", "• ", "numbered"])
@pytest.mark.parametrize("one_line", [False, True], ids=["one-per-line", "one-line"])
def test_bullets_before_chapters(bullet: str, one_line: bool) -> None:
    lines = [f"{f'{n}. ' if bullet == 'numbered' else bullet}{mmss(s)} - {t}" for n, (s, t) in enumerate(CHAPTERS, 1)]
    assert pairs(ingest(notes(lines, one_line=one_line))) == expected()


def test_title_followed_by_its_time() -> None:
    lines = [f"{t} - {mmss(s)}" for s, t in CHAPTERS]
    assert pairs(ingest(notes(lines, one_line=False))) == expected()


def test_a_bare_time_inside_a_title_of_a_bracketed_list_stays_in_the_title() -> None:
    one_per_line = "(00:00:00) Welcome\n(00:10:00) Why 9:30 beats 10:45 for bed"
    one_line = "[00:00] Welcome [10:00] Why 9:30 beats 10:45 for bed"
    for listing in (one_per_line, one_line):
        result = ingest(f"Sleep Better\n60 min\n{listing}\n")
        assert pairs(result) == [("00:00:00", "Welcome"), ("00:10:00", "Why 9:30 beats 10:45 for bed")]


def test_a_chapter_time_without_any_title_is_dropped_with_a_warning_naming_the_line() -> None:
    result = ingest("Sleep Better\n30 min\n00:00 Welcome\n10:00\n20:00 Darkness\n")
    assert pairs(result) == [("00:00:00", "Welcome"), ("00:20:00", "Darkness")]
    assert [(w.line, "no title" in w.message) for w in result.warnings] == [(4, True)]


def test_first_chapter_on_the_timestamps_heading_line() -> None:
    result = ingest("Sleep Better\n60 min\nTimestamps: 00:00 Welcome\n10:00 Light\n")
    assert pairs(result) == [("00:00:00", "Welcome"), ("00:10:00", "Light")]


def test_a_lone_time_in_prose_is_not_a_chapter() -> None:
    text = "Sleep Better\n103 Min\nWe recorded this at 10:30 in the studio.\n00:00 Welcome\n05:00 Light\n"
    assert pairs(ingest(text)) == [("00:00:00", "Welcome"), ("00:05:00", "Light")]


# --- what surrounds the chapter list -----------------------------------------------------------


def test_links_and_credits_after_a_one_line_list_are_not_part_of_the_last_title() -> None:
    text = (
        "Sleep Better\n60 min\n(00:00:00) Welcome (00:10:00) Light & Dark https://example.com/light "
        "Follow us on Instagram Title Card Photo Credit: Jane Doe Disclaimer\n"
    )
    assert pairs(ingest(text)) == [("00:00:00", "Welcome"), ("00:10:00", "Light & Dark")]


def test_links_and_credits_on_their_own_lines_do_not_become_chapters() -> None:
    text = (
        "Sleep Better\n60 min\nSponsors: AG1 https://ag1.com/x\n"
        "- 00:00 Welcome\n- 10:00 Light & Dark (https://example.com/light)\n"
        "Follow us: https://twitter.com/x\nTitle Card Photo Credit: Jane Doe\nDisclaimer: not medical advice.\n"
    )
    assert pairs(ingest(text)) == [("00:00:00", "Welcome"), ("00:10:00", "Light & Dark")]


# --- times that run backwards ------------------------------------------------------------------


def test_backwards_time_that_hours_cannot_repair_is_kept_in_its_place_by_time_naming_the_chapter() -> None:
    # 01:05:00 would fit the two hours but not come before the next chapter at 00:20:00: a topic the
    # notes list out of order, kept at the time they give, as a careful reader does.
    text = "Sleep Better\n2 hours\n00:00 Welcome\n10:00 Light\n05:00 Darkness\n20:00 Closing\n"
    result = ingest(text)
    assert pairs(result) == [("00:00:00", "Welcome"), ("00:05:00", "Darkness"), ("00:10:00", "Light"), ("00:20:00", "Closing")]
    [warning] = result.warnings
    assert warning.path == SOURCE and warning.line == 5
    assert "05:00" in warning.message and "Darkness" in warning.message and "out of time order" in warning.message


def test_a_mistyped_time_out_of_order_is_dropped_naming_the_chapter() -> None:
    text = "Sleep Better\n2 hours\n00:00 Welcome\n41:43 Light\n00:4:00 Darkness\n46:12 Closing\n"
    result = ingest(text)
    assert pairs(result) == [("00:00:00", "Welcome"), ("00:41:43", "Light"), ("00:46:12", "Closing")]
    [warning] = result.warnings
    assert warning.line == 5 and "Darkness" in warning.message and "dropped" in warning.message


def test_backwards_last_chapter_is_repaired_when_it_fits_the_duration() -> None:
    text = "Sleep Better\n1 hr 10 min\n00:00 Welcome\n59:00 Light\n05:00 Darkness\n"
    result = ingest(text)
    assert pairs(result)[-1] == ("01:05:00", "Darkness")
    assert [w.line for w in result.warnings] == [5]


def test_backwards_last_chapter_is_kept_as_written_when_the_repair_passes_the_end() -> None:
    result = ingest("Sleep Better\n60 min\n00:00 Welcome\n59:00 Light\n05:00 Darkness\n")
    assert pairs(result) == [("00:00:00", "Welcome"), ("00:05:00", "Darkness"), ("00:59:00", "Light")]
    [warning] = result.warnings
    assert "Darkness" in warning.message and "05:00" in warning.message and "01:05:00" not in warning.message


def test_chapter_after_the_episode_ends_is_dropped_with_a_warning() -> None:
    result = ingest("Sleep Better\n20 min\n00:00 Welcome\n10:00 Light\n25:00 Late\n")
    assert pairs(result) == [("00:00:00", "Welcome"), ("00:10:00", "Light")]
    assert [w.line for w in result.warnings] == [5] and "after the episode ends" in result.warnings[0].message


def test_impossible_time_is_dropped_with_a_warning_naming_the_line() -> None:
    result = ingest("Sleep Better\n20 min\n00:00 Welcome\n[00:75] Light\n10:00 Dark\n")
    assert pairs(result) == [("00:00:00", "Welcome"), ("00:10:00", "Dark")]
    assert [w.line for w in result.warnings] == [4] and "00:75" in result.warnings[0].message


def test_one_chapter_left_is_no_chapter_list() -> None:
    with pytest.raises(InvalidData) as error:
        ingest("Sleep Better\n20 min\n00:00 Welcome\n[00:75] Light\n")
    assert "no chapter list found" in problems(error)


# --- episode fields ----------------------------------------------------------------------------


def test_no_chapter_list_is_an_error_not_an_empty_episode() -> None:
    with pytest.raises(InvalidData) as error:
        ingest("Sleep Better\n60 min\nWe talk about sleep, recorded at 10:30.\nhttps://example.com\n")
    assert "no chapter list found: expected lines like '(00:12:34) Title'" in problems(error)


def test_missing_podcast_is_an_error_with_the_hint() -> None:
    with pytest.raises(InvalidData) as error:
        parse_show_notes("Sleep Better\n60 min\n00:00 Welcome\n10:00 Light\n", SOURCE)
    assert "podcast name not found; pass --podcast NAME" in problems(error)


def test_podcast_from_a_podcast_line_and_the_argument_wins() -> None:
    text = "Podcast: Sleep Lab\nSleep Better\n60 min\n00:00 Welcome\n10:00 Light\n"
    assert parse_show_notes(text, SOURCE).episode.podcast == "Sleep Lab"
    assert parse_show_notes(text, SOURCE).episode.title == "Sleep Better"
    assert parse_show_notes(text, SOURCE, podcast="Other").episode.podcast == "Other"


@pytest.mark.parametrize(
    ("line", "seconds"),
    [("103 Min", 6180), ("1 hr 43 min", 6180), ("1:43:00", 6180), ("Duration: 01:43:00", 6180), ("2 hours", 7200)],
)
def test_duration_lines(line: str, seconds: int) -> None:
    result = ingest(f"Sleep Better\n{line}\n00:00 Welcome\n10:00 Light\n")
    assert result.episode.duration == seconds
    assert result.warnings == []
    assert pairs(result) == [("00:00:00", "Welcome"), ("00:10:00", "Light")]


def test_a_front_matter_post_gives_its_quoted_duration_and_its_chapters_mapping() -> None:
    text = (Path(__file__).parent / "fixtures" / "yaml-front-matter-mapping.txt").read_text(encoding="utf-8")
    result = ingest("A night train to the sea\n\n" + text)
    assert result.episode.duration == parse_timestamp("00:31:20")
    assert pairs(result)[2] == ("00:04:12", "Our compartment (and its ladder)") and len(pairs(result)) == 5
    assert not [w for w in result.warnings if "duration" in w.message]


def test_the_lone_times_of_a_web_timeline_are_chapters_not_the_duration() -> None:
    text = (Path(__file__).parent / "fixtures" / "timeline-heading-over-time.txt").read_text(encoding="utf-8")
    result = ingest("A year looked back\n\n" + text)
    assert [title for _, title in pairs(result)][-1] == "Plans for next year" and len(pairs(result)) == 3
    assert result.episode.duration == parse_timestamp("00:42:00")  # none given: the minute after the last chapter
    assert ingest("Sleep Better\n1:43:00\n00:00 Welcome\n10:00 Light\n").episode.duration == 6180  # one lone H:MM:SS line is the length


def test_missing_duration_uses_the_minute_after_the_last_chapter_with_a_warning() -> None:
    result = ingest("Sleep Better\n00:00 Welcome\n1:40:40 Light\n")
    assert result.episode.duration == parse_timestamp("01:41:00")
    assert len(result.warnings) == 1 and "no duration found" in result.warnings[0].message
    assert_round_trip(result)


def test_unreadable_duration_is_a_warning_naming_the_line() -> None:
    result = ingest("Sleep Better\nDuration: about an hour\n00:00 Welcome\n10:00 Light\n")
    assert result.warnings[0].line == 2 and "about an hour" in result.warnings[0].message
    assert result.episode.duration == 11 * 60


def test_id_is_a_slug_of_the_file_name_unless_given() -> None:
    text = "Sleep Better\n60 min\n00:00 Welcome\n10:00 Light\n"
    assert ingest_as(text, Path("My Show — Épisode 12!.txt")).episode.id == "my-show-episode-12"
    assert ingest_as(text, Path("x" * 80 + ".txt")).episode.id == "x" * 64
    assert ingest(text, episode_id="sleep-1").episode.id == "sleep-1"
    with pytest.raises(InvalidData):
        ingest(text, episode_id="Not An Id")


def test_notes_starting_with_the_chapter_list_have_no_title() -> None:
    with pytest.raises(InvalidData) as error:
        ingest("00:00 Welcome\n10:00 Light\n")
    assert "title not found" in problems(error)


def test_description_keeps_prose_and_drops_boilerplate() -> None:
    text = (
        "Sleep Better\nJane Doe, Ph.D.\n60 min\n\n"
        "In this episode we cover light, darkness\nand the timing of sleep. We also discuss naps.\n\n"
        "Thank you to our sponsors AG1: ROKA:\nFor the full show notes, visit example.com\n"
        "Timestamps:\n00:00 Welcome\n10:00 Light\n"
    )
    assert ingest(text).episode.description == (
        "In this episode we cover light, darkness and the timing of sleep. We also discuss naps."
    )


def test_overlong_description_is_cut_at_a_sentence_with_a_warning() -> None:
    prose = "We talk about light and sleep at some length here. " * 100
    result = ingest(f"Sleep Better\n60 min\n{prose}\n00:00 Welcome\n10:00 Light\n")
    description = result.episode.description
    assert len(description) <= MAX_DESCRIPTION and description.endswith("here.") and prose.startswith(description)
    assert any("description" in w.message for w in result.warnings)
    assert_round_trip(result)


# --- kinds -------------------------------------------------------------------------------------


def test_kinds_follow_position_as_well_as_title() -> None:
    text = (
        "Sleep Better\n60 min\n00:00 Introduction\n01:00 Ad break\n05:00 Light\n"
        "20:00 Introduction to melatonin\n30:00 Closing the loop on naps\n40:00 Sponsored by AG1\n50:00 Outro\n"
    )
    kinds = [c.kind for c in ingest(text).episode.chapters]
    assert kinds == ["intro", "sponsor", "content", "content", "content", "sponsor", "outro"]


def test_long_first_chapter_at_zero_is_content() -> None:
    kinds = [c.kind for c in ingest("Sleep Better\n60 min\n00:00 Light\n20:00 Darkness\n").episode.chapters]
    assert kinds == ["content", "content"]
