"""Timestamps, chapter ids and the links that start playback at a chapter."""

from urllib.parse import parse_qs, urlsplit

import pytest

from bot.core.episodes import Chapter, Episode, format_timestamp, parse_timestamp
from bot.core.episodes.links import timestamp_link


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
        # YouTube's "Start at" share option: t= in seconds, on every YouTube address form.
        ("https://www.youtube.com/watch?v=Rxmv7rT9leo", "https://www.youtube.com/watch?v=Rxmv7rT9leo&t=5164"),
        ("https://youtu.be/Rxmv7rT9leo", "https://youtu.be/Rxmv7rT9leo?t=5164"),
        ("https://m.youtube.com/watch?v=abc&start=10", "https://m.youtube.com/watch?v=abc&t=5164"),
        ("https://www.youtube.com/live/abc?si=x", "https://www.youtube.com/live/abc?si=x&t=5164"),
        ("https://vimeo.com/123456", "https://vimeo.com/123456#t=5164s"),
        ("https://www.twitch.tv/videos/99", "https://www.twitch.tv/videos/99?t=1h26m4s"),
        ("https://soundcloud.com/cast/ep-12", "https://soundcloud.com/cast/ep-12#t=1:26:04"),
        ("https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk", "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk?t=5164"),
        ("https://cdn.example.com/audio/ep12.mp3?src=rss", "https://cdn.example.com/audio/ep12.mp3?src=rss#t=5164"),
        ("https://player.example/ep/12#t={t}", "https://player.example/ep/12#t=5164"),
        ("https://player.example/ep/12/at/{t}s", "https://player.example/ep/12/at/5164s"),
    ],
)
def test_link_jumps_to_the_chapter_in_the_hosts_own_form(url: str, expected: str) -> None:
    assert timestamp_link(url, 5164) == expected


@pytest.mark.parametrize(
    "url",
    ["https://example.com/ep/12", "https://open.spotify.com/show/abc", "https://www.twitch.tv/somechannel",
     "https://podcasts.apple.com/us/podcast/x/id1?i=1000"],
)  # fmt: skip
def test_no_link_where_the_host_has_no_known_start_time_form(url: str) -> None:
    """A link that opened at 0:00 would promise a jump it does not make: the timestamp stays text."""
    assert timestamp_link(url, 5164) is None


def test_link_from_a_url_that_already_has_a_start_time_jumps_to_the_chapter() -> None:
    """A URL copied with YouTube's "start at" box ticked already has `t=`; the chapter's time must win."""
    link = timestamp_link("https://www.youtube.com/watch?v=abc123&t=42", 5164)
    assert parse_qs(urlsplit(link).query) == {"v": ["abc123"], "t": ["5164"]}


def test_episode_links_only_when_it_has_a_url() -> None:
    chapter = Chapter(754, "Sleep & Light")
    with_url = Episode("sleep", "Sleep", "Cast", 3000, (chapter,), url="https://youtu.be/sleep")
    without = Episode("sleep", "Sleep", "Cast", 3000, (chapter,))
    assert with_url.link(chapter) == "https://youtu.be/sleep?t=754"
    assert without.link(chapter) is None


def test_chapter_id_names_episode_and_start() -> None:
    episode = Episode("huberman-ketamine", "K", "HL", 6180, (Chapter(0, "Intro"), Chapter(5164, "Doses")))
    assert episode.chapter_id(1) == "huberman-ketamine@5164"
    assert episode.chapters[1].timestamp == "01:26:04"
