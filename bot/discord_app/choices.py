"""Autocomplete helpers: the shared episode suggestions, and a guard for every suggestion callback."""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable, TypeVar

from discord import Interaction, app_commands

from bot.core.catalog.serving import Catalog
from bot.discord_app.replies import choice_name, episode_choice_name

if TYPE_CHECKING:
    from bot.discord_app.client import SegmentBot

log = logging.getLogger(__name__)
MAX_QUERY = 200  # what /segment and /teach take as a question; Discord enforces it on the option
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


def chapter_choices(catalog: Catalog, current: str, episode: str | None = None) -> Choices:
    """Chapters matching what is typed so far (the episode's or the catalog's first for nothing),
    valued by chapter id: what /segment's question and /teach's chapter suggest."""
    index = catalog.index
    matches = index.complete(current[:MAX_QUERY], episode=episode, limit=25) if current.strip() else catalog.starting_points(episode)
    with_episode = episode is None and len(index.episodes) > 1
    return [app_commands.Choice(name=choice_name(m, with_episode=with_episode), value=m.chapter_id) for m in matches[:25]]
