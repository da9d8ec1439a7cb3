"""Feeds end to end in the core, when things go wrong: what a host can do wrong, and what a moderator
may not ask for (addresses inside the machine, a feed twice)."""

from __future__ import annotations

import asyncio
import re

import pytest

from bot.core.episodes.folder import load_data_dir
from bot.core.feeds.fetch import FetchError, FetchLimits, check_url
from bot.core.feeds.importer import FeedImporter
from bot.core.feeds.service import FeedRefused
from bot.core.feeds.state import PAUSE_AFTER, FeedState
from tests.core.feeds.world import World, episode_item
from tests.support.feedserver import rss

# --- what a host can do wrong ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda h: h.status("/f", 404), "HTTP 404"),
        (lambda h: h.status("/f", 410), "HTTP 410"),
        (lambda h: h.status("/f", 500), "HTTP 500"),
        (lambda h: h.slow("/f", 2.5), "timed out after 2 s"),
        (lambda h: h.endless("/f", 50), "larger than the size limit of 20 MB"),
        (lambda h: h.serve("/f", "<rss><channel><title>x</title><item><title>a</titl"), "malformed XML"),
        (lambda h: h.serve("/f", "<!DOCTYPE html><html><body><p>Welcome!</p></body></html>", content_type="text/html"),
         "HTML page, not a feed"),
        (lambda h: h.redirect("/f", "/g") or h.redirect("/g", "/f"), "redirect loop"),
        (lambda h: h.redirect("/f", "http://169.254.169.254/latest/meta-data/"), "link-local"),
        (lambda h: h.redirect("/f", "http://10.1.2.3/feed.xml"), "private address"),
        (lambda h: h.redirect("/f", "file:///etc/passwd"), "not an http:// or https:// address"),
        (lambda h: h.redirect("/f", "http://[no-such-address/feed.xml"), "is not a valid address"),
    ],
    ids=["404", "410", "500", "timeout", "50 MB", "malformed XML", "HTML page", "redirect loop",
         "redirect to metadata", "redirect to private", "redirect to file", "redirect to nonsense"],
)  # fmt: skip
async def test_a_feed_that_cannot_be_read_is_refused_and_the_catalog_keeps_serving(world: World, setup, message: str) -> None:
    setup(world.host)
    catalog = world.catalog.current
    with pytest.raises(FeedRefused, match=re.escape(message)):
        await world.feeds.add(world.host.url("/f"))
    assert world.catalog.current is catalog and await world.feeds.feeds() == []


async def test_one_feed_redirecting_to_nonsense_fails_alone_and_the_round_goes_on(world: World) -> None:
    for name in ("a", "b"):
        world.host.serve(f"/{name}.xml", rss([episode_item(1)], title=f"Cast {name}"))
        await world.feeds.add(world.host.url(f"/{name}.xml"))
    world.host.redirect("/a.xml", "http://[no-such-address/feed.xml")  # polled first: feeds go by address
    world.host.serve("/b.xml", rss([episode_item(2), episode_item(1)], title="Cast b"))
    broken, working = await world.feeds.poll_due(now=10**10)
    assert "is not a valid address" in (broken.result.error or "")
    assert [e.title for e in working.result.added] == ["Episode 2: Topic 2"]


async def test_an_unexpected_fault_in_one_feed_does_not_end_the_round(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a", "b"):
        world.host.serve(f"/{name}.xml", rss([episode_item(1)], title=f"Cast {name}"))
        await world.feeds.add(world.host.url(f"/{name}.xml"))
    world.host.serve("/b.xml", rss([episode_item(2), episode_item(1)], title="Cast b"))
    refresh = FeedImporter.refresh

    async def faulty(self: FeedImporter, state: FeedState, *args: object, **kwargs: object) -> object:
        if state.url.endswith("/a.xml"):  # polled first: feeds go by address
            raise RuntimeError("a bug, or a fault nobody foresaw")
        return await refresh(self, state, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(FeedImporter, "refresh", faulty)
    [report] = await world.feeds.poll_due(now=10**10)
    assert [e.title for e in report.result.added] == ["Episode 2: Topic 2"] and report.reload is not None


async def test_redirects_and_gzip_are_followed(world: World) -> None:
    world.host.redirect("/old.xml", "/new.xml", status=301)
    world.host.redirect("/new.xml", world.host.url("/gz.xml"), status=302)
    world.host.serve("/gz.xml", rss([episode_item(1)]), compress=True)
    report = await world.feeds.add(world.host.url("/old.xml"))
    assert len(report.result.added) == 1


async def test_a_failing_feed_is_reported_backs_off_and_is_paused_after_days(world: World) -> None:
    world.host.serve("/feed.xml", rss([episode_item(1)]))
    state = (await world.feeds.add(world.host.url("/feed.xml"))).state
    world.host.status("/feed.xml", 500)
    start = state.last_attempt + state.interval
    [report] = await world.feeds.poll_due(now=start)
    assert report.state.last_error == "HTTP 500 Internal Server Error" and not report.state.paused
    assert await world.feeds.poll_due(now=start + state.interval) == []  # backing off: twice the interval
    [state] = await world.feeds.feeds()
    state.failing_since = start - PAUSE_AFTER
    await world.store.save_feed(state)
    [report] = await world.feeds.poll_due(now=start + 10 * state.interval)
    assert report.state.paused and await world.feeds.poll_due(now=start + 10**6) == []
    world.host.serve("/feed.xml", rss([episode_item(1), episode_item(2)]))
    report = await world.feeds.refresh(state.url)  # a moderator's refresh un-pauses a feed that works again
    assert not report.state.paused and len(report.result.added) == 1


# --- what a moderator can ask for ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [("ftp://example.com/feed.xml", "must start with http"), ("file:///etc/passwd", "must start with http"),
     ("http://127.0.0.1:9/feed.xml", "loopback"), ("http://localhost:9/feed.xml", "loopback"),
     ("http://[::ffff:169.254.169.254]/", "link-local"), ("http://[::1/feed.xml", "is not a valid address")],
)  # fmt: skip
async def test_addresses_inside_the_machine_or_its_network_are_refused(world: World, url: str, message: str) -> None:
    world.feeds.limits = FetchLimits(timeout=2.0)  # the default: nothing but public addresses
    with pytest.raises(FeedRefused, match=re.escape(message)):
        await world.feeds.add(url)


