"""Tests of the fake Discord itself, driven by the real discord.py client (EchoBot, in echo_bot.py).

This file: logging in, syncing and answering, and the faults the fake can inject.
test_fakediscord_rules.py: Discord's rules on responses and its limits, which the fake enforces.
"""

from __future__ import annotations

import asyncio

import discord
import pytest

from tests.support.echo_bot import MANAGE_GUILD, EchoBot
from tests.support.fakediscord import (
    FakeDiscord,
    Guild,
)

# -- login, sync, answers --------------------------------------------------------------------


async def test_login_syncs_commands_and_answers(fake_discord: FakeDiscord, guild: Guild, bot: EchoBot) -> None:
    async with fake_discord.running(bot):
        assert bot.user is not None and bot.user.id == fake_discord.app_id
        assert bot.get_guild(guild.id) is not None and bot.get_guild(guild.id).name == "Podcast Fans"
        assert fake_discord.sync_count == 2

        synced = fake_discord.synced_commands()
        names = [c["name"] for c in synced]
        assert names == ["echo", "embed", "slow", "think", "buttons", "pick", "announce", "ignore"]
        echo = synced[0]
        assert echo == {
            "id": echo["id"],
            "application_id": str(fake_discord.app_id),
            "version": echo["version"],
            "name": "echo",
            "description": "Repeat text back",
            "type": 1,
            "options": [{"type": 3, "name": "text", "description": "What to repeat", "required": True,
                         "autocomplete": True}],
            "nsfw": False,
            "dm_permission": True,
            "default_member_permissions": None,
            "contexts": None,
            "integration_types": None,
        }
        [config] = fake_discord.synced_commands(guild)
        assert config["guild_id"] == str(guild.id)
        assert config["default_member_permissions"] == "32"  # sent as an int, returned as a string
        assert config["options"][0]["options"][0]["name"] == "add"
        # GET returns what was synced.
        assert [c.name for c in await bot.tree.fetch_commands()] == [c["name"] for c in synced]
        assert [c.name for c in await bot.tree.fetch_commands(guild=bot.guild)] == ["config"]

        interaction = await fake_discord.slash("echo", {"text": "hello @everyone"})
        response = await interaction.response()
        assert response.type == 4
        assert response.data == {"tts": False, "content": "hello @everyone", "allowed_mentions": {"parse": []}}
        assert fake_discord.messages[response.message_id]["content"] == "hello @everyone"

        choices = await fake_discord.autocomplete("echo", {"text": "keta"}, focused="text")
        assert choices == [{"name": "keta one", "value": "keta-one"}, {"name": "keta two", "value": "keta-two"}]
    assert fake_discord.requests_to("GET /users/@me")[0].status == 200


async def test_interaction_payload_carries_member_and_options(fake_discord: FakeDiscord, guild: Guild,
                                                              bot: EchoBot) -> None:
    alice = fake_discord.add_member(guild, "alice", permissions="1071698660929")
    async with fake_discord.running(bot):
        interaction = await fake_discord.slash("echo", {"text": "hi"}, member=alice)
        await interaction.response()
    payload = interaction.payload
    assert payload["type"] == 2 and payload["guild_id"] == str(guild.id)
    assert payload["member"]["user"]["username"] == "alice"
    assert payload["member"]["permissions"] == "1071698660929"
    assert payload["data"]["options"] == [{"name": "text", "type": 3, "value": "hi"}]
    assert payload["data"]["id"] == fake_discord.synced_commands()[0]["id"]


