"""Feeds end to end in the core: a local podcast host, the data folder, the database and the catalog."""

from __future__ import annotations

import errno
import json
import re
import sqlite3
from pathlib import Path

import pytest

from bot.core.episodes.codec import load_episode_file
from bot.core.episodes.folder import load_data_dir
from tests.core.feeds.world import World, episode_item
from tests.support.feedserver import corpus_file, rss

# --- real feeds ------------------------------------------------------------------------------------


async def test_first_import_of_a_real_feed_with_chapters_in_the_notes(world: World) -> None:
    world.host.serve("/design-details.xml", corpus_file("design-details.xml").read_bytes())
    report = await world.feeds.add(world.host.url("/design-details.xml"))
    assert report.state.podcast == "Design Details" and len(report.result.added) == 102
    assert report.reload is not None and report.reload.ok
    folder = world.data / report.state.folder
    assert len(list(folder.glob("*.json"))) == 102  # one file per episode, in the podcast's folder
    by_title = {e.title: e for e in world.catalog.current.episodes}
    ten = by_title["10: Tiny Nuggets of Delight (feat. Tim Van Damme)"]
    assert ten.people == ("Tim Van Damme",) and ten.published == "2015-03-09" and ten.duration == 4165
    assert [c.timestamp for c in ten.chapters][:2] == ["00:02:00", "00:14:00"]
    chapterless = [e for e in report.result.added if not e.chapters]
    assert chapterless and all(e.id in {x.id for x in world.catalog.current.episodes} for e in chapterless)
    assert len(world.catalog.current.episodes) == 103 and load_data_dir(world.data)


async def test_podlove_chapters_are_read_from_a_real_feed(world: World) -> None:
    world.host.serve("/freakshow.xml", corpus_file("freakshow_feed.mp3.xml").read_bytes())
    report = await world.feeds.add(world.host.url("/freakshow.xml"))
    fs229 = next(e for e in report.result.added if e.number == 229)
    assert fs229.duration == 5 * 3600 + 16 * 60 + 10
    assert fs229.link(fs229.chapters[1]) == "http://freakshow.fm/fs229-telefonischturm#t=89"  # its Podlove deep link
    assert (fs229.chapters[0].title, fs229.chapters[1].timestamp, fs229.chapters[1].title) == ("Intro", "00:01:29", "Begrüßung")


async def test_podcast_chapters_json_is_trusted_first_and_a_missing_one_falls_back(world: World) -> None:
    """pc20rss's chapters URLs point at a service that is gone; here the first item's is served
    (a real chapters file), the rest answer 404 and those episodes fall back to their notes."""
    feed = corpus_file("pc20rss.xml").read_text(encoding="utf-8")
    urls = re.findall(r'<podcast:chapters url="([^"]+)"', feed)
    local = [world.host.url(f"/chapters/{i}.json") for i in range(len(urls))]
    for url, replacement in zip(urls, local):
        feed = feed.replace(f'url="{url}"', f'url="{replacement}"', 1)
    world.host.serve("/pc20.xml", feed)
    world.host.serve("/chapters/0.json", corpus_file("chapters/jupiterbroadcasting_self-hosted_0150.chapters.json").read_bytes(),
                     content_type="application/json+chapters")  # fmt: skip
    report = await world.feeds.add(world.host.url("/pc20.xml"))
    first = next(e for e in report.result.added if e.title.startswith("Episode 57"))
    expected = json.loads(corpus_file("chapters/jupiterbroadcasting_self-hosted_0150.chapters.json").read_text())
    assert [c.title for c in first.chapters] == [c["title"].strip() for c in expected["chapters"] if c.get("toc") is not False]
    assert first.people[:2] == ("Adam Curry", "Dave Jones") and first.transcript_type == "application/srt"
    assert any("chapters JSON" in w and "HTTP 404" in w for w in report.result.warnings)
    assert len(report.result.added) == 56


async def test_a_feed_that_is_not_well_formed_is_read_as_far_as_it_goes(world: World) -> None:
    world.host.serve("/na.xml", corpus_file("no-agenda.xml").read_bytes())
    report = await world.feeds.add(world.host.url("/na.xml"))
    assert report.state.podcast == "No Agenda" and len(report.result.added) == 29
    assert any("not well-formed" in w for w in report.result.warnings)


# --- keeping it current ----------------------------------------------------------------------------


async def test_a_refresh_with_one_new_episode_adds_only_it(world: World) -> None:
    url = world.host.url("/feed.xml")
    world.host.serve("/feed.xml", rss([episode_item(1), episode_item(2)]))
    await world.feeds.add(url)
    before = world.files()
    world.host.serve("/feed.xml", rss([episode_item(3), episode_item(1), episode_item(2)]))
    report = await world.feeds.refresh(url)
    assert [e.title for e in report.result.added] == ["Episode 3: Topic 3"] and report.result.updated == []
    after = world.files()
    assert {p: t for p, t in after.items() if p in before} == before  # the others were not rewritten
    assert "Episode 3: Topic 3" in {e.title for e in world.catalog.current.episodes}
    assert report.state.episode_count == 3


