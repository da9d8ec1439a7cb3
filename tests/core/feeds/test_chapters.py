"""Chapters a feed's machine wrote (Podlove Simple Chapters, Podcasting 2.0 chapters JSON) are taken as
written: no show-notes repair of typed times, titles whole, sorted with a warning when out of order."""

from __future__ import annotations

import json
from html import escape

import pytest

from bot.core.feeds.chapters import Chapters, best_chapters
from bot.core.feeds.entries import parse_feed
from tests.core.feeds.world import World
from tests.support.feedserver import rss


def psc_item(*chapters: tuple[str, str], duration: str = "03:00:00", description: str = "") -> dict[str, str]:
    elements = "".join(f'<psc:chapter start="{escape(start)}" title="{escape(title)}"/>' for start, title in chapters)
    return {"guid": "1", "title": "T", "itunes:duration": duration, "description": description,
            "xml": f'<psc:chapters version="1.2">{elements}</psc:chapters>'}  # fmt: skip


def psc(*chapters: tuple[str, str], duration: str = "03:00:00", description: str = "") -> Chapters:
    [entry] = parse_feed(rss([psc_item(*chapters, duration=duration, description=description)]).encode()).entries
    return best_chapters(chapters_json=None, chapters_json_error=None, psc=entry.psc, notes_html=entry.notes_html,
                         duration=entry.duration)  # fmt: skip


def from_json(document: object, *, duration: int | None = 3 * 3600, raw: bytes | None = None) -> Chapters:
    data = raw if raw is not None else json.dumps(document).encode()
    return best_chapters(chapters_json=data, chapters_json_error=None, psc=None, notes_html="", duration=duration)


def starts_and_titles(found: Chapters) -> list[tuple[int, str]]:
    return [(c.start, c.title) for c in found.chapters]


def test_a_podlove_time_past_an_hour_is_taken_as_written_and_sorted_with_a_warning() -> None:
    """The show-notes heuristic read `01:35:00.034` between 00:01:29 and 00:02:04 as 00:01:35."""
    found = psc(("00:00:26.407", "Intro"), ("00:01:29.201", "Begrüßung"), ("01:35:00.034", "Abschied"),
                ("00:02:04.729", "Vorstellung"), ("01:27:56.401", "Inhalte"))  # fmt: skip
    assert starts_and_titles(found) == [(26, "Intro"), (89, "Begrüßung"), (124, "Vorstellung"), (5276, "Inhalte"), (5700, "Abschied")]
    assert found.source == "psc:chapters"
    assert found.warnings == ["psc:chapters: chapters listed out of order (first: 'Abschied' at 01:35:00); sorted by start time"]


def test_podlove_titles_are_kept_whole() -> None:
    titles = ["Politik und Firmenpolitik (Teil 1)", "#fragfs: Bitcoin", "1. Intro", "- dash -", "Ende 2."]
    found = psc(*((f"00:{minute:02d}:00.000", title) for minute, title in enumerate(titles)))
    assert [c.title for c in found.chapters] == titles and found.warnings == []


@pytest.mark.parametrize(
    ("start", "seconds"),
    [("01:02:03.500", 3723), ("1:02:03", 3723), ("02:03", 123), ("75:00", 4500), ("50", 50), ("59.12", 59), (" 00:00:07 ", 7)],
)  # fmt: skip
def test_podlove_normal_play_time_in_its_forms(start: str, seconds: int) -> None:
    found = psc(("00:00:00", "Start"), (start, "The one"), duration="99:00:00")
    assert (seconds, "The one") in starts_and_titles(found)


@pytest.mark.parametrize("start", ["soon", "00:75", "1:75:00", "00:00:00:01", "", "-5", "9" * 50])
def test_a_podlove_time_that_cannot_be_read_drops_its_chapter_with_a_warning(start: str) -> None:
    found = psc(("00:00:00", "Start"), (start, "Broken"), ("00:10:00", "After"))
    assert starts_and_titles(found) == [(0, "Start"), (600, "After")]
    assert found.warnings == ["psc:chapters: chapter 'Broken' has no start time that can be read; dropped"]