async def test_subcommand_group_with_channel_option_and_permissions(fake_discord: FakeDiscord, guild: Guild,
                                                                    bot: EchoBot) -> None:
    episodes = fake_discord.add_channel(guild, "episodes")
    moderators = fake_discord.add_role(guild, "Moderators", permissions=MANAGE_GUILD)
    moderator = fake_discord.add_member(guild, "mod", roles=[moderators])
    plain = fake_discord.add_member(guild, "listener")
    async with fake_discord.running(bot):
        allowed = await fake_discord.slash("config channels add", {"channel": episodes}, member=moderator)
        refused = await fake_discord.slash("/config channels add", {"channel": episodes.id}, member=plain)
        assert (await allowed.response()).content == f"Added <#{episodes.id}>."
        answer = await refused.response()
        assert (answer.content, answer.ephemeral) == ("You need Manage Server.", True)

    data = allowed.payload["data"]
    assert data["guild_id"] == str(guild.id)
    assert data["options"] == [{"name": "channels", "type": 2, "options": [
        {"name": "add", "type": 1, "options": [{"name": "channel", "type": 7, "value": str(episodes.id)}]}]}]
    assert data["resolved"]["channels"][str(episodes.id)]["name"] == "episodes"
    assert allowed.payload["member"]["roles"] == [str(moderators.id)]


async def test_helpers_refuse_commands_and_options_that_were_not_synced(fake_discord: FakeDiscord,
                                                                        bot: EchoBot) -> None:
    async with fake_discord.running(bot):
        with pytest.raises(AssertionError, match="/segment was never synced"):
            await fake_discord.slash("segment", {"query": "ketamine"})
        with pytest.raises(AssertionError, match="no option"):
            await fake_discord.slash("echo", {"txt": "typo"})
        with pytest.raises(AssertionError, match="required option"):
            await fake_discord.slash("echo")
        with pytest.raises(AssertionError, match="has subcommands"):
            await fake_discord.slash("config", {})


async def test_button_click_updates_the_message(fake_discord: FakeDiscord, guild: Guild, bot: EchoBot) -> None:
    alice = fake_discord.add_member(guild, "alice")
    async with fake_discord.running(bot):
        response = await (await fake_discord.slash("buttons")).response()
        assert response.components == [{"type": 1, "components": [
            {"type": 2, "style": 2, "disabled": True, "label": "Previous", "custom_id": "previous"},
            {"type": 2, "style": 2, "disabled": False, "label": "Next", "custom_id": "next"}]}]
        with pytest.raises(AssertionError, match=r"the button 'previous' on message \d+ is disabled"):
            await fake_discord.click(response, "previous")

        click = await fake_discord.click(response, "next", member=alice)
        update = await click.response()
        assert update.type == 7 and update.content == "page 2 for alice"
        assert update.message_id == response.message_id
        assert fake_discord.messages[response.message_id]["content"] == "page 2 for alice"
        assert fake_discord.messages[response.message_id]["components"] == []
        with pytest.raises(AssertionError, match="has no button with custom_id 'next'"):
            await fake_discord.click(response, "next")