async def test_304_not_modified_writes_nothing_and_does_not_reload(world: World) -> None:
    world.host.serve("/feed.xml", rss([episode_item(1)]), etag='"v1"')
    await world.feeds.add(world.host.url("/feed.xml"))
    catalog, files = world.catalog.current, world.files()
    report = await world.feeds.refresh(world.host.url("/feed.xml"))
    assert world.host.requests[-1][1].get("If-None-Match") == '"v1"'
    assert report.result.added == [] and report.reload is None
    assert world.catalog.current is catalog and world.files() == files
    assert report.state.last_error is None and report.state.last_success is not None


async def test_100_unchanged_feeds_cost_no_file_writes_and_no_reload(world: World) -> None:
    for n in range(100):
        world.host.serve(f"/feed{n}.xml", rss([episode_item(1)], title=f"Cast {n}"))  # no validators: 200 each time
        await world.feeds.add(world.host.url(f"/feed{n}.xml"))
    catalog, files = world.catalog.current, world.files()
    reports = await world.feeds.poll_due(now=10**10)
    assert len(reports) == 100 and all(r.result.error is None for r in reports)
    assert world.catalog.current is catalog and world.files() == files


async def test_an_episode_gone_from_the_feed_stays(world: World) -> None:
    world.host.serve("/feed.xml", rss([episode_item(1), episode_item(2)]))
    await world.feeds.add(world.host.url("/feed.xml"))
    world.host.serve("/feed.xml", rss([episode_item(2)]))
    await world.feeds.refresh(world.host.url("/feed.xml"))
    assert "Episode 1: Topic 1" in {e.title for e in world.catalog.current.episodes}


async def test_hand_edited_fields_survive_a_refresh_and_the_rest_is_updated(world: World) -> None:
    world.host.serve("/feed.xml", rss([episode_item(1)]))
    report = await world.feeds.add(world.host.url("/feed.xml"))
    [added] = report.result.added
    path = next(world.data.rglob(f"{added.id}.json"))
    raw = json.loads(path.read_text())
    raw["title"] = "Topic One, corrected"
    raw["chapters"][1]["summary"] = "Written by a moderator."
    raw["chapters"][1]["keywords"] = ["mod term"]
    raw["chapters"][0]["kind"] = "intro"
    path.write_text(json.dumps(raw, indent=2))
    changed = episode_item(1, description="About topic 1, now longer.\n00:00 Welcome\n05:00 Topic 1 in depth\n20:00 Questions",
                           **{"itunes:duration": "31:00"})  # fmt: skip
    world.host.serve("/feed.xml", rss([changed]))
    report = await world.feeds.refresh(world.host.url("/feed.xml"))
    assert report.result.updated == [added.id]
    episode = load_episode_file(path)
    assert episode.title == "Topic One, corrected"  # by hand: kept
    assert (episode.chapters[0].kind, episode.chapters[1].summary, episode.chapters[1].keywords) == (
        "intro", "Written by a moderator.", ("mod term",))  # fmt: skip
    assert episode.duration == 31 * 60 and episode.description.startswith("About topic 1, now longer.")  # from the feed
    again = await world.feeds.refresh(world.host.url("/feed.xml"))  # the same feed again: nothing to do
    assert again.result.updated == [] and again.reload is None


async def test_a_chapter_someone_wrote_for_is_not_lost_when_the_feed_moves_it(world: World) -> None:
    world.host.serve("/feed.xml", rss([episode_item(1)]))
    [added] = (await world.feeds.add(world.host.url("/feed.xml"))).result.added
    path = next(world.data.rglob(f"{added.id}.json"))
    raw = json.loads(path.read_text())
    raw["chapters"][1]["summary"] = "Written by a moderator."
    path.write_text(json.dumps(raw, indent=2))
    moved = episode_item(1, description="About topic 1.\n00:00 Welcome\n06:00 Topic 1 in depth\n20:00 Questions")
    world.host.serve("/feed.xml", rss([moved]))
    await world.feeds.refresh(world.host.url("/feed.xml"))
    chapters = load_episode_file(path).chapters
    assert (chapters[1].timestamp, chapters[1].summary) == ("00:05:00", "Written by a moderator.")


