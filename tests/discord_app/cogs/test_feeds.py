"""/feed end to end: the real bot on the fake Discord, feeds from a local host."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from bot.core.db.sqlite import SqliteStore
from bot.core.feeds.state import FeedState
from bot.discord_app.client import SegmentBot
from bot.discord_app.runner import open_bot
from bot.settings import Settings
from tests.support.bots import Server, StartBot
from tests.support.fakediscord import FakeDiscord
from tests.support.feedserver import LOOPBACK_ONLY, FeedServer, corpus_file, feed_server, rss
from tests.support.transcript_text import text as transcript_text


@pytest.fixture
async def host() -> AsyncIterator[FeedServer]:
    async with feed_server() as server:
        yield server


@pytest.fixture
async def feed_bot(start_bot: StartBot, bot_settings: Settings) -> AsyncIterator[SegmentBot]:
    # The operator allows loopback, where the test's podcast host runs.
    async with start_bot(replace(bot_settings, feeds_allowed_networks=LOOPBACK_ONLY.allowed_networks)) as bot:
        yield bot


def item(n: int) -> dict[str, str]:
    return {"guid": f"g{n}", "title": f"Episode {n}: Sleep @everyone", "link": f"https://youtu.be/abcdefghi{n:02d}",
            "description": "00:00 Welcome\n04:00 Light and sleep\n19:00 Questions", "itunes:duration": "25:00"}  # fmt: skip


async def test_a_moderator_adds_a_real_feed_and_members_find_its_chapters(
    fake_discord: FakeDiscord, feed_bot: SegmentBot, server: Server, host: FeedServer
) -> None:
    host.serve("/dd.xml", corpus_file("design-details.xml").read_bytes())
    await (await fake_discord.slash("config mod-role set", {"role": server.mod_role}, member=server.admin)).response()
    added = await fake_discord.slash("feed add", {"url": host.url("/dd.xml")}, member=server.moderator)
    assert (await added.response()).type == 5  # deferred: fetching may take longer than 3 s
    reply = (await added.followup()).content
    assert reply.startswith("Following **Design Details**: 102 episodes imported") and "Catalog reloaded" in reply
    answer = await (await fake_discord.slash("segment", {"query": "prototyping tools"})).response()
    assert any("prototyping" in (e.get("title", "") + e.get("description", "")).lower() for e in answer.embeds) or (
        "prototyping" in answer.content.lower())  # fmt: skip
    listing = (await (await fake_discord.slash("feed list", member=server.moderator)).response()).content
    assert "**Design Details**" in listing and "102 episodes · last success <t:" in listing


async def test_a_plain_member_cannot_touch_feeds(fake_discord: FakeDiscord, feed_bot: SegmentBot, server: Server, host: FeedServer) -> None:
    host.serve("/f.xml", rss([item(1)]))
    for command, options in (("feed add", {"url": host.url("/f.xml")}), ("feed list", {}), ("feed refresh", {}),
                             ("feed remove", {"url": host.url("/f.xml")})):  # fmt: skip
        response = await (await fake_discord.slash(command, options, member=server.member)).response()
        assert response.ephemeral and "Only moderators" in response.content
    assert host.requests == [] and await feed_bot.feeds.feeds() == []


async def test_a_bad_address_is_refused_with_the_reason(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    """Without the operator allowing it, the bot fetches nothing on its own machine or network."""
    for url, reason in (("http://127.0.0.1:8080/feed.xml", "loopback"), ("http://169.254.169.254/latest/", "link-local"),
                        ("file:///etc/passwd", "must start with http")):  # fmt: skip
        added = await fake_discord.slash("feed add", {"url": url}, member=server.admin)
        assert reason in (await added.followup()).content


async def test_new_episodes_are_announced_without_pings_and_refresh_reports(
    fake_discord: FakeDiscord, feed_bot: SegmentBot, server: Server, host: FeedServer
) -> None:
    url = host.url("/f.xml")
    host.serve("/f.xml", rss([item(1)]))
    added = await fake_discord.slash("feed add", {"url": url, "announce": server.general}, member=server.admin)
    assert f"announced in <#{server.general.id}>" in (await added.followup()).content
    assert fake_discord.channel_messages == []  # the first import is not announced: it would flood the channel
    host.serve("/f.xml", rss([item(2), item(1)]))
    refreshed = await fake_discord.slash("feed refresh", {"url": url}, member=server.admin)
    assert "1 new, 0 updated" in (await refreshed.followup()).content
    message = await fake_discord.channel_message(server.general)
    assert message.content.startswith("New episode of **Test Cast**: Episode 2: Sleep @everyone (3 chapters) <https://youtu.be/abcdefghi02>")
    assert message.allowed_mentions == {"parse": []}


async def test_a_feed_paused_after_days_of_failures_is_reported_in_its_channel(
    fake_discord: FakeDiscord, feed_bot: SegmentBot, server: Server, host: FeedServer
) -> None:
    host.serve("/f.xml", rss([item(1)]))
    await (await fake_discord.slash("feed add", {"url": host.url("/f.xml"), "announce": server.general}, member=server.admin)).followup()
    host.status("/f.xml", 410)  # Gone: the host says it will not come back
    await feed_bot.feeds.poll_due(now=10**10)
    message = await fake_discord.channel_message(server.general)
    assert message.content.startswith("The feed of **Test Cast** is paused: HTTP 410 Gone.")
    listing = (await (await fake_discord.slash("feed list", member=server.admin)).response()).content
    assert "**paused**" in listing


async def test_a_failing_feed_shows_its_error_in_the_list(fake_discord: FakeDiscord, feed_bot: SegmentBot, server: Server, host: FeedServer) -> None:
    host.serve("/f.xml", rss([item(1)]))
    await (await fake_discord.slash("feed add", {"url": host.url("/f.xml")}, member=server.admin)).followup()
    host.status("/f.xml", 500)
    refreshed = await fake_discord.slash("feed refresh", member=server.admin)
    assert "error: HTTP 500" in (await refreshed.followup()).content
    listing = (await (await fake_discord.slash("feed list", member=server.admin)).response()).content
    assert "last error: HTTP 500 Internal Server Error" in listing and "1 episodes" in listing


async def test_a_feeds_schedule_and_announcement_channel_can_be_changed(
    fake_discord: FakeDiscord, feed_bot: SegmentBot, server: Server, host: FeedServer
) -> None:
    host.serve("/f.xml", rss([item(1)]))
    await (await fake_discord.slash("feed add", {"url": host.url("/f.xml")}, member=server.admin)).followup()
    changed = await fake_discord.slash("feed set", {"url": host.url("/f.xml"), "every": 15, "announce": server.offtopic},
                                       member=server.admin)  # fmt: skip
    reply = (await changed.response()).content
    assert "every 15 min" in reply and f"announced in <#{server.offtopic.id}>" in reply
    [state] = await feed_bot.feeds.feeds()
    assert (state.interval, state.announce_channel_id) == (900, server.offtopic.id)


async def test_a_command_sync_from_the_command_line_polls_no_feed(
    fake_discord: FakeDiscord, bot_settings: Settings, host: FeedServer
) -> None:
    host.serve("/f.xml", rss([item(1)]))
    async with await SqliteStore.open(bot_settings.database) as store:
        await store.save_feed(FeedState(host.url("/f.xml"), folder="test-cast"))  # never polled: due now
    settings = replace(bot_settings, feeds_allowed_networks=LOOPBACK_ONLY.allowed_networks)
    async with open_bot(settings, force_sync=True) as bot:  # what `python -m bot sync` does
        await bot.login(fake_discord.token)
        await asyncio.sleep(0.5)  # time enough for a poll round, were one started
        assert host.requests == [] and not bot.leads_once_only_work


async def test_remove_offers_the_feeds_and_keeps_the_episodes(fake_discord: FakeDiscord, feed_bot: SegmentBot, server: Server, host: FeedServer) -> None:
    host.serve("/f.xml", rss([item(1)]))
    await (await fake_discord.slash("feed add", {"url": host.url("/f.xml")}, member=server.admin)).followup()
    choices = await fake_discord.autocomplete("feed remove", {"url": "test"}, focused="url", member=server.admin)
    assert [c["value"] for c in choices] == [host.url("/f.xml")]
    # Autocomplete runs no command check: a member who may not remove feeds is not shown them either.
    assert await fake_discord.autocomplete("feed remove", {"url": "test"}, focused="url", member=server.member) == []
    removed = await (await fake_discord.slash("feed remove", {"url": host.url("/f.xml")}, member=server.admin)).response()
    assert "No longer following" in removed.content
    assert "Episode 1: Sleep @everyone" in {e.title for e in feed_bot.catalog.current.episodes}


async def test_an_episode_without_chapters_is_listed_with_its_description(
    fake_discord: FakeDiscord, feed_bot: SegmentBot, server: Server, host: FeedServer
) -> None:
    host.serve("/f.xml", rss([{"guid": "g1", "title": "Bonus: Listener Mail", "description": "<p>We answer your letters.</p>"}]))
    await (await fake_discord.slash("feed add", {"url": host.url("/f.xml")}, member=server.admin)).followup()
    [bonus] = [e for e in feed_bot.catalog.current.episodes if e.title == "Bonus: Listener Mail"]
    page = (await (await fake_discord.slash("episodes", {"episode": bonus.id})).response()).embeds[0]
    assert page["title"] == "Bonus: Listener Mail"
    assert page["description"] == "We answer your letters.\n*No chapter list was published for this episode.*"


async def test_a_feed_paused_with_no_channel_to_say_so_heads_every_feed_reply_until_dealt_with(
    fake_discord: FakeDiscord, feed_bot: SegmentBot, server: Server, host: FeedServer
) -> None:
    for path in ("/a.xml", "/b.xml"):
        host.serve(path, rss([item(1)]))
        await (await fake_discord.slash("feed add", {"url": host.url(path)}, member=server.admin)).followup()
    host.status("/b.xml", 410)  # Gone: paused at once, and no announcement channel to say so
    await feed_bot.feeds.poll_due(now=10**10)
    assert fake_discord.channel_messages == []
    notice = f"⚠ **Test Cast** <{host.url('/b.xml')}> is paused: it kept failing since <t:"
    await (await fake_discord.slash("config mod-role set", {"role": server.mod_role}, member=server.admin)).response()
    changed = await fake_discord.slash("feed set", {"url": host.url("/a.xml"), "every": 15}, member=server.moderator)
    reply = (await changed.response()).content
    assert reply.startswith(notice) and "(HTTP 410 Gone). /feed refresh it once it works again, or /feed remove it." in reply
    assert "every 15 min" in reply.split("\n\n", 1)[1]  # then the answer to what was asked
    listing = (await (await fake_discord.slash("feed list", member=server.admin)).response()).content
    assert listing.startswith(f"**Test Cast** <{host.url('/b.xml')}> · **paused**")  # first, though polled second
    refreshed = await fake_discord.slash("feed refresh", {"url": host.url("/a.xml")}, member=server.admin)
    assert (await refreshed.followup()).content.startswith(notice)
    host.serve("/b.xml", rss([item(2), item(1)]))  # the host is back
    revived = await fake_discord.slash("feed refresh", {"url": host.url("/b.xml")}, member=server.admin)
    assert (await revived.followup()).content.startswith("**Test Cast**: 1 new, 0 updated")  # no notice once it works
    listing = (await (await fake_discord.slash("feed list", member=server.admin)).response()).content
    assert "paused" not in listing and listing.startswith(f"**Test Cast** <{host.url('/a.xml')}>")


async def test_a_feed_paused_with_an_announcement_channel_is_told_there_not_in_every_reply(
    fake_discord: FakeDiscord, feed_bot: SegmentBot, server: Server, host: FeedServer
) -> None:
    host.serve("/f.xml", rss([item(1)]))
    await (await fake_discord.slash("feed add", {"url": host.url("/f.xml"), "announce": server.general}, member=server.admin)).followup()
    host.status("/f.xml", 410)
    await feed_bot.feeds.poll_due(now=10**10)
    assert (await fake_discord.channel_message(server.general)).content.startswith("The feed of **Test Cast** is paused")
    removed = await (await fake_discord.slash("feed remove", {"url": host.url("/nothing.xml")}, member=server.admin)).response()
    assert removed.content.startswith("No feed with that address is followed")


async def test_a_feeds_transcript_answers_members_with_the_moment_and_its_quote(
    fake_discord: FakeDiscord, feed_bot: SegmentBot, server: Server, host: FeedServer
) -> None:
    said = (610, "The night shift nurse drank her chamomile tea at exactly four in the morning.")
    host.serve("/t/1.vtt", transcript_text("vtt", said, minutes=25), content_type="text/vtt")
    host.serve("/f.xml", rss([item(1) | {"xml": f'<podcast:transcript url="{host.url("/t/1.vtt")}" type="text/vtt"/>'}]))
    added = await fake_discord.slash("feed add", {"url": host.url("/f.xml")}, member=server.admin)
    assert "(1 with chapters, 1 with transcripts)" in (await added.followup()).content
    answer = await (await fake_discord.slash("segment", {"query": "when did the nurse drink chamomile tea"})).response()
    embed = answer.embeds[0]
    assert "chamomile tea at exactly four in the morning" in embed["description"] and "00:10:07" in embed["description"]