async def test_select_menu_choice_updates_the_message(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    async with fake_discord.running(bot):
        response = await (await fake_discord.slash("pick")).response()
        with pytest.raises(AssertionError, match=r"takes 1 to 1 of \['ep-01', 'ep-02'\], not \['ep-09'\]"):
            await fake_discord.select(response, "episode", ["ep-09"])
        chosen = await fake_discord.select(response, "episode", ["ep-02"])
        assert chosen.payload["data"] == {"custom_id": "episode", "component_type": 3, "values": ["ep-02"]}
        update = await chosen.response()
        assert (update.type, update.content, update.components) == (7, "chose ep-02", [])


async def test_defer_then_followups_and_edit(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    async with fake_discord.running(bot):
        interaction = await fake_discord.slash("think")
        deferred = await interaction.response()
        assert (deferred.type, deferred.data) == (5, {})
        assert (await interaction.followup(0)).content == "first followup"
        edit = await interaction.edit(0)
        assert edit.id == deferred.message_id and edit.data["content"] == "edited"
        assert (await interaction.followup(1)).content == "original says edited"
        assert fake_discord.messages[deferred.message_id]["flags"] == 0  # no longer "thinking"


async def test_channel_message_with_file(fake_discord: FakeDiscord, guild: Guild, bot: EchoBot) -> None:
    async with fake_discord.running(bot):
        interaction = await fake_discord.slash("announce", {"text": "new episode"})
        assert (await interaction.response()).ephemeral
        posted = await fake_discord.channel_message(next(iter(guild.channels)))
        assert posted.content == "new episode"
        assert posted.files == {"note.txt": b"new episode"}


async def test_rejected_token_fails_login(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    with pytest.raises(discord.LoginFailure):
        async with fake_discord.running(bot, token="not-the-token"):
            pass
    assert [r.status for r in fake_discord.requests_to("GET /users/@me")] == [401]
    assert fake_discord.sync_count == 0


async def test_waiting_for_a_missing_answer_fails_clearly(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    async with fake_discord.running(bot):
        interaction = await fake_discord.slash("ignore")
        expected = rf"bot sent no response to /ignore \(interaction {interaction.id}\) within 0\.2 s"
        with pytest.raises(AssertionError, match=expected):
            await interaction.response(timeout=0.2)


async def test_client_crash_is_surfaced(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    broken = {"id": "1", "application_id": str(fake_discord.app_id), "type": 2, "token": "t", "version": 1}
    with pytest.raises(KeyError, match="attachment_size_limit"):
        async with fake_discord.running(bot):
            # discord.py reads attachment_size_limit unguarded: its absence kills client.start().
            await fake_discord.gateway.dispatch("INTERACTION_CREATE", broken)
            with pytest.raises(AssertionError, match="the client stopped"):
                await fake_discord.wait_until(lambda: None, "waited for nothing")


async def test_unimplemented_route_is_reported(fake_discord: FakeDiscord, guild: Guild, bot: EchoBot) -> None:
    async with fake_discord.running(bot):
        with pytest.raises(discord.NotFound):
            await bot.fetch_channel(next(iter(guild.channels)))
    with pytest.raises(AssertionError, match=r"GET /channels/\d+: the fake does not implement this route"):
        fake_discord.assert_clean()
    fake_discord.unhandled.clear()


# -- faults ----------------------------------------------------------------------------------

CALLBACK = "POST /interactions/{id}/{token}/callback"


async def test_rate_limited_response_is_retried(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    fake_discord.rate_limit(CALLBACK, retry_after=0.2)
    async with fake_discord.running(bot):
        interaction = await fake_discord.slash("echo", {"text": "patience"})
        response = await interaction.response()
        assert response.content == "patience"
        assert response.at - interaction.created_at >= 0.2
    assert [r.status for r in fake_discord.requests_to(CALLBACK)] == [429, 200]


async def test_server_error_on_sync_is_retried(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    fake_discord.server_error("PUT /applications/{app_id}/commands")
    async with fake_discord.running(bot):
        assert [r.status for r in fake_discord.requests_to("PUT /applications/{app_id}/commands")] == [500, 200]
        assert fake_discord.sync_count == 2  # the 500 never reached the handler
        assert fake_discord.synced_commands()[0]["name"] == "echo"


async def test_dropped_gateway_resumes_and_replays(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    async with fake_discord.running(bot):
        drop = asyncio.create_task(fake_discord.drop_gateway())
        await asyncio.sleep(0)  # the socket is now closed
        missed = await fake_discord.slash("echo", {"text": "sent while disconnected"})
        assert await drop == "resume"
        assert (await missed.response()).content == "sent while disconnected"

        after = await fake_discord.slash("echo", {"text": "after resume"})
        assert (await after.response()).content == "after resume"
    assert fake_discord.gateway.connections == ["identify", "resume"]


async def test_lost_gateway_session_reidentifies(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    async with fake_discord.running(bot):
        assert await fake_discord.drop_gateway(resumable=False) == "identify"
        interaction = await fake_discord.slash("echo", {"text": "new session"})
        assert (await interaction.response()).content == "new session"
    assert fake_discord.gateway.connections == ["identify", "identify"]


async def test_slow_response_delays_the_bot(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    fake_discord.slow(CALLBACK, seconds=0.3)
    async with fake_discord.running(bot):
        interaction = await fake_discord.slash("think")
        deferred = await interaction.response()
        followup = await interaction.followup()
        # The bot could only follow up once the slow answer to its deferral had arrived.
        assert followup.at - deferred.at >= 0.3
