"""What the bot sends: embeds and short texts, each kept inside Discord's limits by construction.

Limits (discord-limits.md): content 2000, embed title 256, description 4096, field value 1024,
footer 2048, author 256, all embeds 6000; autocomplete choice names and values 100.
"""

from __future__ import annotations

from typing import Sequence

import discord

from ..core.episodes import Chapter, Episode
from ..core.search import Match
from ..core.text import clip  # noqa: F401  (cogs use it as replies.clip)

MAX_CONTENT = 2000
MAX_CHOICE = 100
QUERY_ECHO = 100  # how much of a question we repeat back; enough to recognise it
EMBED_COLOUR = discord.Colour.blurple()


def echo(user_text: str) -> str:
    """User text made safe to show: one line, clipped, markdown neutralised (mentions are
    neutralised by AllowedMentions.none() on every send)."""
    flat = " ".join(user_text.split())
    return discord.utils.escape_markdown(clip(flat, QUERY_ECHO)) or "(empty)"


def timestamp_text(episode: Episode, chapter: Chapter) -> str:
    link = episode.link(chapter)
    return f"[{chapter.timestamp}]({link})" if link else f"`{chapter.timestamp}`"


def answer_embed(best: Match, related: Sequence[Match]) -> discord.Embed:
    episode, chapter = best.episode, best.chapter
    embed = discord.Embed(
        title=clip(f"{chapter.timestamp} · {chapter.title}", 256),
        url=episode.link(chapter),
        description=clip(f"{timestamp_text(episode, chapter)} {chapter.summary}".strip(), 4096),
        colour=EMBED_COLOUR,
    )
    embed.set_author(name=clip(episode.podcast, 256))
    embed.add_field(name="Episode", value=clip(episode.title, 1024), inline=False)
    lines = [f"{timestamp_text(m.episode, m.chapter)} {m.chapter.title}" for m in related[:3]]
    also = lines_within(lines, 1024)
    if also:
        embed.add_field(name="Also relevant", value=also, inline=False)
    if episode.note:
        embed.set_footer(text=clip(episode.note, 2048))
    return embed


def no_match_text(query: str, suggestions: Sequence[Match]) -> str:
    text = f"Nothing in the catalog matches **{echo(query)}** closely enough."
    if suggestions:
        lines = [f"• `{m.chapter.timestamp}` {m.chapter.title} ({m.episode.title})" for m in suggestions]
        text += "\nDid you mean:\n" + lines_within(lines, MAX_CONTENT - len(text) - 20)
    return clip(text, MAX_CONTENT)


def choice_name(match: Match, *, with_episode: bool) -> str:
    name = f"{match.chapter.timestamp} · {match.chapter.title}"
    if with_episode:
        name += f" — {match.episode.title}"
    return clip(name, MAX_CHOICE)


def episode_choice_name(episode: Episode) -> str:
    return clip(f"{episode.podcast}: {episode.title}", MAX_CHOICE)


def unknown_episode_text(episode_id: str) -> str:
    return f"There is no episode **{echo(episode_id)}**; pick one from the list as you type."


def channels_note(channel_ids: Sequence[int]) -> str:
    where = ", ".join(f"<#{c}>" for c in channel_ids)
    return clip(f"In this server I answer in {where}.", MAX_CONTENT)


def channels_choice(guild: discord.Guild | None, channel_ids: Sequence[int]) -> str:
    """The channel note as an autocomplete suggestion: plain names, since choices show no markup."""
    names = []
    for channel_id in channel_ids:
        channel = guild.get_channel(channel_id) if guild else None
        names.append(f"#{channel.name}" if channel else f"#{channel_id}")
    return clip("I answer only in " + ", ".join(names), MAX_CHOICE)


def chapter_list_page(episode: Episode, chapters: Sequence[tuple[int, Chapter]], page: int, pages: int) -> discord.Embed:
    lines = [f"{timestamp_text(episode, c)} {c.title}" + (" *(sponsor)*" if c.kind == "sponsor" else "") for _, c in chapters]
    if not episode.chapters:  # a feed's episode without a chapter list: say so, and what it is about
        lines = [clip(episode.description, 3000), "*No chapter list was published for this episode.*"]
    embed = discord.Embed(
        title=clip(episode.title, 256), url=episode.url, description=lines_within(lines, 4096), colour=EMBED_COLOUR
    )
    embed.set_author(name=clip(episode.podcast, 256))
    footer = f"Page {page + 1} of {pages}" if pages > 1 else ""
    if episode.note:
        footer = f"{footer} · {episode.note}" if footer else episode.note
    if footer:
        embed.set_footer(text=clip(footer, 2048))
    return embed


def episode_list_page(episodes: Sequence[Episode], page: int, pages: int, total: int) -> discord.Embed:
    lines = [f"**{clip(e.title, 200)}** — {clip(e.podcast, 100)} · {len(e.chapters)} chapters" for e in episodes]
    embed = discord.Embed(title=f"Episodes ({total})", description=lines_within(lines, 4096), colour=EMBED_COLOUR)
    embed.set_footer(text=f"Page {page + 1} of {pages} · choose an episode below to see its chapters")
    return embed


def lines_within(lines: Sequence[str], limit: int) -> str:
    """As many whole lines as fit in `limit` characters, then a count of the rest."""
    tail_room = len("\n…and 99999 more")
    kept: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        room = limit - used - (1 if kept else 0) - (tail_room if i < len(lines) - 1 else 0)
        if len(line) > room:
            if not kept:  # one long line is clipped rather than dropped
                kept.append(clip(line, max(room, 1)))
            if len(lines) > len(kept):
                kept.append(f"…and {len(lines) - len(kept)} more")
            break
        used += len(line) + (1 if kept else 0)
        kept.append(line)
    return "\n".join(kept)
