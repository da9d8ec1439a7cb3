"""The fake Discord enforces Discord's rules on responses and its limits (docs/discord-limits.md):
what a real Discord would refuse, it refuses, so a test of the bot fails where Discord would.
"""

from __future__ import annotations

import aiohttp
import discord
import pytest
from discord import app_commands

from tests.support.echo_bot import EchoBot
from tests.support.fakediscord import (
    FakeDiscord,
    Guild,
    check_callback,
    check_commands,
    check_message,
    command_size,
    flatten_errors,
)

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
