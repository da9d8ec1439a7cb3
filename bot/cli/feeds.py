"""`python -m bot feed add|list|remove|refresh`: podcast feeds from a terminal on the bot's machine."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Awaitable, Callable

from bot.core.catalog import CatalogService
from bot.core.db import open_storage
from bot.core.feeds.service import FeedRefused, FeedReport, FeedService
from bot.core.feeds.state import FeedState
from bot.core.search import VectorCache
from bot.settings import Settings


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    feed = commands.add_parser("feed", help="follow podcast feeds: their episodes become episode files")
    feed.set_defaults(feeds=True)  # these commands fetch feeds: their settings are checked
    actions = feed.add_subparsers(required=True, metavar="ACTION")
    add = actions.add_parser("add", help="import a feed (URL or a saved feed FILE) and keep it up to date")
    add.add_argument("source", metavar="URL|FILE")
    add.add_argument("--every", type=int, metavar="MINUTES", help="poll every MINUTES (default 60, at least 5)")
    add.set_defaults(handler=_add)
    listing = actions.add_parser("list", help="the feeds followed, with their last success and error")
    listing.set_defaults(handler=_list)
    remove = actions.add_parser("remove", help="stop following a feed (its episode files stay)")
    remove.add_argument("url", metavar="URL")
    remove.set_defaults(handler=_remove)
    refresh = actions.add_parser("refresh", help="refresh every feed now (or one)")
    refresh.add_argument("url", nargs="?", metavar="URL")
    refresh.set_defaults(handler=_refresh)


def _with_service(settings: Settings, work: Callable[[FeedService], Awaitable[int]]) -> int:
    async def main() -> int:
        try:
            settings.data_dir.mkdir(parents=True, exist_ok=True)  # where a feed's episode files go
        except OSError as error:
            print(f"error: cannot create the data folder {settings.data_dir}: {error.strerror or error}", file=sys.stderr)
            return 1
        store = await open_storage(settings.database)
        try:
            catalog = CatalogService(store, settings.data_dir, vectors=VectorCache.beside(settings.database))
            await catalog.start()  # the episode ids in use, so new ones do not clash
            service = FeedService(store, catalog, settings.feed_limits())
            try:
                return await work(service)
            finally:
                await service.close()
                await catalog.close()
        finally:
            await store.close()

    return asyncio.run(main())


def _add(args: argparse.Namespace, settings: Settings) -> int:
    began = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} episodes", end="" if done < total else "\n", file=sys.stderr, flush=True)

    async def work(service: FeedService) -> int:
        interval = args.every * 60 if args.every else None
        try:
            report = await service.add(args.source, local_files=True, interval=interval, progress=progress)
        except FeedRefused as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        _print_report(report)
        print(f"{time.perf_counter() - began:.1f} s in all, the catalog reloaded; a bot already running serves "
              "the new episodes after /reload (at once on PostgreSQL), and polls the feed from now on")
        return 0 if report.reload is None or report.reload.ok else 1

    return _with_service(settings, work)


def _list(args: argparse.Namespace, settings: Settings) -> int:
    async def work(service: FeedService) -> int:
        feeds = await service.feeds()
        if not feeds:
            print("no feeds followed; add one with: python -m bot feed add URL")
        for state in feeds:
            print(status_line(state))
        return 0

    return _with_service(settings, work)


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    async def work(service: FeedService) -> int:
        if await service.remove(args.url):
            print(f"no longer following {args.url}; its episode files stay in the data folder")
            return 0
        print(f"error: no feed {args.url!r} is followed", file=sys.stderr)
        return 1

    return _with_service(settings, work)


def _refresh(args: argparse.Namespace, settings: Settings) -> int:
    async def work(service: FeedService) -> int:
        try:
            reports = [await service.refresh(args.url)] if args.url else await service.refresh_all()
        except FeedRefused as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        for report in reports:
            _print_report(report)
        return 1 if any(report.result.error for report in reports) else 0

    return _with_service(settings, work)


def _print_report(report: FeedReport) -> None:
    state, result = report.state, report.result
    print(f"{state.podcast or state.url}: {len(result.added)} new, {len(result.updated)} updated, "
          f"{state.episode_count} episodes in {state.folder}/")  # fmt: skip
    if result.transcripts:
        print(f"  {len(result.transcripts)} transcripts written beside their episodes")
    for line in result.kept:
        print(f"  kept: {line}")
    for warning in result.warnings:
        print(f"  warning: {warning}", file=sys.stderr)
    if result.error:
        print(f"  error: {result.error}", file=sys.stderr)
    if report.reload is not None and not report.reload.ok:
        for problem in report.reload.problems:
            print(f"  {problem}", file=sys.stderr)
        print("  the data folder has problems; fix them and run validate", file=sys.stderr)


def status_line(state: FeedState) -> str:
    def when(stamp: float | None) -> str:
        return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(stamp)) if stamp else "never"

    paused = " PAUSED" if state.paused else ""
    error = f"; last error: {state.last_error}" if state.last_error else ""
    return (f"{state.url}{paused}\n  {state.podcast or '?'}: {state.episode_count} episodes, every "
            f"{state.interval // 60} min, last success {when(state.last_success)}{error}")  # fmt: skip
