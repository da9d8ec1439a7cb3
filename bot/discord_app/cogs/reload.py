"""/reload: moderators re-read the episode data and swap it in. The reply is private."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.catalog import ReloadResult
from bot.core.transcripts.attach import refused
from bot.discord_app import replies
from bot.discord_app.checks import moderators_only

if TYPE_CHECKING:
    from bot.discord_app.client import SegmentBot


class Reload(commands.Cog):
    def __init__(self, bot: SegmentBot) -> None:
        self.bot = bot

    @app_commands.command(name="reload", description="Re-read the episode data and swap it in (moderators)")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @moderators_only()
    async def reload(self, interaction: discord.Interaction[SegmentBot]) -> None:
        # A big catalog can take longer than the 3 seconds Discord waits for a first response.
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.bot.catalog.reload()
        await interaction.followup.send(self._report(result), ephemeral=True, allowed_mentions=replies.NO_MENTIONS)

    def _report(self, result: ReloadResult) -> str:
        catalog = self.bot.catalog.current
        serving = f"{len(catalog.episodes)} episodes, {catalog.chapter_count} chapters"
        if not result.ok:
            head = f"**Reload refused**: {len(result.problems)} problem(s) in the data. Still serving the previous catalog ({serving}).\n"
            lines = [str(p).replace("`", "'") for p in result.problems + result.warnings + result.skipped]
            return replies.clip(head + "```\n" + replies.lines_within(lines, replies.MAX_CONTENT - len(head) - 10) + "\n```", replies.MAX_CONTENT)
        notes = ""
        if result.skipped:
            notes += f"\nNot read ({len(result.skipped)}): " + ", ".join(p.path.name for p in result.skipped) + " (only *.json files are episodes)."
        if result.warnings:
            lines = [str(p).replace("`", "'") for p in result.warnings]
            notes += f"\n**Warnings** ({len(result.warnings)}), loaded all the same:\n```\n" + replies.lines_within(lines, 1000) + "\n```"
        notes += self._transcripts_text(result)
        if result.not_stored:
            notes += ("\n**Not saved to the database** (" + result.not_stored + "): serving it from memory; "
                      "the next start reads the data folder again.")  # fmt: skip
        return replies.clip(self._changes_text(result, serving) + notes, replies.MAX_CONTENT)

    def _transcripts_text(self, result: ReloadResult) -> str:
        """Transcripts that could not be used (their episodes serve without them), and a count of repairs."""
        failed = refused(result.transcript_notes)
        text = ""
        if failed:
            lines = [f"{p.path.name}{f':{p.line}' if p.line else ''}: {p.message}".replace("`", "'") for p in failed]
            text += (f"\n**{len(failed)} transcript(s) not used**; their episodes serve without them:\n```\n"
                     + replies.lines_within(lines, 900) + "\n```")  # fmt: skip
        if repaired := len(result.transcript_notes) - len(failed):
            text += f"\nTranscripts read with {repaired} repair(s) noted (`python -m bot validate` lists them)."
        return text

    def _changes_text(self, result: ReloadResult, serving: str) -> str:
        changes = result.changes
        if not changes.any:
            return f"Reloaded in {result.seconds:.1f} s: nothing changed ({serving})."
        parts = []
        for label, ids in (("added", changes.episodes_added), ("removed", changes.episodes_removed), ("changed", changes.episodes_changed)):
            if ids:
                parts.append(f"episodes {label}: {len(ids)} ({', '.join(ids)})")
        chapters = ", ".join(
            f"{count} {label}"
            for label, count in (("added", changes.chapters_added), ("removed", changes.chapters_removed), ("changed", changes.chapters_changed))
            if count
        )
        if chapters:
            parts.append(f"chapters: {chapters}")
        return f"Reloaded in {result.seconds:.1f} s, now serving {serving}.\n" + "\n".join(f"• {p}" for p in parts)


async def setup(bot: SegmentBot) -> None:
    await bot.add_cog(Reload(bot))
