"""`python -m bot ...`: run the Discord bot, or use the catalog from a terminal."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence, TextIO

from .core.episode_files import InvalidData, load_data_dir
from .core.search import Answer, Match, SearchIndex, VectorCache, load_synonyms
from .settings import DATA_DIR_VAR, Settings, SettingsError


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        return int(args.handler(args, settings) or 0)
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the Discord bot (token from DISCORD_TOKEN or .env)")
    run.set_defaults(handler=_run)
    sync = commands.add_parser("sync", help="push the slash command definitions to Discord now")
    sync.set_defaults(handler=_sync)

    ask = commands.add_parser("ask", help="answer a question from the catalog, as the bot would")
    ask.add_argument("question", nargs="?", help="the question (omit with --stdin)")
    ask.add_argument("--episode", metavar="ID", help="search only this episode")
    ask.add_argument("--limit", type=int, default=4, metavar="N", help="at most N results (default 4)")
    ask.add_argument("--data", type=Path, metavar="DIR", help=f"episode folder (default ${DATA_DIR_VAR} or data/)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--stdin", action="store_true", help="read one question per line, print JSON Lines")
    ask.set_defaults(handler=_ask)

    ingest = commands.add_parser("ingest", help="turn published show notes into episode files")
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE")
    ingest.add_argument("--out", type=Path, metavar="DIR", help=f"where to write (default ${DATA_DIR_VAR} or data/)")
    ingest.add_argument("--podcast", metavar="NAME", help="the podcast's name, when the notes do not say it")
    ingest.add_argument("--id", metavar="ID", help="the episode id (default: from the file name; one file only)")
    ingest.add_argument("--force", action="store_true", help="overwrite episode files that exist")
    ingest.add_argument("--check", action="store_true", help="print what would be written; write nothing")
    ingest.set_defaults(handler=_ingest)

    validate = commands.add_parser("validate", help="check every episode file; exit 1 on any problem")
    validate.add_argument("folder", nargs="?", type=Path, metavar="DIR")
    validate.set_defaults(handler=_validate)
    return parser


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from .discord_app.runner import run  # imported here so the catalog commands never load discord.py

    return run(settings)


def _sync(args: argparse.Namespace, settings: Settings) -> int:
    from .discord_app.runner import sync

    return sync(settings)


def _load_index(folder: Path, settings: Settings) -> SearchIndex | None:
    try:
        episodes, synonyms = load_data_dir(folder), load_synonyms(folder)
        # The bot's vector cache: a catalog the bot has loaded is not embedded again.
        vectors = VectorCache.beside(settings.database)
        return SearchIndex(episodes, synonyms=synonyms, vectors=vectors)
    except InvalidData as error:
        _print_problems(error)
        return None


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.stdin == (args.question is not None):
        print("error: give a question, or --stdin to read questions from standard input", file=sys.stderr)
        return 2
    if not 1 <= args.limit <= 25:
        print("error: --limit must be between 1 and 25", file=sys.stderr)
        return 2
    index = _load_index(args.data or settings.data_dir, settings)
    if index is None:
        return 1
    if args.episode and index.episode(args.episode) is None:
        known = ", ".join(e.id for e in index.episodes) or "none"
        print(f"error: no episode {args.episode!r} in the catalog (known: {known})", file=sys.stderr)
        return 2
    if args.stdin:
        for line in sys.stdin:
            if line.strip():
                answer = index.search(line.strip(), episode=args.episode, limit=args.limit)
                print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
        return 0
    answer = index.search(args.question, episode=args.episode, limit=args.limit)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
    else:
        print_answer(answer, sys.stdout)
    return 0


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "query": answer.query,
        "results": [_match_json(m) for m in answer.results],
        "suggestions": [_match_json(m) for m in answer.suggestions],
    }


def _match_json(match: Match) -> dict[str, Any]:
    chapter = match.chapter
    return {
        "episode": match.episode.id,
        "episode_title": match.episode.title,
        "start": chapter.timestamp,
        "start_seconds": chapter.start,
        "title": chapter.title,
        "summary": chapter.summary,
        "kind": chapter.kind,
        "score": match.score,
        "url": match.episode.link(chapter),
    }


def print_answer(answer: Answer, out: TextIO) -> None:
    if not answer.results:
        print(f"Nothing in the catalog matches {answer.query!r} closely enough.", file=out)
        if answer.suggestions:
            print("Did you mean:", file=out)
            for match in answer.suggestions:
                print(f"  {match.chapter.timestamp}  {match.chapter.title}  ({match.episode.title})", file=out)
        return
    best, *related = answer.results
    chapter = best.chapter
    print(f"{chapter.timestamp}  {chapter.title}", file=out)
    print(f"{best.episode.podcast}: {best.episode.title}", file=out)
    if chapter.summary:
        print(chapter.summary, file=out)
    if link := best.episode.link(chapter):
        print(link, file=out)
    if related:
        print("\nAlso relevant:", file=out)
        for match in related:
            print(f"  {match.chapter.timestamp}  {match.chapter.title}  ({match.episode.title})", file=out)
    if best.episode.note:
        print(f"\n{best.episode.note}", file=out)


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from .ingest import run

    return run(args, settings)


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    folder: Path = args.folder or settings.data_dir
    try:
        episodes = load_data_dir(folder)
        load_synonyms(folder)
    except InvalidData as error:
        _print_problems(error)
        return 1
    chapters = sum(len(e.chapters) for e in episodes)
    print(f"{folder}: {len(episodes)} episodes, {chapters} chapters, no problems")
    return 0


def _print_problems(error: InvalidData) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print(f"{len(error.problems)} problem(s); nothing was loaded", file=sys.stderr)
