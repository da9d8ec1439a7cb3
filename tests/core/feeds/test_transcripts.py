"""Feeds follow `<podcast:transcript>`: the richest link is fetched with the feed's guards, kept beside
the episode file, and answers quote it; unchanged transcripts are not downloaded again, and a
transcript that fails never costs its episode."""

from __future__ import annotations

import ipaddress
import json
import re

import pytest

from bot.core.episodes import Episode
from bot.core.feeds import importer
from bot.core.feeds.entries import parse_feed
from bot.core.feeds.fetch import FetchLimits
from bot.core.feeds.service import FeedService
from bot.core.search import Answer
from tests.core.feeds.world import World, episode_item
from tests.support.feedserver import corpus_file, rss
from tests.support.transcript_text import text

GULLS = (370, "The lighthouse keeper counted forty seven gulls on the northern rock every single morning.")
HONEY = (450, "Our beekeeper swears the lavender honey crystallised within nine days of the harvest.")
KETTLES = (1260, "A listener asked whether copper kettles really boil water faster than steel ones.")
TYPES = {"vtt": "text/vtt", "srt": "application/x-subrip", "json": "application/json", "html": "text/html", "txt": "text/plain"}


def tag(url: str, form: str, **attributes: str) -> str:
    extra = "".join(f' {k}="{v}"' for k, v in attributes.items())
    return f'<podcast:transcript url="{url}" type="{TYPES[form]}"{extra}/>'


def said_first(answer: Answer) -> tuple[str, float, str]:
    """The first result's episode, the second its moment's words begin, and its quote."""
    assert answer.results and answer.results[0].moment is not None, answer
    moment = answer.results[0].moment
    return answer.results[0].episode.id, moment.said, moment.quote


def numbered(world: World) -> dict[int, Episode]:
    """The feed's episodes in the catalog, by their number in episode_item's titles ("Episode 2: …")."""
    return {int(e.title.split(":")[0].split()[1]): e for e in world.catalog.current.episodes if e.podcast == "Test Cast"}


def three_episodes(world: World, **description: str) -> str:
    """A feed of three episodes linking transcripts in several forms, each served with an ETag or a
    Last-Modified; the feed's URL."""
    host = world.host
    for name, form, said in (("1", "vtt", GULLS), ("1", "srt", GULLS), ("1", "html", GULLS), ("2", "json", HONEY),
                             ("2", "txt", HONEY), ("3", "srt", KETTLES)):  # fmt: skip
        body = text(form if form != "txt" else "html", said)
        validator = {"etag": f'"{name}-{form}"'} if form != "srt" else {"last_modified": "Mon, 01 Jan 2024 10:00:00 GMT"}
        host.serve(f"/t/{name}.{form}", body, content_type=TYPES[form], **validator)
    items = [
        episode_item(1, xml=tag(host.url("/t/1.srt"), "srt") + tag(host.url("/t/1.html"), "html") + tag(host.url("/t/1.vtt"), "vtt")),
        episode_item(2, xml=tag(host.url("/t/2.txt"), "txt") + tag(host.url("/t/2.json"), "json")),
        episode_item(3, xml=tag(host.url("/t/3.srt"), "srt", rel="captions", language="en")),
    ]
    for item in items:
        item["description"] += description.get(item["guid"], "")
    host.serve("/feed.xml", rss(items, extra_channel="<language>en-us</language>"), etag=f'"feed-{len(description)}"')
    return host.url("/feed.xml")


async def test_a_feeds_transcripts_are_fetched_kept_and_quoted_in_answers(world: World) -> None:
    report = await world.feeds.add(three_episodes(world))
    assert report.reload is not None and report.reload.ok
    folder = world.data / report.state.folder
    assert sorted(p.name.split(".", 1)[1] for p in folder.glob("*.transcript.*")) == ["transcript.json", "transcript.srt", "transcript.vtt"]
    assert {path: world.host.hits(path) for path in ("/t/1.srt", "/t/1.html", "/t/2.txt")} == {"/t/1.srt": 0, "/t/1.html": 0, "/t/2.txt": 0}
    by_number = numbered(world)
    assert all(by_number[n].transcript is not None for n in (1, 2, 3))
    assert by_number[1].transcript.form == "WebVTT" and by_number[1].transcript.speakers == ("Ada", "Bo")  # type: ignore[union-attr]
    assert by_number[1].transcript_url == world.host.url("/t/1.vtt")  # the episode file names the richest link

    index = world.catalog.current.index
    episode, said, quote = said_first(index.search("how many gulls did the lighthouse keeper count"))
    assert (episode, said) == (by_number[1].id, GULLS[0]) and "forty seven gulls" in quote
    episode, said, quote = said_first(index.search("lavender honey crystallised"))
    assert (episode, said) == (by_number[2].id, HONEY[0]) and "nine days" in quote
    episode, said, quote = said_first(index.search("do copper kettles boil water faster"))
    assert (episode, said) == (by_number[3].id, KETTLES[0]) and "copper kettles" in quote


