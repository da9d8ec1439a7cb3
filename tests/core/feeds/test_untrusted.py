"""A feed is anyone's text: each reader of it gets its worst case, and must take time and memory
linear in the feed's size, never hold the event loop, and still read the good items among the bad.

The bounds are hard, a few seconds, on inputs that took half a minute (120 KB) to tens of minutes
(1 MB) with the patterns these readers used before (`<item>.*?</item>` and the like).
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import Callable

import pytest

from bot.core.feeds import raw
from bot.core.feeds.chapters import best_chapters
from bot.core.feeds.entries import parse_feed, plain_text
from bot.core.feeds.videos import episode_video
from tests.core.feeds.world import World
from tests.support.feedserver import CORPUS, corpus_file, rss

MB = 1_000_000
BOUND = 3.0  # seconds; the old patterns took 30 s to minutes on these inputs


def feed_with(junk: str, *, inside: bool = False, title: str = "The good one") -> bytes:
    """One good item, then `junk` (or `junk` inside the good item, before its end)."""
    good = rss([{"guid": "good", "title": title, "description": "00:00 Hello\n05:00 The topic"}])
    head, tail = good.split("</item>", 1)
    return (head + junk + "</item>" + tail if inside else head + "</item>" + junk + tail).encode()


def took(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def test_one_good_item_and_20000_unclosed_item_tags_are_read_at_once() -> None:
    body = feed_with("<item>" * 20_000)  # 120 KB: about 30 s of a held interpreter before
    started = time.perf_counter()
    parsed = parse_feed(body)
    assert time.perf_counter() - started < BOUND
    assert [e.title for e in parsed.entries] == ["The good one"]
    assert any("not well-formed XML" in w for w in parsed.warnings)


# Each scan of the raw XML at its worst: 1 MB of what a backtracking pattern tries again from every tag.
WORST_RAW = {
    "unclosed items": lambda: raw.items(b"<item>" * (MB // 6)),
    "unclosed entries": lambda: raw.items(b"<entry>" * (MB // 7)),
    "unclosed people": lambda: raw.texts(b"<podcast:person>" * (MB // 16), b"podcast:person"),
    "people without '>'": lambda: raw.texts(b"<podcast:person" * (MB // 15), b"podcast:person"),
    "spaces in a guid": lambda: raw.texts(b"<guid>" + b" " * MB + b"x", b"guid", b"id"),
    "unclosed guids": lambda: raw.texts(b"<guid>a" * (MB // 7), b"guid", b"id"),
    "self-closing people before one far end": lambda: raw.texts(
        b"<podcast:person/>" * (MB // 17) + b"</podcast:person>", b"podcast:person"
    ),
}


VIDEO = "https://youtu.be/aaaaaaaaaaa"
WORST_RAW |= {
    "notes of nothing but videos": lambda: episode_video(f"Watch on YouTube: {VIDEO} " * (MB // 40)),
    "videos in links without an end": lambda: episode_video(f'<a href="{VIDEO}"><b>' * (MB // 36)),
    "videos after long lines": lambda: episode_video(("x" * 5000 + f" {VIDEO}\n") * (MB // 5030)),
}


@pytest.mark.parametrize("scan", WORST_RAW.values(), ids=WORST_RAW.keys())
def test_each_scan_of_the_raw_xml_is_linear_on_its_worst_input(scan: Callable[[], object]) -> None:
    assert took(scan) < BOUND


def test_the_raw_scans_find_what_the_feed_holds() -> None:
    xml = b'<podcast:person role="host"> Ann </podcast:person><podcast:person href="x"/><podcast:person>Bo</podcast:person>'
    assert raw.texts(xml, b"podcast:person") == [b"Ann", b"Bo"]
    assert raw.items(b"<item><item>a</item>b</item><entry>c</entry><item>") == [b"<item><item>a</item>", b"<entry>c</entry>"]


BAD_ITEM = "<item><guid>bad</guid>"
WORST_FEEDS = {
    "unclosed item tags": lambda n: feed_with("<item>" * n),
    "unclosed people in an item": lambda n: feed_with(BAD_ITEM + "<podcast:person>" * n),
    "unclosed episode numbers": lambda n: feed_with(BAD_ITEM + "<podcast:episode>1" * n),
    "nested unknown tags": lambda n: feed_with(BAD_ITEM + "<x>" * n),
    "closed empty items": lambda n: feed_with("<item></item>" * (2 * n)),
    "people in a good item": lambda n: feed_with("<podcast:person>A</podcast:person>" * (n // 2), inside=True),
    "a long title of guests": lambda n: feed_with("", title="with A.with " * n),
}


def test_the_items_of_a_megabyte_feed_of_unclosed_item_tags_are_found_at_once() -> None:
    body = feed_with("<item>" * 160_000)  # 1 MB: tens of minutes before
    started = time.perf_counter()
    found = raw.items(body)
    assert time.perf_counter() - started < BOUND
    assert len(found) == 1 and b"<guid>good</guid>" in found[0]


@pytest.mark.parametrize("make", WORST_FEEDS.values(), ids=WORST_FEEDS.keys())
def test_a_hostile_feed_takes_memory_and_time_linear_in_its_size(make: Callable[[int], bytes]) -> None:
    small, large = make(1_500), make(6_000)
    peaks, times = [], []
    for body in (small, large):
        tracemalloc.start()
        try:
            times.append(took(lambda: parse_feed(body)))
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    # Four times the feed: at most about four times the memory and time (quadratic: sixteen), and
    # never more than a few dozen bytes per byte of feed, however it is built (unbounded, nested
    # tags took 190).
    assert peaks[1] < 6 * peaks[0] and peaks[1] < 40 * len(large)
    assert times[1] < 10 * times[0] + 0.5
    assert [e.guid for e in parse_feed(large).entries] == ["good"]


@pytest.mark.parametrize("unit", ["<li><ul>", "<a><b><i>", "<p><b><i><u>x</p>", "<table><tr><td><table>"])
def test_notes_of_deeply_nested_html_are_read_at_once(unit: str) -> None:
    """An HTML parser takes time growing with length × depth: 160 KB of "<li><ul>" took 47 s, of "<a><b><i>" 28 s."""
    notes = "<p>00:00 Welcome</p><p>05:00 The topic</p>" + unit * 20_000
    started = time.perf_counter()
    description = plain_text(notes)  # what parse_feed keeps of an item's notes
    found = best_chapters(chapters_json=None, chapters_json_error=None, psc=None, notes_html=notes, duration=1800)
    assert time.perf_counter() - started < 2 * BOUND  # both read 80,000 lines of the table; the old way took 30 s and more
    assert description.startswith("00:00 Welcome\n05:00 The topic")
    assert [c.title for c in found.chapters][:2] == ["Welcome", "The topic"]


@pytest.mark.parametrize(
    ("xml", "number"),
    [("<itunes:episode>²</itunes:episode>", None), ("<podcast:episode>" + "9" * 5000 + "</podcast:episode>", None),
     ("<itunes:episode>" + "9" * 5000 + "</itunes:episode>", None), ("<podcast:episode> 42.5 </podcast:episode>", 42)],
    ids=["superscript two", "5000 digits", "5000 digits in itunes", "a decimal"],
)  # fmt: skip
def test_an_episode_number_no_integer_can_hold_is_no_number(xml: str, number: int | None) -> None:
    [entry] = parse_feed(rss([{"guid": "1", "title": "T", "xml": xml}]).encode()).entries
    assert entry.number == number


async def test_polling_a_hostile_feed_that_changes_every_time_never_holds_the_event_loop(world: World) -> None:
    """The feed's body changes on every poll, so each poll reads it again: the loop keeps answering."""
    world.host.serve("/f.xml", feed_with("<item>" * 10))
    state = (await world.feeds.add(world.host.url("/f.xml"))).state
    gaps: list[float] = []

    async def ticker() -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticking = asyncio.create_task(ticker())
    try:
        for poll in range(1, 4):
            world.host.serve("/f.xml", feed_with("<item>" * (20_000 + poll)))  # 120 KB, different each time
            [report] = await world.feeds.poll_due(now=state.last_attempt + poll * 10**6)
            assert report.result.error is None and report.state.last_success is not None
    finally:
        ticking.cancel()
    assert gaps and max(gaps) < BOUND  # the old item pattern held the interpreter for 30 s a poll


def test_a_feed_nested_deeper_than_any_podcast_feed_is_read_up_to_there_with_a_warning() -> None:
    parsed = parse_feed(feed_with(BAD_ITEM + "<x>" * (raw.MAX_DEPTH + 5)))
    assert [e.guid for e in parsed.entries] == ["good"]
    assert parsed.warnings[0].startswith(f"elements nest more than {raw.MAX_DEPTH} deep from byte ")


def test_a_feed_of_more_items_than_any_podcast_is_read_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(raw, "MAX_ITEMS", 3)
    body = rss([{"guid": f"g{n}", "title": f"Episode {n}"} for n in range(5)]).encode()
    parsed = parse_feed(body)
    assert [e.guid for e in parsed.entries] == ["g0", "g1", "g2"]
    assert "the feed lists more than 3 items; the first 3 were read" in parsed.warnings


def test_real_feeds_are_read_whole() -> None:
    for path in sorted(CORPUS.glob("*.xml")) or [corpus_file("design-details.xml")]:
        body = path.read_bytes()
        assert raw.bounded(body) == (body, None), path.name
