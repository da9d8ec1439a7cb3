"""Reading one feed item: the forms of itunes:duration, guests named in titles, links, HTML notes."""

from __future__ import annotations

import pytest

from bot.core.feeds.entries import FeedError, parse_duration, parse_feed, plain_text
from tests.support.feedserver import corpus_file, rss


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("01:43:00", 6180), ("1:43:00", 6180), ("43:00", 2580), ("6180", 6180), ("6180.5", 6180), ("1:02:03.250", 3723),
     (" 45:07 ", 2707)],
)  # fmt: skip
def test_itunes_duration_in_its_forms(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "1:2:3:4", "00:75:00", "-5", "0"])
def test_unreadable_duration_is_unknown(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    ("title", "guests"),
    [("Goldilocks Fidelity (feat. Daniel Burka)", ("Daniel Burka",)),
     ("Sleep and Mood with Dr. Matthew Walker", ("Dr. Matthew Walker",)),
     ("Episode 12 w/ Jane Q Doe - on focus", ("Jane Q Doe",)),
     ("Living with Anxiety", ()), ("Coffee with The Team", ())],
)  # fmt: skip
def test_guests_named_in_the_title_are_people(title: str, guests: tuple[str, ...]) -> None:
    [entry] = parse_feed(rss([{"guid": "1", "title": title}]).encode()).entries
    assert entry.people == guests


def test_podcast_person_names_come_first_and_number_from_podcast_episode() -> None:
    xml = '<podcast:person role="host">Ann Host</podcast:person><podcast:person role="guest">Bo Guest</podcast:person>'
    xml += '<podcast:episode display="Pilot">7</podcast:episode>'
    [entry] = parse_feed(rss([{"guid": "1", "title": "Pilot with Cy Third", "xml": xml}]).encode()).entries
    assert entry.people == ("Ann Host", "Bo Guest", "Cy Third") and entry.number == 7


VIDEO = "https://www.youtube.com/watch?v=Rxmv7rT9leo"
PRESENTED = {
    "its own text": f'<p>Links:</p><ul><li><a href="{VIDEO}">Watch this episode on YouTube</a></li></ul>',
    "the words before it": f'<p>Watch on YouTube: <a href="{VIDEO}">{VIDEO}</a></p><p>More at <a href="https://a.example">a</a></p>',
    "plain text": f"About sleep.\nFull episode on YouTube: {VIDEO}\nClip we mentioned: https://youtu.be/aaaaaaaaaaa",
    "Markdown": f"* [The video version]({VIDEO})\n* [A clip](https://youtu.be/aaaaaaaaaaa)",
    "German": f'<p>Diese Folge auf YouTube: <a href="{VIDEO}">hier</a></p>',
    "French": f'<p><a href="{VIDEO}">Regarder l’épisode sur YouTube</a></p>',
    "Spanish": f"Ver el episodio completo en YouTube → {VIDEO}",
    "twice, the same video": f'<a href="{VIDEO}">Watch on YouTube</a> … <a href="{VIDEO}">Watch the full episode</a>',
}


def link_of(notes: str) -> str | None:
    """The link of an episode whose own page has no start-time form, with these notes."""
    [entry] = parse_feed(rss([{"guid": "1", "title": "T", "link": "https://cast.example/1", "description": notes}]).encode()).entries
    return entry.url


@pytest.mark.parametrize("notes", PRESENTED.values(), ids=PRESENTED.keys())
def test_a_video_the_notes_present_as_the_episode_is_its_link(notes: str) -> None:
    assert link_of(notes) == VIDEO


CITED = {
    "a clip in a list of links": f'<ul><li><a href="https://a.example">A</a></li><li><a href="{VIDEO}">The eBay Promo video</a></li></ul>',
    "a trailer to watch": f'<p>Watch the trailer on YouTube: <a href="{VIDEO}">here</a></p>',
    "a video named as one": f'<p>Video: <a href="{VIDEO}">Unmasking HTML Emails</a></p>',
    "someone's review": f"Marco's video review on YouTube: {VIDEO}",
    "a bare link": f"We talked about {VIDEO} at length.",
    "two videos presented": f'<a href="{VIDEO}">Watch on YouTube</a> <a href="https://youtu.be/aaaaaaaaaaa">Watch on YouTube</a>',
}


@pytest.mark.parametrize("notes", CITED.values(), ids=CITED.keys())
def test_a_video_the_notes_merely_cite_is_never_the_episodes_link(notes: str) -> None:
    assert link_of(notes) == "https://cast.example/1"  # the episode's page: its timestamps are plain text


@pytest.mark.parametrize("name", ["design-details.xml", "atp_feed.mp3.xml", "launched.xml"])
def test_no_real_episode_links_a_video_its_notes_only_cite(name: str) -> None:
    """These notes link 71 videos (clips, trailers, talks) and none of them is an episode."""
    entries = parse_feed(corpus_file(name).read_bytes()).entries
    with_videos = [e for e in entries if "youtube.com/watch" in e.notes_html or "youtu.be/" in e.notes_html]
    assert with_videos and not [e.title for e in with_videos if e.url and "youtu" in e.url]
    assert all(e.url and e.url.startswith("http") for e in with_videos)  # each still links its own page


def test_a_podlove_deep_link_becomes_a_start_here_template() -> None:
    item = {"guid": "1", "title": "T", "link": "https://cast.example/fs229",
            "xml": '<atom:link rel="http://podlove.org/deep-link" href="https://cast.example/fs229#" />'}  # fmt: skip
    feed = rss([item]).replace("<rss ", '<rss xmlns:atom="http://www.w3.org/2005/Atom" ', 1)
    [entry] = parse_feed(feed.encode()).entries
    assert entry.url == "https://cast.example/fs229#t={t}"


def test_the_audio_file_is_the_link_when_there_is_no_other() -> None:
    item = {"guid": "1", "title": "T", "xml": '<enclosure url="https://cdn.example/1.mp3" type="audio/mpeg" length="1"/>'}
    [entry] = parse_feed(rss([item]).encode()).entries
    assert entry.url == "https://cdn.example/1.mp3"


def test_an_html_description_is_kept_as_plain_text_one_line_per_paragraph() -> None:
    html = "<p><strong>4:00</strong> - Introductions</p><p>12:30 &amp; more</p><ul><li>a</li><li>b</li></ul><script>x()</script>"
    assert plain_text(html) == "4:00 - Introductions\n12:30 & more\na\nb"


def test_bytes_that_are_no_feed_are_refused() -> None:
    with pytest.raises(FeedError, match="not an RSS or Atom feed|malformed XML"):
        parse_feed(b"\x00\x01 binary")