async def test_a_second_poll_asks_conditionally_and_downloads_no_transcript_again(world: World) -> None:
    url = three_episodes(world)
    first = await world.feeds.add(url)
    folder = world.data / first.state.folder
    before = {p: p.stat().st_mtime_ns for p in folder.glob("*.transcript.*")}
    asked = len(world.host.requests)

    unchanged = await world.feeds.refresh(url)  # the feed answers 304: nothing else is asked
    assert not unchanged.result.wrote_files and [p for p, _ in world.host.requests[asked:]] == ["/feed.xml"]

    # Every item changes (its notes), so each is rebuilt: each transcript is asked for once, with the
    # validators it gave, answers 304, and no file is written again.
    three_episodes(world, **{"ep-1": " Edited.", "ep-2": " Edited.", "ep-3": " Edited."})
    edited = await world.feeds.refresh(url)
    assert len(edited.result.updated) == 3 and edited.result.transcripts == [] and not edited.result.warnings
    assert world.host.asked("/t/1.vtt")[-1]["If-None-Match"] == '"1-vtt"'
    assert world.host.asked("/t/2.json")[-1]["If-None-Match"] == '"2-json"'
    assert world.host.asked("/t/3.srt")[-1]["If-Modified-Since"] == "Mon, 01 Jan 2024 10:00:00 GMT"
    assert {path: world.host.hits(path) for path in ("/t/1.vtt", "/t/2.json", "/t/3.srt")} == {"/t/1.vtt": 2, "/t/2.json": 2, "/t/3.srt": 2}
    assert {p: p.stat().st_mtime_ns for p in folder.glob("*.transcript.*")} == before
    assert all(e.transcript is not None for e in world.catalog.current.episodes if e.podcast == "Test Cast")

    # A transcript deleted by hand is fetched whole again (no validators: nothing to compare with).
    gone = next(folder.glob("*.transcript.vtt"))
    gone.unlink()
    three_episodes(world, **{"ep-1": " Edited twice."})
    again = await world.feeds.refresh(url)
    assert "If-None-Match" not in world.host.asked("/t/1.vtt")[-1] and gone.is_file() and len(again.result.transcripts) == 1


async def test_a_transcript_that_fails_costs_only_itself(world: World) -> None:
    loopback = (ipaddress.ip_network("127.0.0.0/8"),)
    feeds = FeedService(world.store, world.catalog, FetchLimits(timeout=1.0, max_bytes=150_000, allowed_networks=loopback))
    host = world.host
    host.status("/t/missing.vtt", 404)
    host.serve("/t/big.vtt", text("vtt", GULLS, minutes=600), content_type="text/vtt")  # 360 kB: over the limit
    host.serve("/t/login.html", "<html><body><p>Please sign in to continue.</p></body></html>", content_type="text/html")
    host.slow("/t/slow.vtt", 3.0)
    host.serve("/t/good.srt", text("srt", HONEY), content_type="application/x-subrip")
    links = {
        1: tag(host.url("/t/missing.vtt"), "vtt"),
        2: tag(host.url("/t/big.vtt"), "vtt"),
        3: tag("http://169.254.169.254/latest/t.vtt", "vtt"),
        4: tag(host.url("/t/login.html"), "html"),
        5: tag(host.url("/t/slow.vtt"), "vtt"),
        6: tag(host.url("/t/missing.vtt"), "vtt") + tag(host.url("/t/good.srt"), "srt"),  # the next link is tried
    }
    host.serve("/feed.xml", rss([episode_item(n, xml=xml) for n, xml in links.items()]))
    try:
        report = await feeds.add(host.url("/feed.xml"))
    finally:
        await feeds.close()
    assert len(report.result.added) == 6 and report.reload is not None and report.reload.ok
    served = numbered(world)
    assert [n for n in range(1, 7) if served[n].transcript is not None] == [6]
    why = {n: next(w for w in report.result.warnings if w.startswith(f"Episode {n}:")) for n in range(1, 6)}
    assert f"transcript {host.url('/t/missing.vtt')}: HTTP 404" in why[1]
    assert "larger than the size limit" in why[2]
    assert "169.254.169.254 is a link-local address" in why[3]
    assert "not a transcript" in why[4]
    assert "timed out after 1 s" in why[5]
    assert all(w.endswith("the episode is imported without it") for w in why.values())
    assert any(w.startswith("Episode 6:") and "HTTP 404" in w for w in report.result.warnings)
    assert len(list((world.data / report.state.folder).glob("*.transcript.*"))) == 1


