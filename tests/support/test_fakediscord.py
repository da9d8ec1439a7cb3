"""Tests of the fake Discord itself, driven by the real discord.py client.

EchoBot below is a throwaway bot with known answers; the project's own bot is tested elsewhere.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.app_commands import Choice
from discord.ext import commands

from tests.support.fakediscord import (
    FAST_CLIENT_OPTIONS,
    FakeDiscord,
    Guild,
    check_callback,
    check_commands,
    check_message,
    command_size,
    flatten_errors,
)

MANAGE_GUILD = 1 << 5


class NextPageView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Previous", custom_id="previous", disabled=True)
    async def previous_page(self, interaction: discord.Interaction, button: discord.ui.Button[NextPageView]) -> None:
        raise AssertionError("Discord does not let anyone press a disabled button")

    @discord.ui.button(label="Next", custom_id="next")
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button[NextPageView]) -> None:
        await interaction.response.edit_message(content=f"page 2 for {interaction.user.name}", view=None)


class EpisodePicker(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.select(custom_id="episode", placeholder="Choose an episode",
                       options=[discord.SelectOption(label="Ketamine", value="ep-01"),
                                discord.SelectOption(label="Sleep", value="ep-02")])
    async def choose(self, interaction: discord.Interaction, select: discord.ui.Select[EpisodePicker]) -> None:
        await interaction.response.edit_message(content=f"chose {select.values[0]}", view=None)


def add_test_commands(tree: app_commands.CommandTree[EchoBot], guild: discord.abc.Snowflake) -> None:
    @tree.command(description="Repeat text back")
    @app_commands.describe(text="What to repeat")
    async def echo(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text, allowed_mentions=discord.AllowedMentions.none())

    @echo.autocomplete("text")
    async def echo_complete(interaction: discord.Interaction, current: str) -> list[Choice[str]]:
        if current == "many":
            return [Choice(name=f"option {n}", value=f"option-{n}") for n in range(26)]
        if current == "long":
            return [Choice(name="x" * 101, value="x")]
        return [Choice(name=f"{current} {n}", value=f"{current}-{n}") for n in ("one", "two")]

    @tree.command(description="Reply with one embed")
    async def embed(interaction: discord.Interaction, title: str = "Title", description: str = "",
                    fields: int = 0, field_value: str = "value") -> None:
        card = discord.Embed(title=title, description=description or None)
        for n in range(fields):
            card.add_field(name=f"field {n}", value=field_value)
        await interaction.response.send_message(embed=card)

    @tree.command(description="Answer after a delay")
    async def slow(interaction: discord.Interaction, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await interaction.response.send_message("done")

    @tree.command(description="Defer, follow up, edit the original")
    async def think(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("first followup")
        await interaction.edit_original_response(content="edited")
        original = await interaction.original_response()
        await interaction.followup.send(f"original says {original.content}")

    @tree.command(description="Post a message with a button")
    async def buttons(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("page 1", view=NextPageView())

    @tree.command(description="Post a message with a select menu")
    async def pick(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pick one", view=EpisodePicker())

    @tree.command(description="Post text in this channel, with a file")
    async def announce(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message("posting", ephemeral=True)
        assert isinstance(interaction.channel, discord.TextChannel)
        await interaction.channel.send(text, file=discord.File(io.BytesIO(text.encode()), filename="note.txt"))

    @tree.command(description="Never answers")
    async def ignore(interaction: discord.Interaction) -> None:
        pass

    config = app_commands.Group(name="config", description="Bot settings for this server",
                                default_permissions=discord.Permissions(manage_guild=True))
    channels = app_commands.Group(name="channels", description="Channels the bot answers in", parent=config)

    @channels.command(name="add", description="Answer in a channel")
    async def add_channel(interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        if not interaction.permissions.manage_guild:
            await interaction.response.send_message("You need Manage Server.", ephemeral=True)
            return
        await interaction.response.send_message(f"Added {channel.mention}.")

    tree.add_command(config, guild=guild)


class EchoBot(commands.Bot):
    """Syncs global commands and one guild's commands in setup_hook, like a real bot might."""

    def __init__(self, guild: Guild, *, extra_global: Sequence[app_commands.Command[Any, ..., None]] = ()) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default(),
                         **FAST_CLIENT_OPTIONS)
        self.guild = discord.Object(id=guild.id)
        self.extra_global = list(extra_global)
        # Errors raised inside commands (such as HTTPException from a refused reply).
        self.errors: asyncio.Queue[app_commands.AppCommandError] = asyncio.Queue()
        self.tree.error(self.record_error)

    async def record_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        self.errors.put_nowait(error)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # discord.py sleeps 5 s before every IDENTIFY but the first (Discord's identify limit);
        # the fake has no such limit.
        pass

    async def setup_hook(self) -> None:
        add_test_commands(self.tree, self.guild)
        for command in self.extra_global:
            self.tree.add_command(command)
        await self.tree.sync()
        await self.tree.sync(guild=self.guild)

    async def next_error(self) -> Exception:
        error = await asyncio.wait_for(self.errors.get(), 5)
        return error.original if isinstance(error, app_commands.CommandInvokeError) else error


