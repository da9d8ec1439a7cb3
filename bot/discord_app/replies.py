"""What the bot sends: embeds and short texts, each kept inside Discord's limits by construction.

Limits (docs/discord-limits.md): content 2000, embed title 256, description 4096, field value 1024,
footer 2048, author 256, all embeds 6000; autocomplete choice names and values 100.
"""

from __future__ import annotations

from typing import Sequence

import discord

from bot.core.catalog import ReloadResult
from bot.core.episodes import Chapter, Episode, format_timestamp
from bot.core.episodes.links import timestamp_link
from bot.core.feeds.service import FeedReport
from bot.core.feeds.state import FeedState
from bot.core.search import Match
from bot.core.text import clip as clip_text
from bot.core.transcripts import AUTOMATIC_CHAPTER, AUTOMATIC_CHAPTERS_NOTE, Transcript

MAX_CONTENT = 2000
MAX_CHOICE = 100
QUERY_ECHO = 100  # how much of a question we repeat back; enough to recognise it
PAUSED_NOTICE = 700  # at most this much of a /feed reply tells of paused feeds; the rest is the answer
EMBED_COLOUR = discord.Colour.blurple()
# Every send: nothing the bot echoes (a question, a title, a feed's text) may ping anyone.
NO_MENTIONS = discord.AllowedMentions.none()
# Explicit bidirectional formatting: embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069). One left open in an echoed question or a feed's title turns the rest of the
# message around it right to left; text shown needs none of them (right-to-left letters carry
# their own direction), so they are dropped.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def clip(text: str, limit: int) -> str:
    """Text from members, files or feeds as shown in Discord: without bidirectional controls, and
    within `limit` characters (cut with "…"). The cogs use it too, as replies.clip."""
    return clip_text(text.translate(_BIDI_CONTROLS), limit)


def echo(user_text: str) -> str:
    """User text made safe to show: one line, clipped, markdown neutralised (mentions are
    neutralised by NO_MENTIONS on every send)."""
    flat = " ".join(user_text.split())
    return discord.utils.escape_markdown(clip(flat, QUERY_ECHO)) or "(empty)"


def timestamp_text(episode: Episode, chapter: Chapter) -> str:
    link = episode.link(chapter)
    return f"[{chapter.timestamp}]({link})" if link else f"`{chapter.timestamp}`"


def chapter_heading(episode: Episode, chapter: Chapter) -> str:
    """`timestamp · title`, marked where the chapter was found in the transcript, not published."""
    automatic = f" {AUTOMATIC_CHAPTER}" if episode.chapters_automatic else ""
    return f"{chapter.timestamp} · {chapter.title}{automatic}"


def summary_text(chapter: Chapter) -> str:
    """The chapter's written summary, else the one drawn from its transcript, marked as such."""
    if chapter.summary or not chapter.transcript_summary:
        return chapter.summary
    return f"From the transcript: “{chapter.transcript_summary}”"


def moment_text(match: Match) -> str:
    """Where to play from, linked where the host allows: the moment it is said, else the chapter's start."""
    if match.moment is None:
        return timestamp_text(match.episode, match.chapter)
    return f"[{match.timestamp}]({match.link})" if match.link else f"`{match.timestamp}`"


def quote_text(match: Match, limit: int) -> str:
    """What is said at the moment, as a quote with its speaker where the transcript names one."""
    if match.moment is None or not match.moment.quote:
        return ""
    said = discord.utils.escape_markdown(" ".join(match.moment.quote.split()))
    who = f"**{discord.utils.escape_markdown(clip(match.moment.speaker, 80))}:** " if match.moment.speaker else ""
    return clip(f"> {who}“{said}”", limit)


def answer_embed(best: Match, related: Sequence[Match]) -> discord.Embed:
    episode, chapter = best.episode, best.chapter
    if best.moment is None:
        description = f"{timestamp_text(episode, chapter)} {summary_text(chapter)}".strip()
    else:
        # The moment first (play from there, hear the quote), then the chapter that holds it.
        said = f"{moment_text(best)} in this chapter (from {timestamp_text(episode, chapter)})"
        description = "\n".join(t for t in (said, quote_text(best, 600), summary_text(chapter)) if t)
    embed = discord.Embed(
        title=clip(chapter_heading(episode, chapter), 256),
        url=best.link,
        description=clip(description, 4096),
        colour=EMBED_COLOUR,
    )
    embed.set_author(name=clip(episode.podcast, 256))
    embed.add_field(name="Episode", value=clip(episode.title, 1024), inline=False)
    lines = [f"{moment_text(m)} {m.chapter.title}" for m in related[:3]]
    also = lines_within(lines, 1024)
    if also:
        embed.add_field(name="Also relevant", value=also, inline=False)
    if episode.note:
        embed.set_footer(text=clip(episode.note, 2048))
    return embed


