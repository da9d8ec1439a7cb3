"""The log at debug level: everything discord.py says, and never an interaction token."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.discord_app.client import SegmentBot
from bot.logs import redact, setup_logging
from tests.support.fakediscord import FakeDiscord


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    """The bot's own log handler at debug level, writing to a string for the test to read."""
    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = setup_logging(logging.DEBUG, stream)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


async def test_debug_log_shows_gateway_traffic_without_interaction_tokens(
    fake_discord: FakeDiscord, segment_bot: SegmentBot, debug_log: io.StringIO
) -> None:
    interaction = await fake_discord.slash("segment", {"query": "habenula"})
    await interaction.response()
    choices = await fake_discord.autocomplete("segment", {"query": "keta"}, focused="query")
    assert choices
    log = debug_log.getvalue()
    assert "INTERACTION_CREATE" in log  # debug level is on: the gateway dumps are there
    assert interaction.token not in log
    assert "[redacted]" in log


@pytest.mark.parametrize(
    "line",
    [
        "WebSocket Event: {'t': 'INTERACTION_CREATE', 'd': {'token': 'aW50ZXJhY3Rpb246MTIz', 'id': '1'}}",
        'payload {"token": "aW50ZXJhY3Rpb246MTIz"}',
        "POST https://discord.com/api/v10/interactions/123/aW50ZXJhY3Rpb246MTIz/callback with None has returned 204",
        "POST https://discord.com/api/v10/webhooks/456/aW50ZXJhY3Rpb246MTIz?wait=1 has returned 200",
    ],
)
def test_tokens_are_redacted_wherever_discord_py_puts_them(line: str) -> None:
    assert "aW50ZXJhY3Rpb246MTIz" not in redact(line)