@pytest.fixture
def guild(fake_discord: FakeDiscord) -> Guild:
    guild = fake_discord.add_guild("Podcast Fans")
    fake_discord.add_channel(guild, "general")
    return guild


@pytest.fixture
def bot(guild: Guild) -> EchoBot:
    return EchoBot(guild)


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


# -- Discord's rules on responses -------------------------------------------------------------


async def test_response_after_the_deadline_is_unknown_interaction(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    fake_discord.response_deadline = 0.2
    async with fake_discord.running(bot):
        interaction = await fake_discord.slash("slow", {"seconds": 0.3})
        violation = await interaction.violation()
        assert (violation.status, violation.code, violation.message) == (404, 10062, "Unknown interaction")
        error = await bot.next_error()
        assert isinstance(error, discord.NotFound) and error.code == 10062
        assert interaction.callbacks == []


async def test_second_initial_response_is_refused(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    async with fake_discord.running(bot):
        interaction = await fake_discord.slash("echo", {"text": "once"})
        await interaction.response()
        # discord.py itself refuses to answer twice, so play a buggy client by hand.
        url = f"{fake_discord.api_url}/interactions/{interaction.id}/{interaction.token}/callback"
        async with aiohttp.ClientSession() as session, session.post(url, json={"type": 4, "data": {}}) as answer:
            assert answer.status == 400
            assert await answer.json() == {"code": 40060, "message": "Interaction has already been acknowledged."}
        assert (await interaction.violation()).code == 40060


async def test_reply_over_2000_characters_is_refused(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    async with fake_discord.running(bot):
        interaction = await fake_discord.slash("echo", {"text": "x" * 2001})
        with pytest.raises(AssertionError, match=r"In data\.content: Must be 2000 or fewer in length\."):
            await interaction.response()
        violation = await interaction.violation()
        assert (violation.status, violation.code) == (400, 50035)
        assert violation.errors == {"data": {"content": {"_errors": [
            {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."}]}}}
        error = await bot.next_error()
        assert isinstance(error, discord.HTTPException) and (error.status, error.code) == (400, 50035)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"title": "t" * 257}, {"data.embeds.0.title": "Must be 256 or fewer in length."}),
        ({"fields": 26}, {"data.embeds.0.fields": "Must be 25 or fewer in length."}),
        ({"fields": 1, "field_value": "v" * 1025},
         {"data.embeds.0.fields.0.value": "Must be between 1 and 1024 in length."}),
        ({"description": "d" * 4096, "fields": 2, "field_value": "v" * 1024},
         {"data.embeds": "Embed size exceeds maximum size of 6000"}),
    ],
    ids=["title", "field-count", "field-value", "total"],
)
async def test_embed_over_limits_is_refused(fake_discord: FakeDiscord, bot: EchoBot, options: dict[str, object],
                                            expected: dict[str, str]) -> None:
    async with fake_discord.running(bot):
        interaction = await fake_discord.slash("embed", options)
        assert (await interaction.violation()).fields == expected
        assert isinstance(await bot.next_error(), discord.HTTPException)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("many", {"data.choices": "Must be 25 or fewer in length."}),
        ("long", {"data.choices.0.name": "Must be between 1 and 100 in length."}),
    ],
)
async def test_autocomplete_over_limits_is_refused(fake_discord: FakeDiscord, bot: EchoBot, typed: str,
                                                   expected: dict[str, str]) -> None:
    async with fake_discord.running(bot):
        with pytest.raises(AssertionError, match="the fake refused"):
            await fake_discord.autocomplete("echo", {"text": typed}, focused="text")
        [violation] = fake_discord.take_violations()
        assert violation.fields == expected


async def test_sync_over_limits_is_refused(fake_discord: FakeDiscord, guild: Guild) -> None:
    @app_commands.command(name="wordy", description="d" * 101)
    async def wordy(interaction: discord.Interaction) -> None:
        pass

    wordy_bot = EchoBot(guild, extra_global=[wordy])
    with pytest.raises(app_commands.CommandSyncFailure, match="Must be between 1 and 100 in length"):
        async with fake_discord.running(wordy_bot):
            pass
    [violation] = fake_discord.take_violations()
    assert violation.path == f"/applications/{fake_discord.app_id}/commands"
    index = len(wordy_bot.tree.get_commands()) - 1  # the extra command comes last
    assert violation.fields == {f"{index}.description": "Must be between 1 and 100 in length."}
    assert fake_discord.synced_commands() == []


async def test_unclaimed_violation_fails_the_test(fake_discord: FakeDiscord, bot: EchoBot) -> None:
    async with fake_discord.running(bot):
        interaction = await fake_discord.slash("echo", {"text": "y" * 2001})
        await fake_discord.wait_until(lambda: fake_discord.violations or None, "no violation")
    with pytest.raises(AssertionError, match="fake Discord saw problems the test did not take"):
        fake_discord.assert_clean()
    assert (await interaction.violation()).code == 50035


# -- the limits themselves, on raw JSON ---------------------------------------------------------


def _command(**overrides: object) -> dict[str, object]:
    return {"name": "segment", "description": "Find a segment", "type": 1, "options": [], **overrides}


def _option(**overrides: object) -> dict[str, object]:
    return {"name": "query", "description": "What to look for", "type": 3, **overrides}


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (_command(name="Segment"), {"0.name": "Command name is invalid: 'Segment'"}),
        (_command(name="find segment"), {"0.name": "Command name is invalid: 'find segment'"}),
        (_command(name="s" * 33), {"0.name": "Must be between 1 and 32 in length."}),
        (_command(description=""), {"0.description": "Must be between 1 and 100 in length."}),
        (_command(options=[_option(name=f"o{n}") for n in range(26)]), {"0.options": "Must be 25 or fewer in length."}),
        (_command(options=[_option(choices=[{"name": str(n), "value": str(n)} for n in range(26)])]),
         {"0.options.0.choices": "Must be 25 or fewer in length."}),
        (_command(options=[_option(choices=[{"name": "a", "value": "v" * 101}])]),
         {"0.options.0.choices.0.value": "Must be 100 or fewer in length."}),
        (_command(options=[_option(autocomplete=True, choices=[{"name": "a", "value": "a"}])]),
         {"0.options.0.autocomplete": "Autocomplete cannot be set on an option with choices."}),
        (_command(options=[_option(max_length=6001)]),
         {"0.options.0.max_length": "int value should be less than or equal to 6000."}),
        (_command(options=[{"name": "episodes", "description": "x", "type": 2, "options": [
            {"name": "add", "description": "d" * 101, "type": 1}]}]),
         {"0.options.0.options.0.description": "Must be between 1 and 100 in length."}),
        (_command(type=3, name="Find Segment", description=""), {}),
        (_command(name="खोज"), {}),
    ],
    ids=["uppercase", "space", "long-name", "no-description", "26-options", "26-choices", "choice-value",
         "autocomplete-with-choices", "max-length", "nested-subcommand", "context-menu-ok", "devanagari-ok"],
)
def test_command_limits(command: dict[str, object], expected: dict[str, str]) -> None:
    assert flatten_errors(check_commands([command])) == expected