def episode_card(episode: Episode, others: Sequence[Episode]) -> discord.Embed:
    """A whole episode, for a question about it ("the one with Lex Fridman", "episode 112"): its
    title linked at its start, date and people, its chapters' titles (each linked at its moment),
    and the other episodes the question could have meant. Within 6000 characters: title 256,
    description 3500, fields 200 + 1024 + 600, footer 300."""
    start = timestamp_link(episode.url, 0) if episode.url else None
    lines = [f"{timestamp_text(episode, c)} {c.title}" for c in episode.chapters]
    if not lines:  # a feed's episode without a chapter list: what it is about instead
        lines = [clip(episode.description, 1500), "*No chapter list was published for this episode.*"]
    embed = discord.Embed(
        title=clip(episode.title, 256), url=start, description=lines_within(lines, 3500), colour=EMBED_COLOUR
    )
    embed.set_author(name=clip(episode.podcast, 256))
    if episode.published:
        embed.add_field(name="Published", value=episode.published, inline=True)
    if episode.people:
        embed.add_field(name="With", value=clip(", ".join(episode.people), 1024), inline=True)
    if others:
        also = lines_within([f"• {e.title}" for e in others], 600)
        embed.add_field(name="Or perhaps", value=also, inline=False)
    if episode.note:
        embed.set_footer(text=clip(episode.note, 300))
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
    elif episode.chapters_automatic:
        lines.append(f"*{AUTOMATIC_CHAPTERS_NOTE}*")
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
    lines = [f"**{clip(e.title, 200)}** — {clip(e.podcast, 100)} · {len(e.chapters)} chapters"
             + (" (automatic)" if e.chapters_automatic else "") for e in episodes]  # fmt: skip
    embed = discord.Embed(title=f"Episodes ({total})", description=lines_within(lines, 4096), colour=EMBED_COLOUR)
    embed.set_footer(text=f"Page {page + 1} of {pages} · choose an episode below to see its chapters")
    return embed


def lines_within(lines: Sequence[str], limit: int) -> str:
    """As many whole lines as fit in `limit` characters (as shown: see clip), then a count of the rest."""
    lines = [line.translate(_BIDI_CONTROLS) for line in lines]
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


# ---- teaching (bot/core/teaching) ----------------------------------------------------------------

ASK_AGAIN = "This answer is from before my last restart, so I can't take a vote on it; ask again with /segment."
VOTE_NOT_SAVED = "I couldn't save your vote: the bot's database cannot be written right now. Please try later."
NOTHING_NEXT = ("That was the last chapter I had for this question. Noted; a moderator can teach me the right one "
                "with /teach.")  # fmt: skip


def helped_text(question: str, cast: bool) -> str:
    if not cast:
        return "You already said this answered it; one vote per member."
    return f"Thanks! Noted that this answered **{echo(question)}**. Once other members agree, I'll answer so for everyone."


def taught_text(phrase: str, match: Match) -> str:
    return (f"Taught: questions like **{echo(phrase)}** now answer with `{match.chapter.timestamp}` "
            f"{clip(match.chapter.title, 200)} ({clip(match.episode.title, 200)}). Undo it with /teaching undo.")  # fmt: skip


def pair_choice_name(question: str, chapter: str, helped: int, not_this: int, moderator: int) -> str:
    """A taught pair as /teaching undo lists it."""
    votes = "moderator" if moderator else f"{helped} helped, {not_this} not"
    return clip(f"{question} → {chapter} ({votes})", MAX_CHOICE)


def report_text(groups: Sequence[tuple[str, dict[str, int]]], days: float) -> str:
    """What members could not find, most asked first."""
    if not groups:
        return f"Members found everything they asked in the last {days:g} days (nothing went unanswered or was voted down)."
    head = f"**What members could not find** (last {days:g} days, close wordings together):\n"
    lines = [f"• **{echo(question)}** — " + ", ".join(f"{n}× {what}" for what, n in sorted(counts.items())) for question, counts in groups]
    tail = "\nTeach an answer with /teach, or add synonyms."
    return head + lines_within(lines, MAX_CONTENT - len(head) - len(tail)) + tail


# ---- feeds, uploads and reloads ------------------------------------------------------------


