"""Autocomplete helpers: the shared episode suggestions, and a guard for every suggestion callback."""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable, TypeVar

from discord import Interaction, app_commands

from bot.discord_app.replies import episode_choice_name

if TYPE_CHECKING:
    from bot.discord_app.client import SegmentBot

log = logging.getLogger(__name__)
Choices = list[app_commands.Choice[str]]
F = TypeVar("F", bound=Callable[..., Awaitable[Choices]])


def never_fails(callback: F) -> F:
    """An autocomplete callback that answers no suggestions, with a logged traceback, when it fails.

    discord.py only logs such an error and sends nothing, which Discord shows as "Loading options
    failed"; an empty answer lets the member keep typing and send the question anyway.
    """

    @functools.wraps(callback)
    async def guarded(*args: Any) -> Choices:
        try:
            return await callback(*args)
        except Exception:
            log.exception("autocomplete %s failed", callback.__qualname__)
            return []

    return guarded  # type: ignore[return-value]


@never_fails
async def episode_choices(interaction: Interaction[SegmentBot], current: str) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=episode_choice_name(e), value=e.id)
        for e in interaction.client.catalog.current.find_episodes(current[:100], limit=25)
    ]