async def test_a_hand_edit_that_conflicts_with_the_feed_leaves_the_file_as_it_is(world: World) -> None:
    """A duration shortened by hand, then the feed adds a chapter past it: writing that would make a
    file the next load refuses, and with it the whole folder."""
    world.host.serve("/feed.xml", rss([episode_item(1)]))
    [added] = (await world.feeds.add(world.host.url("/feed.xml"))).result.added
    path = next(world.data.rglob(f"{added.id}.json"))
    raw = json.loads(path.read_text())
    raw["duration"] = "00:25:00"
    path.write_text(json.dumps(raw, indent=2))
    longer = episode_item(1, description="About topic 1.\n00:00 Welcome\n05:00 Topic 1 in depth\n20:00 Questions\n27:00 Outtakes")
    world.host.serve("/feed.xml", rss([longer]))
    report = await world.feeds.refresh(world.host.url("/feed.xml"))
    assert report.result.updated == [] and any("not written" in line and "past the episode's duration" in line
                                                for line in report.result.kept)  # fmt: skip
    assert json.loads(path.read_text()) == raw and load_data_dir(world.data)


async def test_new_episodes_of_two_feeds_in_one_round_get_distinct_ids(world: World) -> None:
    for name in ("alpha", "beta"):
        world.host.serve(f"/{name}.xml", rss([], title=f"The Very Long Podcast Name {name}"))
        await world.feeds.add(world.host.url(f"/{name}.xml"))
        world.host.serve(f"/{name}.xml", rss([{"guid": "1", "title": "Pilot"}], title=f"The Very Long Podcast Name {name}"))
    reports = await world.feeds.poll_due(now=10**10)
    ids = [e.id for r in reports for e in r.result.added]
    assert len(ids) == 2 and len(set(ids)) == 2 and reports[0].reload is not None and reports[0].reload.ok


async def test_a_full_disk_loses_nothing_and_the_next_refresh_catches_up(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    world.host.serve("/feed.xml", rss([episode_item(1)]))
    state = (await world.feeds.add(world.host.url("/feed.xml"))).state

    def disk_full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr("bot.core.feeds.importer.write_atomically", disk_full)
        world.host.serve("/feed.xml", rss([episode_item(2), episode_item(1)]))
        report = await world.feeds.refresh(state.url)
    assert report.result.added == [] and report.result.kept == ["Episode 2: Topic 2: not written (No space left on device)"]
    report = await world.feeds.refresh(state.url)
    assert [e.title for e in report.result.added] == ["Episode 2: Topic 2"]


async def test_episodes_written_while_the_database_failed_are_not_written_twice(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.host.serve("/feed.xml", rss([episode_item(1)]))
    state = (await world.feeds.add(world.host.url("/feed.xml"))).state
    world.host.serve("/feed.xml", rss([episode_item(2), episode_item(1)]))

    async def disk_full(url: str, items: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patched:
        patched.setattr(world.store, "save_feed_items", disk_full)
        with pytest.raises(sqlite3.OperationalError):  # the file of episode 2 is written, its record is not
            await world.feeds.refresh(state.url)
    world.host.serve("/feed.xml", rss([episode_item(3), episode_item(2), episode_item(1)]))  # the feed moves on
    report = await world.feeds.refresh(state.url)
    assert sorted(e.title for e in report.result.added) == ["Episode 2: Topic 2", "Episode 3: Topic 3"]
    titles = sorted(load_episode_file(path).title for path in (world.data / state.folder).glob("*.json"))
    assert titles == ["Episode 1: Topic 1", "Episode 2: Topic 2", "Episode 3: Topic 3"]  # no copy of episode 2
    assert len(world.catalog.current.episodes) == 4  # the seed and three, each once


async def test_duplicate_guids_keep_the_first_item(world: World) -> None:
    world.host.serve("/feed.xml", rss([episode_item(1), episode_item(2, guid="ep-1")]))
    report = await world.feeds.add(world.host.url("/feed.xml"))
    assert [e.title for e in report.result.added] == ["Episode 1: Topic 1"]
    assert any("repeats the guid 'ep-1'" in w for w in report.result.warnings)


async def test_a_malformed_chapters_json_falls_back_to_the_notes_with_a_warning(world: World) -> None:
    chapters = f'<podcast:chapters url="{world.host.url("/c.json")}" type="application/json+chapters"/>'
    world.host.serve("/c.json", b'{"version": "1.2.0", "chapters": [{"startTime": "soon"', content_type="application/json")
    world.host.serve("/feed.xml", rss([episode_item(1, xml=chapters)]))
    report = await world.feeds.add(world.host.url("/feed.xml"))
    [episode] = report.result.added
    assert [c.title for c in episode.chapters] == ["Welcome", "Topic 1 in depth", "Questions"]
    assert any("chapters JSON is malformed" in w for w in report.result.warnings)


async def test_a_feed_with_no_items_is_followed_with_no_episodes(world: World) -> None:
    world.host.serve("/empty.xml", rss([]))
    report = await world.feeds.add(world.host.url("/empty.xml"))
    assert report.result.added == [] and report.state.episode_count == 0 and report.reload is None
    assert any("lists no episodes" in w for w in report.result.warnings)
