"""Starting and stopping the bot: `python -m bot run` and `python -m bot sync`.

The database is opened and the catalog loaded before the client starts, and both are closed on
the way out whatever ends the run (Ctrl+C, SIGTERM, an error).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from typing import Any, AsyncIterator

import discord

from ..core.catalog import CatalogService
from ..core.search import VectorCache
from ..core.store import Store
from ..settings import TOKEN_VAR, Settings
from .client import SegmentBot

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def open_bot(settings: Settings, *, force_sync: bool = False, **options: Any) -> AsyncIterator[SegmentBot]:
    """The bot, with its database open and its catalog loaded; all closed on exit.

    `options` go to discord.py's client (tests shorten its timeouts).
    """
    store = await Store.open(settings.database)
    try:
        # Chapter vectors are kept beside the database: a restart embeds nothing.
        catalog = CatalogService(store, settings.data_dir, vectors=VectorCache.beside(settings.database))
        await catalog.start()
        bot = SegmentBot(settings, store, catalog, force_sync=force_sync, **options)
        try:
            yield bot
        finally:
            if not bot.is_closed():
                await bot.close()
    finally:
        await store.close()


def run(settings: Settings) -> int:
    token = settings.require_token()
    discord.utils.setup_logging(level=logging.INFO)  # stderr, with timestamps
    return asyncio.run(serve(settings, token))


def sync(settings: Settings) -> int:
    token = settings.require_token()
    discord.utils.setup_logging(level=logging.INFO)
    return asyncio.run(_sync(settings, token))


async def serve(settings: Settings, token: str) -> int:
    """Run until Discord closes the connection, SIGINT or SIGTERM; the exit status."""
    async with open_bot(settings) as bot:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, lambda s=signum: _stop(bot, s))
        try:
            await bot.start(token)
        except discord.LoginFailure:
            return _rejected_token()
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
    log.info("stopped; database closed")
    return 0


async def _sync(settings: Settings, token: str) -> int:
    async with open_bot(settings, force_sync=True) as bot:
        try:
            await bot.login(token)  # runs setup_hook, which syncs
        except discord.LoginFailure:
            return _rejected_token()
    return 0


def _stop(bot: SegmentBot, signum: int) -> None:
    log.info("received %s; shutting down", signal.Signals(signum).name)
    asyncio.ensure_future(bot.close())


def _rejected_token() -> int:
    print(f"error: Discord rejected the token in {TOKEN_VAR}. Copy a fresh one from the developer portal "
          "(your application -> Bot -> Reset Token) into .env.", file=sys.stderr)  # fmt: skip
    return 2