def test_podcasting_chapters_json_is_taken_as_written() -> None:
    document = {"version": "1.2.0", "chapters": [
        {"startTime": 0, "title": "#Intro"}, {"startTime": 89.2, "title": "Politik (Teil 1)"},
        {"startTime": 5700.034, "title": "Abschied"}, {"startTime": 124, "title": "  Vorstellung  und   mehr "},
        {"startTime": 300, "title": "An image change", "toc": False}, {"startTime": 124, "title": "Same moment"},
        {"startTime": 20000, "title": "After the end"}, {"startTime": "600", "title": "A string of seconds"},
        {"startTime": None, "title": "No time"}, {"startTime": 700},
    ]}  # fmt: skip
    found = from_json(document)
    assert found.source == "chapters JSON"
    assert starts_and_titles(found) == [(0, "#Intro"), (89, "Politik (Teil 1)"), (124, "Vorstellung und mehr"),
                                        (600, "A string of seconds"), (5700, "Abschied")]  # fmt: skip
    assert found.warnings == [
        "chapters JSON: chapter 'After the end' starts at 05:33:20, after the episode ends (03:00:00); dropped",
        "chapters JSON: chapter 'No time' has no start time that can be read; dropped",
        "chapters JSON: chapter at 00:11:40 has no title; dropped",
        "chapters JSON: chapters listed out of order (first: 'Abschied' at 01:35:00); sorted by start time",
        "chapters JSON: chapter 'Same moment' starts at the same time as 'Vorstellung und mehr'; dropped",
    ]


def test_a_long_title_is_cut_to_what_a_reply_holds_with_a_warning() -> None:
    found = from_json({"chapters": [{"startTime": 0, "title": "x" * 300}]})
    assert len(found.chapters[0].title) == 200 and found.warnings == ["chapters JSON: chapter at 00:00:00: title of 300 characters cut to 200"]


@pytest.mark.parametrize(
    ("raw", "why"),
    [(b"[" * 100_000, "not JSON"), (b"{not json", "not JSON"), (b'{"chapters": 5}', 'no "chapters" list'),
     (b"\xff\xfe", "not JSON"), (b"[]", 'no "chapters" list')],
    ids=["deeply nested", "broken", "no list", "not text", "a list"],
)  # fmt: skip
def test_a_malformed_chapters_file_falls_through_to_podlove_with_a_warning(raw: bytes, why: str) -> None:
    [entry] = parse_feed(rss([psc_item(("00:00:00", "Intro"), ("00:05:00", "Topic"))]).encode()).entries
    found = best_chapters(chapters_json=raw, chapters_json_error=None, psc=entry.psc, notes_html="", duration=3600)
    assert found.source == "psc:chapters" and [c.title for c in found.chapters] == ["Intro", "Topic"]
    assert found.warnings[0].startswith(f"chapters JSON is malformed: {why}")


def test_half_a_character_in_a_json_title_is_replaced_not_written() -> None:
    found = from_json(None, raw=b'{"chapters": [{"startTime": 0, "title": "Intro \\ud800 here"}]}')
    assert found.chapters[0].title == "Intro ? here"


def test_show_notes_are_read_only_when_no_structured_chapters_are_there() -> None:
    notes = "<p>00:00 Welcome</p><p>05:00 The topic</p>"
    assert psc(("00:00:00", "From Podlove"), description=notes).source == "psc:chapters"
    found = from_json(None, raw=b'{"chapters": []}')
    assert found.chapters == () and found.source == "none"
    [entry] = parse_feed(rss([{"guid": "1", "title": "T", "description": notes}]).encode()).entries
    in_notes = best_chapters(chapters_json=None, chapters_json_error=None, psc=entry.psc, notes_html=entry.notes_html, duration=None)
    assert in_notes.source == "show notes" and [c.title for c in in_notes.chapters] == ["Welcome", "The topic"]


async def test_a_followed_feed_writes_podlove_chapters_as_written(world: World) -> None:
    item = psc_item(("00:00:00.000", "#Intro"), ("01:35:00.034", "Abschied"), ("00:02:04.729", "Politik und Firmenpolitik (Teil 1)"))
    world.host.serve("/f.xml", rss([item]))
    report = await world.feeds.add(world.host.url("/f.xml"))
    [episode] = report.result.added
    assert [(c.timestamp, c.title) for c in episode.chapters] == [
        ("00:00:00", "#Intro"), ("00:02:04", "Politik und Firmenpolitik (Teil 1)"), ("01:35:00", "Abschied")]
    assert any("sorted by start time" in w for w in report.result.warnings)