# Every way of writing an address inside the machine or its network that resolvers or browsers
# read: each gets the bot's own refusal, never the HTTP client's parser error, and nothing is fetched.
LOCAL_FORMS = {
    "127.1": "127.0.0.1", "2130706433": "127.0.0.1", "017700000001": "127.0.0.1", "0x7f.1": "127.0.0.1",
    "0x7f000001": "127.0.0.1", "0177.0.0.1": "127.0.0.1", "127.0.1": "127.0.0.1", "127.000.000.001": "127.0.0.1",
    "127.0.0.1.": "127.0.0.1", "0": "0.0.0.0", "10.1": "10.0.0.1", "192.168.1": "192.168.0.1",
    "0xa9fea9fe": "169.254.169.254", "[::1]": "::1", "[0:0:0:0:0:0:0:1]": "::1", "[::]": "::",
    "[::ffff:127.0.0.1]": "127.0.0.1", "[::ffff:7f00:1]": "127.0.0.1", "[::127.0.0.1]": "127.0.0.1",
    "[64:ff9b::7f00:1]": "127.0.0.1", "[2002:7f00:1::]": "127.0.0.1", "[fe80::1%25eth0]": "fe80::1",
    "[fc00::1]": "fc00::1", "localhost": "localhost", "localhost.": "localhost.", "feeds.localhost": "feeds.localhost",
}  # fmt: skip


@pytest.mark.parametrize(("host", "address"), LOCAL_FORMS.items(), ids=LOCAL_FORMS.keys())
def test_every_form_of_a_local_or_private_address_gets_the_bots_own_refusal(host: str, address: str) -> None:
    with pytest.raises(FetchError, match="not allowed") as refused:
        check_url(f"http://{host}:8080/feed.xml", FetchLimits())  # the default: nothing but public addresses
    assert address in str(refused.value)


@pytest.mark.parametrize("host", ["127.1", "2130706433", "017700000001", "0x7f.1", "[::ffff:127.0.0.1]", "localhost"])
async def test_a_local_form_is_refused_by_follow_before_anything_is_fetched(world: World, host: str) -> None:
    world.feeds.limits = FetchLimits(timeout=2.0)
    port = world.host.base.rsplit(":", 1)[1]  # where a fetch that slipped through would land
    world.host.serve("/feed.xml", rss([episode_item(1)]))
    with pytest.raises(FeedRefused, match="not allowed") as refused:
        await world.feeds.add(f"http://{host}:{port}/feed.xml")
    assert "cannot connect" not in str(refused.value)
    assert world.host.requests == [] and await world.feeds.feeds() == []


@pytest.mark.parametrize("host", ["10.1", "0xa9fea9fe", "[::ffff:a9fe:a9fe]", "[64:ff9b::a00:1]"])
async def test_a_redirect_to_a_local_form_is_refused_the_same_way(world: World, host: str) -> None:
    world.host.redirect("/f", f"http://{host}/latest/meta-data/")
    with pytest.raises(FeedRefused, match="not allowed"):
        await world.feeds.add(world.host.url("/f"))


@pytest.mark.parametrize(
    ("url", "message"),
    [("http://134744072/feed.xml", "'134744072' is an unusual way to write 8.8.8.8; write it as 8.8.8.8"),
     ("http://1.2.3.4.5/feed.xml", "'1.2.3.4.5' is neither a name nor an address"),
     ("http://256.1.1.1/feed.xml", "'256.1.1.1' is neither a name nor an address")],
)  # fmt: skip
async def test_a_public_address_written_oddly_is_refused_with_how_to_write_it(world: World, url: str, message: str) -> None:
    with pytest.raises(FeedRefused, match=re.escape(message)):
        await world.feeds.add(url)


async def test_a_feed_already_followed_is_not_added_twice(world: World) -> None:
    world.host.serve("/feed.xml", rss([episode_item(1)]))
    await world.feeds.add(world.host.url("/feed.xml"))
    with pytest.raises(FeedRefused, match="already followed"):
        await world.feeds.add(world.host.url("/feed.xml"))


async def test_two_adds_of_one_feed_at_once_import_it_once(world: World) -> None:
    world.host.serve("/feed.xml", rss([episode_item(1)]))
    results = await asyncio.gather(*(world.feeds.add(world.host.url("/feed.xml")) for _ in range(2)), return_exceptions=True)
    assert sorted(type(r).__name__ for r in results) == ["FeedRefused", "FeedReport"]
    assert len(load_data_dir(world.data)) == 2  # the seed and the one episode


async def test_removing_a_feed_keeps_its_episodes(world: World) -> None:
    world.host.serve("/feed.xml", rss([episode_item(1)]))
    await world.feeds.add(world.host.url("/feed.xml"))
    assert await world.feeds.remove(world.host.url("/feed.xml"))
    assert await world.feeds.feeds() == [] and len(load_data_dir(world.data)) == 2
