"""`python -m bot ...`: run the Discord bot, or use the catalog from a terminal."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Sequence, TextIO

from bot.cli.feeds import add_parser as add_feed_parser
from bot.cli.progress import embed_with_progress
from bot.core.catalog import read_data_dir
from bot.core.catalog.reload import EMBED_AT_ONCE
from bot.core.db import DatabaseUnavailable
from bot.core.episodes import Episode, InvalidData, Problem
from bot.core.search import Answer, Match, SearchIndex, Synonyms, VectorCache
from bot.core.transcripts import AUTOMATIC_CHAPTER
from bot.core.transcripts.attach import refused
from bot.settings import (
    DATA_DIR_VAR,
    DATABASE_VAR,
    LOG_LEVEL_VAR,
    LOG_LEVELS,
    Settings,
    SettingsError,
    log_level,
    parse_shards,
)

DATA_HELP = f"the episode folder (default: ${DATA_DIR_VAR} from the environment or .env, else ./data, else the checkout's data/)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        # Each command checks only the settings it uses: the Discord ones the bot's, feed ones the feeds'.
        settings = Settings.from_env(bot=args.bot, feeds=args.feeds)
        if getattr(args, "log_level", None):
            settings = replace(settings, log_level=log_level(args.log_level, "--log-level"))
        return int(args.handler(args, settings) or 0)
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except DatabaseUnavailable as error:
        print(f"error: {error} (check {DATABASE_VAR} and that the server runs)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`ask ... | head`): stop quietly, as other command-line tools do.
        # Python would complain once more when it flushes stdout at exit, so point it at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a tool ended by a closed pipe


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.set_defaults(bot=False, feeds=False)  # True for the commands that run the Discord bot, that fetch feeds
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the Discord bot (token from DISCORD_TOKEN or .env)")
    run.add_argument("--shards", metavar="IDS", help="this process's shards, e.g. 0-7 or 0,2,4 (default $SEGMENT_BOT_SHARDS; all)")
    run.add_argument("--shard-count", metavar="N", help="shards over all processes (default $SEGMENT_BOT_SHARD_COUNT; Discord's advice)")
    sync = commands.add_parser("sync", help="push the slash command definitions to Discord now")
    for command, handler in ((run, _run), (sync, _sync)):
        command.add_argument("--log-level", choices=LOG_LEVELS, type=str.lower,
                             help=f"how much to log (default ${LOG_LEVEL_VAR} or info)")  # fmt: skip
        command.set_defaults(handler=handler, bot=True, feeds=True)

    ask = commands.add_parser("ask", help="answer a question from the catalog, as the bot would")
    ask.add_argument("question", nargs="?", help="the question (omit with --stdin)")
    ask.add_argument("--episode", metavar="ID", help="search only this episode")
    ask.add_argument("--limit", type=int, default=4, metavar="N", help="at most N results, 1 to 25 (default 4)")
    ask.add_argument("--data", type=Path, metavar="DIR", help=DATA_HELP)
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--stdin", action="store_true", help="read one question per line, print one JSON line for each")
    ask.add_argument("--wait", action="store_true", help="on a catalog new to the bot, make its sentence vectors first (with progress) "
                     "and answer with meaning; by default it answers from words at once")  # fmt: skip
    ask.set_defaults(handler=_ask)

    embed = commands.add_parser("embed", help="make the sentence vectors of the catalog's new chapters now, with progress")
    embed.add_argument("--data", type=Path, metavar="DIR", help=DATA_HELP)
    embed.set_defaults(handler=_embed)

    ingest = commands.add_parser("ingest", help="turn published show notes into episode files")
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE")
    ingest.add_argument("--out", type=Path, metavar="DIR", help=f"where to write ({DATA_HELP})")
    ingest.add_argument("--podcast", metavar="NAME", help="the podcast's name, when the notes do not say it")
    ingest.add_argument("--id", metavar="ID", help="the episode id (default: from the file name; one file only)")
    ingest.add_argument("--force", action="store_true", help="overwrite episode files that exist")
    ingest.add_argument("--check", action="store_true", help="print what would be written; write nothing")
    ingest.add_argument("--transcript", type=Path, metavar="FILE",
                        help="the episode's transcript (WebVTT, SubRip, Podcasting 2.0 JSON or HTML, YouTube captions, "
                             "timed text), checked and written beside its episode file; one FILE only")  # fmt: skip
    ingest.set_defaults(handler=_ingest)

    validate = commands.add_parser("validate", help="check every episode file; exit 1 on any problem")
    validate.add_argument("folder", nargs="?", type=Path, metavar="DIR", help=DATA_HELP)
    validate.set_defaults(handler=_validate)

    add_feed_parser(commands)
    return parser


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.discord_app.runner import run  # imported here so the catalog commands never load discord.py

    if args.shards is not None or args.shard_count is not None:
        shard_ids, shard_count = parse_shards(args.shards, args.shard_count or str(settings.shard_count or ""))
        settings = replace(settings, shard_ids=shard_ids, shard_count=shard_count)
    return run(settings)


def _sync(args: argparse.Namespace, settings: Settings) -> int:
    from bot.discord_app.runner import sync

    return sync(settings)


def _load(
    folder: Path | None, settings: Settings, transcript_notes: list[Problem] | None = None
) -> tuple[list[Episode], Synonyms] | None:
    """The episodes and synonyms of the data folder (`folder`, else the settings' one), or None once
    every problem, every skipped file and, for a missing folder, where it was looked for are printed.
    What reading the transcripts noted goes to `transcript_notes`; without it, the refused ones are printed."""
    skipped: list[Problem] = []
    warnings: list[Problem] = []
    notes: list[Problem] = []
    try:
        episodes, synonyms = read_data_dir(
            folder or settings.data_dir, skipped=skipped, warnings=warnings, transcript_notes=notes
        )
    except InvalidData as error:
        _print_problems(error, [*warnings, *skipped])
        if folder is None and not settings.data_dir.is_dir():
            print("Looked for the data folder (--data, then in this order):", file=sys.stderr)
            for place in settings.data_dir_search:
                print(f"  {place}", file=sys.stderr)
        return None
    for note in [*warnings, *skipped]:
        print(note, file=sys.stderr)
    if transcript_notes is None:
        for note in refused(notes):
            print(note, file=sys.stderr)
    else:
        transcript_notes.extend(notes)
    return episodes, synonyms


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.stdin and args.question is not None:
        print("error: --stdin reads the questions from standard input; give no question with it", file=sys.stderr)
        return 2
    if not args.stdin and args.question is None:
        print("error: give a question, or --stdin to read questions from standard input", file=sys.stderr)
        return 2
    if not args.stdin and not args.question.strip():
        print('error: the question is empty; ask about something, e.g. ask "ketamine dose"', file=sys.stderr)
        return 2
    if not 1 <= args.limit <= 25:
        print("error: --limit must be between 1 and 25", file=sys.stderr)
        return 2
    loaded = _load(args.data, settings)
    if loaded is None:
        return 1
    episodes, synonyms = loaded
    # The bot's vector cache: a catalog the bot has loaded is not embedded again.
    vectors = VectorCache.beside(settings.database)
    if args.wait:
        embed_with_progress(episodes, vectors, sys.stderr)
    index = SearchIndex(episodes, synonyms=synonyms, vectors=vectors, embed_limit=EMBED_AT_ONCE)
    if index.meaning_pending:
        print("note: this catalog's chapters have no sentence vectors yet, so answers come from their words only; "
              "`python -m bot embed` makes them once, with progress (or add --wait)", file=sys.stderr)  # fmt: skip
    if args.episode and index.episode(args.episode) is None:
        known = ", ".join(e.id for e in index.episodes) or "none"
        print(f"error: no episode {args.episode!r} in the catalog (known: {known})", file=sys.stderr)
        return 2
    if args.stdin:
        # One line out for every line in, blank ones included, so answers line up with questions.
        for line in sys.stdin:
            question = line.strip()
            answer = index.search(question, episode=args.episode, limit=args.limit) if question else Answer("", [], [])
            print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
        return 0
    answer = index.search(args.question, episode=args.episode, limit=args.limit)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
    else:
        print_answer(answer, sys.stdout)
    return 0


def _embed(args: argparse.Namespace, settings: Settings) -> int:
    loaded = _load(args.data, settings)
    if loaded is None:
        return 1
    vectors = VectorCache.beside(settings.database)
    made = embed_with_progress(loaded[0], vectors, sys.stderr)
    print(f"{vectors.path}: {len(vectors)} vectors, {made} made now")
    return 0


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "query": answer.query,
        "results": [_match_json(m) for m in answer.results],
        "suggestions": [_match_json(m) for m in answer.suggestions],
        # A question about a whole episode ("the one with Lex Fridman"): the episodes it names, best first.
        "episodes": [{"episode": e.id, "episode_title": e.title, "podcast": e.podcast, "url": e.url} for e in answer.episodes],
        # How likely the best chapter was right, which decided between answering, "did you mean" and
        # nothing (null when no model decided: an id, a transcript's moment, no meaning model).
        "confidence": None if answer.confidence is None else round(answer.confidence, 3),
    }


def _match_json(match: Match) -> dict[str, Any]:
    chapter = match.chapter
    return {
        "episode": match.episode.id,
        "episode_title": match.episode.title,
        "start": match.timestamp,  # the moment to play: where it is said, else the chapter's start
        "start_seconds": match.start,
        "chapter_start": chapter.timestamp,
        "chapter_start_seconds": chapter.start,
        "title": chapter.title,
        "summary": chapter.summary,
        "transcript_summary": chapter.transcript_summary,  # drawn from what was said, where none is written
        "kind": chapter.kind,
        "chapters_automatic": match.episode.chapters_automatic,  # found in the transcript, none published
        "score": match.score,
        "url": match.link,
        "quote": match.moment.quote if match.moment else None,  # what is said there, from the transcript
        "speaker": match.moment.speaker if match.moment and match.moment.speaker else None,
    }


def print_answer(answer: Answer, out: TextIO) -> None:
    if answer.episodes:
        named, *others = answer.episodes
        print(f"{named.podcast}: {named.title}", file=out)
        for chapter in named.chapters:
            print(f"  {chapter.timestamp}  {chapter.title}", file=out)
        for episode in others:
            print(f"Or perhaps: {episode.title}", file=out)
        return
    if not answer.results:
        print(f"Nothing in the catalog matches {answer.query!r} closely enough.", file=out)
        if answer.suggestions:
            print("Did you mean:", file=out)
            for match in answer.suggestions:
                print(f"  {match.chapter.timestamp}  {match.chapter.title}  ({match.episode.title})", file=out)
        return
    best, *related = answer.results
    chapter = best.chapter
    automatic = f"  {AUTOMATIC_CHAPTER}" if best.episode.chapters_automatic else ""
    print(f"{chapter.timestamp}  {chapter.title}{automatic}", file=out)
    print(f"{best.episode.podcast}: {best.episode.title}", file=out)
    if chapter.summary:
        print(chapter.summary, file=out)
    elif chapter.transcript_summary:
        print(f"From the transcript: “{chapter.transcript_summary}”", file=out)
    if best.moment is not None:
        who = f"{best.moment.speaker}: " if best.moment.speaker else ""
        print(f"Said at {best.timestamp}: {who}“{best.moment.quote}”", file=out)
    if link := best.link:
        print(link, file=out)
    if related:
        print("\nAlso relevant:", file=out)
        for match in related:
            print(f"  {match.timestamp}  {match.chapter.title}  ({match.episode.title})", file=out)
    if best.episode.note:
        print(f"\n{best.episode.note}", file=out)


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.ingest import run

    return run(args, settings)


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    notes: list[Problem] = []
    loaded = _load(args.folder, settings, notes)
    if loaded is None:
        return 1
    episodes, _ = loaded
    chapters = sum(len(e.chapters) for e in episodes)
    transcribed = [e.transcript for e in episodes if e.transcript is not None]
    failed = refused(notes)
    for note in notes:  # a refused transcript is a problem; a repair made while reading one, a warning
        print(note if note in failed else f"warning: {note}", file=sys.stderr)
    cues = sum(len(transcript) for transcript in transcribed)
    said = f", {len(transcribed)} transcripts ({cues} cues)" if transcribed or failed else ""
    if found := sum(len(e.chapters) for e in episodes if e.chapters_automatic):
        chapters_said = f"{chapters} chapters ({found} found in transcripts, the episode files have none)"
    else:
        chapters_said = f"{chapters} chapters"
    if failed:
        print(f"{len(failed)} transcript problem(s): those episodes load without a transcript", file=sys.stderr)
        print(f"{args.folder or settings.data_dir}: {len(episodes)} episodes, {chapters_said}{said}")
        return 1
    print(f"{args.folder or settings.data_dir}: {len(episodes)} episodes, {chapters_said}{said}, no problems")
    return 0


def _print_problems(error: InvalidData, skipped: Sequence[Problem] = ()) -> None:
    for problem in [*error.problems, *skipped]:
        print(problem, file=sys.stderr)
    print(f"{len(error.problems)} problem(s); nothing was loaded", file=sys.stderr)
