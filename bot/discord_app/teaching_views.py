"""The components through which members teach: "Helped" / "Not this one" under an answer, and the
"did you mean" menu under a question with no answer.

Each is a DynamicItem: its custom_id carries the answer's key (bot/core/teaching/asked.py) and the
position of the chapter shown, so a click is understood by any View, or none, after the message
was sent (the views are not kept in memory per message). What a click does is the core's work
(Teaching.vote); this module only reads the click and answers it, privately.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING, Any, Sequence

import discord

from bot.core.db import DATABASE_ERRORS
from bot.core.search import Match
from bot.core.teaching import Asked
from bot.discord_app import replies
from bot.discord_app.checks import is_moderator

if TYPE_CHECKING:
    from bot.discord_app.client import SegmentBot

log = logging.getLogger(__name__)

HELPED, NOT_THIS = "up", "down"
SAVE_WAIT = 2.0  # seconds a vote may take to save: Discord waits 3 for the reply


def answer_view(key: str, position: int) -> discord.ui.View:
    """The buttons under the answer at `position` of the asked answer `key`."""
    return _unkept(VoteButton(key, position, HELPED), VoteButton(key, position, NOT_THIS))


def pick_view(key: str, suggestions: Sequence[Match]) -> discord.ui.View:
    """A menu of the "did you mean" suggestions: picking one answers with it."""
    return _unkept(PickMenu(key, suggestions))


def _unkept(*items: discord.ui.Item[Any]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()  # sent as components only: DynamicItem routes the clicks, no View is kept per message
    return view


async def _vote(interaction: discord.Interaction[SegmentBot], asked: Asked, position: int, vote: int) -> bool | None:
    """The member's vote on the chapter at `position`: True cast, False already cast, None not saved."""
    teaching = interaction.client.teaching
    try:
        moderator = await is_moderator(interaction)
        cast = teaching.vote(asked.guild_id, asked.question, asked.chapter_ids[position], interaction.user.id, vote, moderator=moderator)
        return await asyncio.wait_for(cast, SAVE_WAIT)
    except (*DATABASE_ERRORS, TimeoutError) as error:
        log.error("teaching: a vote could not be saved (guild %s): %s", asked.guild_id, error or "too slow")
        return None


async def _private(interaction: discord.Interaction, text: str, **more: Any) -> None:
    await interaction.response.send_message(replies.clip(text, replies.MAX_CONTENT), ephemeral=True,
                                            allowed_mentions=replies.NO_MENTIONS, **more)  # fmt: skip


def _asked(interaction: discord.Interaction[SegmentBot], key: str) -> Asked | None:
    asked = interaction.client.teaching.asked.get(key)
    return asked if asked is not None and asked.guild_id == interaction.guild_id else None


class VoteButton(discord.ui.DynamicItem[discord.ui.Button], template=r"teach:(?P<vote>up|down):(?P<key>[0-9a-f]{12}):(?P<at>\d)"):
    def __init__(self, key: str, position: int, vote: str) -> None:
        label, style = ("Helped", discord.ButtonStyle.success) if vote == HELPED else ("Not this one", discord.ButtonStyle.secondary)
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=f"teach:{vote}:{key}:{position}"))
        self.key, self.position, self.vote = key, position, vote

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /) -> VoteButton:
        return cls(match["key"], int(match["at"]), match["vote"])

    async def callback(self, interaction: discord.Interaction[SegmentBot]) -> None:  # type: ignore[override]
        asked = _asked(interaction, self.key)
        if asked is None or self.position >= len(asked.chapter_ids):
            await _private(interaction, replies.ASK_AGAIN)
            return
        cast = await _vote(interaction, asked, self.position, 1 if self.vote == HELPED else -1)
        if cast is None:
            await _private(interaction, replies.VOTE_NOT_SAVED)
        elif self.vote == HELPED:
            await _private(interaction, replies.helped_text(asked.question, cast))
        else:
            await self._next(interaction, asked)

    async def _next(self, interaction: discord.Interaction[SegmentBot], asked: Asked) -> None:
        """Show the member the next result, with buttons of its own; or say there is none."""
        index = interaction.client.catalog.current.index
        following = ((p, index.chapter(c)) for p, c in enumerate(asked.chapter_ids) if p > self.position)
        position, match = next(((p, m) for p, m in following if m is not None), (0, None))
        if match is None:
            await _private(interaction, replies.NOTHING_NEXT)
            return
        await interaction.response.send_message(embed=replies.answer_embed(match, []), view=answer_view(self.key, position),
                                                ephemeral=True, allowed_mentions=replies.NO_MENTIONS)  # fmt: skip


class PickMenu(discord.ui.DynamicItem[discord.ui.Select], template=r"teach:pick:(?P<key>[0-9a-f]{12})"):
    def __init__(self, key: str, suggestions: Sequence[Match] = ()) -> None:
        options = [discord.SelectOption(label=replies.choice_name(m, with_episode=False), value=str(position),
                                        description=replies.clip(m.episode.title, 100))
                   for position, m in enumerate(suggestions[:25])]  # fmt: skip
        select: discord.ui.Select = discord.ui.Select(custom_id=f"teach:pick:{key}", placeholder="Did you mean…",
                                                      options=options or [discord.SelectOption(label="-")])  # fmt: skip
        super().__init__(select)
        self.key = key

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select, match: re.Match[str], /) -> PickMenu:
        return cls(match["key"])

    async def callback(self, interaction: discord.Interaction[SegmentBot]) -> None:  # type: ignore[override]
        asked = _asked(interaction, self.key)
        values = (interaction.data or {}).get("values") or ["-"]
        position = int(values[0]) if str(values[0]).isdigit() else len(asked.chapter_ids if asked else ())
        match = interaction.client.catalog.current.index.chapter(asked.chapter_ids[position]) if asked and position < len(asked.chapter_ids) else None
        if asked is None or match is None:
            await _private(interaction, replies.ASK_AGAIN)
            return
        await _vote(interaction, asked, position, 1)  # picking a suggestion is the member's answer to the question
        await interaction.response.edit_message(content=None, embed=replies.answer_embed(match, []), view=None,
                                                allowed_mentions=replies.NO_MENTIONS)  # fmt: skip