async def test_a_long_back_catalog_gets_its_transcripts_a_few_at_a_time(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "TRANSCRIPTS_PER_REFRESH", 2)
    for n in range(1, 6):
        world.host.serve(f"/t/{n}.vtt", text("vtt", GULLS), content_type="text/vtt", etag=f'"{n}"')
    items = [episode_item(n, xml=tag(world.host.url(f"/t/{n}.vtt"), "vtt")) for n in range(1, 6)]
    world.host.serve("/feed.xml", rss(items), etag='"feed"')
    url = world.host.url("/feed.xml")

    def fetched() -> int:
        return sum(world.host.hits(f"/t/{n}.vtt") for n in range(1, 6))

    def transcribed() -> int:
        return sum(1 for e in world.catalog.current.episodes if e.podcast == "Test Cast" and e.transcript is not None)

    first = await world.feeds.add(url)
    assert len(first.result.added) == 5 and (fetched(), transcribed()) == (2, 2)  # every episode at once; 2 transcripts
    assert any("3 episode(s) get their transcripts on the next refreshes" in w for w in first.result.warnings)
    await world.feeds.refresh(url)
    assert (fetched(), transcribed()) == (4, 4)
    await world.feeds.refresh(url)
    assert (fetched(), transcribed()) == (5, 5)
    asked = len(world.host.requests)
    last = await world.feeds.refresh(url)
    assert not last.result.wrote_files and [p for p, _ in world.host.requests[asked:]] == ["/feed.xml"]


async def test_a_transcript_not_written_by_the_feed_is_kept(world: World) -> None:
    world.host.serve("/t/1.vtt", text("vtt", GULLS), content_type="text/vtt")
    world.host.serve("/feed.xml", rss([episode_item(1)]))
    report = await world.feeds.add(world.host.url("/feed.xml"))
    [episode] = report.result.added
    mine = world.data / report.state.folder / f"{episode.id}.transcript.srt"
    mine.write_text(text("srt", HONEY), encoding="utf-8")  # a moderator's own transcript
    world.host.serve("/feed.xml", rss([episode_item(1, xml=tag(world.host.url("/t/1.vtt"), "vtt"))]))
    later = await world.feeds.refresh(world.host.url("/feed.xml"))
    assert mine.read_text(encoding="utf-8") == text("srt", HONEY) and not mine.with_suffix(".vtt").exists()
    assert any(f"{mine.name} beside the episode was not written by the feed, and is kept" in w for w in later.result.warnings)


async def test_a_feed_without_durations_takes_the_episodes_length_from_its_transcript(world: World) -> None:
    world.host.serve("/t/1.json", text("json", HONEY, minutes=50), content_type="application/json")
    item = episode_item(1, xml=tag(world.host.url("/t/1.json"), "json"))
    del item["itunes:duration"]
    world.host.serve("/feed.xml", rss([item]))
    report = await world.feeds.add(world.host.url("/feed.xml"))
    [episode] = [e for e in world.catalog.current.episodes if e.id == report.result.added[0].id]
    assert episode.duration == 50 * 60 and episode.transcript is not None and episode.transcript.end == 50 * 60 - 0.5


# --- which link is chosen ---------------------------------------------------------------------------


def chosen(xml: str, language: str = "en-us") -> list[str]:
    feed = rss([{"guid": "1", "title": "T", "xml": xml}], extra_channel=f"<language>{language}</language>" if language else "")
    [entry] = parse_feed(feed.encode()).entries
    return [link.url.rsplit("/", 1)[1] for link in entry.transcripts]


