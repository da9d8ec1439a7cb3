"""Autocomplete shared by commands that take an episode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import Interaction, app_commands

from .replies import episode_choice_name

if TYPE_CHECKING:
    from .client import SegmentBot


async def episode_choices(interaction: Interaction[SegmentBot], current: str) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=episode_choice_name(e), value=e.id)
        for e in interaction.client.catalog.current.find_episodes(current[:100], limit=25)
    ]
