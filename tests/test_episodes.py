"""Timestamps, chapter ids and the links that start playback at a chapter."""

from urllib.parse import parse_qs, urlsplit

import pytest

from bot.core.episodes import Chapter, Episode, format_timestamp, parse_timestamp, timestamp_link


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("01:26:04", 5164), ("1:26:04", 5164), ("26:04", 1564), ("5:07", 307), ("00:00:00", 0), (" 01:15:45 ", 4545)],
)
def test_timestamps_in_the_forms_show_notes_use(text: str, seconds: int) -> None:
    assert parse_timestamp(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "1:2:3", "00:60:00", "00:00:60", "1h26m", "-01:00"])
def test_malformed_timestamp_is_refused_naming_the_text(text: str) -> None:
    with pytest.raises(ValueError, match="is not a timestamp"):
        parse_timestamp(text)


def test_timestamps_are_written_as_hh_mm_ss() -> None:
    assert format_timestamp(5164) == "01:26:04"
    assert format_timestamp(59) == "00:00:59"
    assert parse_timestamp(format_timestamp(6180)) == 6180


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/ep/12", "https://example.com/ep/12?t=5164"),
        ("https://www.youtube.com/watch?v=abc123", "https://www.youtube.com/watch?v=abc123&t=5164"),
        ("https://example.com/ep?src=rss#player", "https://example.com/ep?src=rss&t=5164#player"),
        ("https://player.example/ep/12#t={t}", "https://player.example/ep/12#t=5164"),
        ("https://player.example/ep/12/at/{t}s", "https://player.example/ep/12/at/5164s"),
    ],
)
def test_link_jumps_to_the_chapter(url: str, expected: str) -> None:
    assert timestamp_link(url, 5164) == expected


def test_link_from_a_url_that_already_has_a_start_time_jumps_to_the_chapter() -> None:
    """A URL copied with YouTube's "start at" box ticked already has `t=`; the chapter's time must win."""
    link = timestamp_link("https://www.youtube.com/watch?v=abc123&t=42", 5164)
    assert parse_qs(urlsplit(link).query) == {"v": ["abc123"], "t": ["5164"]}


def test_episode_links_only_when_it_has_a_url() -> None:
    chapter = Chapter(754, "Sleep & Light")
    with_url = Episode("sleep", "Sleep", "Cast", 3000, (chapter,), url="https://example.com/sleep")
    without = Episode("sleep", "Sleep", "Cast", 3000, (chapter,))
    assert with_url.link(chapter) == "https://example.com/sleep?t=754"
    assert without.link(chapter) is None


def test_chapter_id_names_episode_and_start() -> None:
    episode = Episode("huberman-ketamine", "K", "HL", 6180, (Chapter(0, "Intro"), Chapter(5164, "Doses")))
    assert episode.chapter_id(1) == "huberman-ketamine@5164"
    assert episode.chapters[1].timestamp == "01:26:04"