def test_the_richest_form_in_the_feeds_language_is_tried_first() -> None:
    base = "https://cast.example/"
    assert chosen(tag(base + "a.txt", "txt") + tag(base + "a.html", "html") + tag(base + "a.srt", "srt")
                  + tag(base + "a.json", "json") + tag(base + "a.vtt", "vtt")) == ["a.vtt", "a.json", "a.srt", "a.html", "a.txt"]  # fmt: skip
    # Captions only when nothing better of the same form is offered; another language comes last.
    assert chosen(tag(base + "c.vtt", "vtt", rel="captions") + tag(base + "t.vtt", "vtt") + tag(base + "t.srt", "srt")) == ["t.vtt", "c.vtt", "t.srt"]
    assert chosen(tag(base + "de.vtt", "vtt", language="de") + tag(base + "en.srt", "srt", language="EN")) == ["en.srt", "de.vtt"]
    assert chosen(tag(base + "de.vtt", "vtt", language="de") + tag(base + "en.srt", "srt", language="en"), "de-DE") == ["de.vtt", "en.srt"]
    # No type, or one not known: the URL's extension says the form; nothing at all, last.
    assert chosen(f'<podcast:transcript url="{base}x.srt"/><podcast:transcript url="{base}y" type="odd/kind"/>'
                  f'<podcast:transcript url="{base}z.vtt?v=2" type="text/vtt"/>') == ["z.vtt?v=2", "x.srt", "y"]  # fmt: skip
    assert chosen(f'<podcast:transcript url="file:///etc/passwd" type="text/vtt"/>{tag(base + "a.srt", "srt")}') == ["a.srt"]


def test_real_feeds_choose_webvtt_where_they_offer_it_beside_subrip() -> None:
    """themnshow.xml offers SubRip captions for every episode, and WebVTT too for two of them."""
    feed = corpus_file("themnshow.xml").read_bytes()
    offered = re.findall(rb'<podcast:transcript url="[^"]+\.vtt"', feed)
    entries = [e for e in parse_feed(feed).entries if e.transcripts]
    with_vtt = [e for e in entries if e.transcript_type == "text/vtt"]
    assert len(with_vtt) == len(offered) == 2 and all(len(e.transcripts) == 2 for e in with_vtt)
    assert all(e.transcripts[1].type == "application/x-subrip" for e in with_vtt)
    assert {e.transcript_type for e in entries if e not in with_vtt} == {"application/x-subrip"}
    pc20 = [e for e in parse_feed(corpus_file("pc20rss.xml").read_bytes()).entries if e.transcripts]
    assert len(pc20) == 47 and {e.transcript_type for e in pc20} == {"application/srt"}


async def test_a_real_feed_without_durations_gets_real_transcripts(world: World) -> None:
    """pc20rss.xml gives no itunes:duration; its first items here link real host-made transcripts
    (served from ../shared), the rest answer 404: every episode is imported all the same."""
    srt = corpus_file("transcripts/buzzsprout_podcasting-qa_example.srt").read_bytes()
    vtt = corpus_file("transcripts/thedissenter_900.vtt").read_bytes()
    feed = corpus_file("pc20rss.xml").read_text(encoding="utf-8")
    urls = re.findall(r'<podcast:transcript url="([^"]+)"', feed)
    for n, url in enumerate(urls):
        feed = feed.replace(f'url="{url}"', f'url="{world.host.url(f"/t/{n}")}"', 1)
    world.host.serve("/t/0", srt, content_type="application/srt")
    world.host.serve("/t/1", vtt, content_type="application/srt")  # a wrong type: the content says the form
    world.host.serve("/pc20.xml", feed)
    report = await world.feeds.add(world.host.url("/pc20.xml"))
    assert len(report.result.added) == 56 and report.reload is not None and report.reload.ok
    by_url = {e.transcript_url: e for e in world.catalog.current.episodes if e.transcript_url}
    first, second = by_url[world.host.url("/t/0")], by_url[world.host.url("/t/1")]
    assert first.transcript is not None and first.transcript.form == "SubRip" and first.duration >= first.transcript.end
    assert second.transcript is not None and second.transcript.form == "WebVTT" and second.duration >= second.transcript.end
    assert sum(1 for w in report.result.warnings if "HTTP 404" in w and "transcript" in w) == len(urls) - 2
    assert json.loads((world.data / f"{report.state.folder}/{first.id}.json").read_text())["duration"] != "00:00:00"



def test_an_item_of_thousands_of_transcript_links_keeps_a_few() -> None:
    base = "https://cast.example/"
    many = "".join(tag(f"{base}{n}.srt", "srt") for n in range(20_000)) + f'<podcast:transcript url="{base}open.vtt" type="text/vtt"'
    assert chosen(many) == [f"{n}.srt" for n in range(10)]  # the first ten; a tag never closed is none