def test_command_size_counts_nested_names_descriptions_and_choices() -> None:
    choices = [{"name": "n" * 100, "value": "v" * 100} for _ in range(25)]
    options = [_option(name=f"o{n}", description="d" * 100, choices=choices) for n in range(2)]
    command = _command(options=options)
    assert command_size(command) == 7 + 14 + 2 * (2 + 100 + 25 * 200)
    assert flatten_errors(check_commands([command])) == {"0": "Command exceeds maximum size (8000)"}
    duplicate = check_commands([_command(), _command()])["1"]["name"]["_errors"][0]
    assert duplicate["code"] == "APPLICATION_COMMANDS_DUPLICATE_NAME"


def test_message_and_callback_limits() -> None:
    embed = {"footer": {"text": "f" * 2049}, "author": {"name": "a" * 257}, "fields": [{"name": "", "value": "v"}]}
    assert flatten_errors(check_message({"embeds": [embed] + [{}] * 10})) == {
        "embeds": "Must be 10 or fewer in length.",
        "embeds.0.footer.text": "Must be 2048 or fewer in length.",
        "embeds.0.author.name": "Must be 256 or fewer in length.",
        "embeds.0.fields.0.name": "Must be between 1 and 256 in length.",
    }
    assert flatten_errors(check_callback(4, {"type": 4, "data": {"content": "hi"}})) == {
        "type": "Callback type 4 is not valid here; use one of [8].",
    }
    assert check_callback(2, {"type": 4, "data": {"content": "c" * 2000}}) == {}
