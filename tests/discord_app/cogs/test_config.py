"""/config end to end: who may change it, what it changes, and what survives a restart."""

from __future__ import annotations

from dataclasses import replace

from bot.discord_app.client import SegmentBot
from bot.discord_app.command_sync import sync_if_changed
from bot.settings import Settings
from tests.support.bots import Server, StartBot
from tests.support.fakediscord import FakeDiscord


async def test_config_needs_manage_server_in_code_not_only_by_default(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    for command, options in (("config show", {}), ("config channels add", {"channel": server.general}), ("config mod-role clear", {})):
        response = await (await fake_discord.slash(command, options, member=server.member)).response()
        assert response.ephemeral and "Manage Server" in response.content
    assert (await segment_bot.store.guild_settings(server.guild.id)).channel_ids == ()


async def test_channel_list_restricts_segment_and_its_autocomplete(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    added = await (await fake_discord.slash("config channels add", {"channel": server.general}, member=server.admin)).response()
    assert f"<#{server.general.id}> added" in added.content

    elsewhere = await (await fake_discord.slash("segment", {"query": "habenula"}, channel=server.offtopic)).response()
    assert elsewhere.ephemeral and elsewhere.content == f"In this server I answer in <#{server.general.id}>."
    choices = await fake_discord.autocomplete("segment", {"query": "haben"}, focused="query", channel=server.offtopic)
    assert [c["name"] for c in choices] == ["I answer only in #general"]
    here = await (await fake_discord.slash("segment", {"query": "habenula"}, channel=server.general)).response()
    assert here.embeds

    listing = await (await fake_discord.slash("config channels list", member=server.admin)).response()
    assert listing.content == f"/segment answers only in <#{server.general.id}>."
    await (await fake_discord.slash("config channels remove", {"channel": server.general}, member=server.admin)).response()
    assert (await (await fake_discord.slash("segment", {"query": "habenula"}, channel=server.offtopic)).response()).embeds


async def test_clearing_channels_answers_everywhere_again(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    await (await fake_discord.slash("config channels add", {"channel": server.general}, member=server.admin)).response()
    cleared = await (await fake_discord.slash("config channels clear", member=server.admin)).response()
    assert "every channel" in cleared.content
    assert (await (await fake_discord.slash("segment", {"query": "habenula"}, channel=server.offtopic)).response()).embeds


async def test_deleted_channel_and_role_in_settings_break_nothing(fake_discord: FakeDiscord, segment_bot: SegmentBot, server: Server) -> None:
    gone_channel, gone_role = 424242424242, 535353535353
    await segment_bot.guild_settings.add_channel(server.guild.id, gone_channel)
    await segment_bot.guild_settings.set_mod_role(server.guild.id, gone_role)
    # A list holding only a deleted channel restricts nothing.
    assert (await (await fake_discord.slash("segment", {"query": "habenula"}, channel=server.offtopic)).response()).embeds
    shown = (await (await fake_discord.slash("config show", member=server.admin)).response()).content
    assert f"a deleted channel ({gone_channel}, ignored)" in shown
    assert f"a deleted role ({gone_role})" in shown
    assert "Only moderators" in (await (await fake_discord.slash("reload", member=server.moderator)).response()).content


async def test_settings_survive_a_restart_and_an_unchanged_restart_does_not_sync(
    fake_discord: FakeDiscord, start_bot: StartBot, server: Server
) -> None:
    async with start_bot():
        await (await fake_discord.slash("config channels add", {"channel": server.general}, member=server.admin)).response()
        await (await fake_discord.slash("config mod-role set", {"role": server.mod_role}, member=server.admin)).response()
    assert fake_discord.sync_count == 1
    async with start_bot():
        assert fake_discord.sync_count == 1  # same command definitions: nothing sent
        shown = (await (await fake_discord.slash("config show", member=server.admin)).response()).content
        assert f"/segment answers only in <#{server.general.id}>." in shown
        assert f"**Moderator role**: <@&{server.mod_role.id}>" in shown


async def test_changed_command_definitions_are_synced(fake_discord: FakeDiscord, segment_bot: SegmentBot) -> None:
    assert fake_discord.sync_count == 1
    segment_bot.tree.remove_command("episodes")
    assert await sync_if_changed(segment_bot, force=False)
    assert fake_discord.sync_count == 2
    assert "episodes" not in {c["name"] for c in fake_discord.synced_commands()}
    assert not await sync_if_changed(segment_bot, force=False)
    assert fake_discord.sync_count == 2


async def test_a_development_server_gets_the_commands_instead_of_everyone(
    fake_discord: FakeDiscord, start_bot: StartBot, server: Server, bot_settings: Settings
) -> None:
    async with start_bot(replace(bot_settings, dev_guild_id=server.guild.id)):
        assert {c["name"] for c in fake_discord.synced_commands(server.guild)} == {"segment", "episodes", "reload", "config", "feed", "episode", "teach", "teaching"}
        assert fake_discord.synced_commands() == []