def reload_line(result: ReloadResult | None) -> str:
    """The line under a change that reloaded the catalog: what the reload did."""
    if result is None:
        return "Nothing new to load."
    if result.ok:
        return f"Catalog reloaded: {len(result.changes.episodes_added)} episodes added, {len(result.changes.episodes_changed)} changed."
    return (f"The data folder has {len(result.problems)} problem(s), so the previous catalog keeps serving; "
            "see /reload for the list.")  # fmt: skip


def feed_warnings(report: FeedReport) -> str:
    """How many warnings a feed refresh gave, with the first of them."""
    warnings = report.result.warnings
    if not warnings:
        return ""
    return f"\n{len(warnings)} warning(s), e.g. {clip(warnings[0], 300)}"


def feed_status_text(state: FeedState) -> str:
    """One feed in /feed list: what a moderator checks first."""
    success = f"<t:{int(state.last_success)}:R>" if state.last_success else "never"
    paused = " · **paused** (kept failing; /feed refresh to retry)" if state.paused else ""
    error = f"\n  last error: {clip(state.last_error, 200)}" if state.last_error else ""
    return (f"**{clip(state.podcast or '?', 100)}** <{clip(state.url, 300)}>{paused}\n"
            f"  {state.episode_count} episodes · last success {success} · every {state.interval // 60} min{error}")  # fmt: skip


def paused_notice(feeds: Sequence[FeedState]) -> str:
    """Heads a moderator's /feed reply while feeds are paused that no announcement channel told of."""
    lines = [
        f"⚠ **{clip(state.podcast or '?', 80)}** <{clip(state.url, 200)}> is paused: it kept failing"
        + (f" since <t:{int(state.failing_since)}:f>" if state.failing_since else "")
        + f" ({clip(state.last_error or '?', 150)}). /feed refresh it once it works again, or /feed remove it."
        for state in feeds
    ]
    return lines_within(lines, PAUSED_NOTICE) + "\n\n" if lines else ""


def upload_text(episode: Episode, warnings: list[str]) -> str:
    """What the reader made of an upload, for the moderator to check."""
    head = (f"Added **{clip(episode.title, 200)}** ({clip(episode.podcast, 100)}, "
            f"{format_timestamp(episode.duration)}, id `{episode.id}`), {len(episode.chapters)} chapters:")  # fmt: skip
    chapters = [f"`{c.timestamp}` {clip(c.title, 120)}" + (f" ({c.kind})" if c.kind != "content" else "") for c in episode.chapters]
    notes = [f"⚠ {clip(w, 200)}" for w in warnings]
    return head + "\n" + lines_within(chapters + notes, 1400)


def transcript_text(episode: Episode, transcript: Transcript) -> str:
    """What the reader made of an uploaded transcript, with its repairs and the chapters found in it
    (`episode` as served after the upload), for the moderator to check."""
    speakers = f", {len(transcript.speakers)} speakers" if transcript.speakers else ""
    head = (f"Transcript of **{clip(episode.title, 200)}** saved: {transcript.form}, {len(transcript)} cues{speakers}, "
            f"until {format_timestamp(int(transcript.end))}.")  # fmt: skip
    if episode.chapters_automatic:
        head += f" No chapter list was published: {len(episode.chapters)} automatic chapters found in it."
    notes = [f"⚠ line {w.line}: {clip(w.message, 200)}" if w.line else f"⚠ {clip(w.message, 200)}" for w in transcript.warnings]
    return head + ("\n" + lines_within(notes, 1400) if notes else "")


def announcement(report: FeedReport) -> str:
    """For the announcement channel: new episodes (title, link, chapter count), or that the feed was paused."""
    lines = []
    if report.paused_now:
        lines.append(f"The feed of **{clip(report.state.podcast or '?', 100)}** is paused: "
                     f"{clip(report.state.last_error or '?', 300)}. A moderator can /feed refresh it once it works again.")  # fmt: skip
    for episode in report.announced:
        link = f" <{episode.url}>" if episode.url else ""
        lines.append(f"New episode of **{clip(episode.podcast, 100)}**: {clip(episode.title, 200)}"
                     f" ({len(episode.chapters)} chapters){link}")  # fmt: skip
    return lines_within(lines, MAX_CONTENT)


async def followup(interaction: discord.Interaction, text: str) -> None:
    """A private follow-up to a deferred interaction, clipped to fit."""
    await interaction.followup.send(clip(text, MAX_CONTENT), ephemeral=True, allowed_mentions=NO_MENTIONS)
