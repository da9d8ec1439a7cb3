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

import aiohttp
import discord

from bot.core.catalog import CatalogService
from bot.core.db import DatabaseUnavailable, open_cluster, open_storage
from bot.core.search import VectorCache
from bot.core.yielding import stop_paced_work
from bot.discord_app.client import SegmentBot
from bot.logs import setup_logging
from bot.settings import TOKEN_VAR, Settings, logging_level

log = logging.getLogger(__name__)

# No network at start (Discord down, DNS failing, a cable out): wait and try again, doubling the
# wait up to a minute. `run` keeps trying until it gets through or is stopped; `sync`, which
# someone is waiting on at a terminal, gives up after a few attempts.
FIRST_RETRY_DELAY = 1.0
MAX_RETRY_DELAY = 60.0
SYNC_ATTEMPTS = 5
UNREACHABLE = (OSError, asyncio.TimeoutError, aiohttp.ClientError, discord.DiscordServerError)


@contextlib.asynccontextmanager
async def open_bot(settings: Settings, *, force_sync: bool = False, **options: Any) -> AsyncIterator[SegmentBot]:
    """The bot, with its database open and its catalog loaded; all closed on exit.

    `options` go to discord.py's client (tests shorten its timeouts).
    """
    # Chapter vectors are kept beside the database: a restart, or another process, embeds nothing.
    # Read before the database opens: nothing may fail between its opening and the `finally` that
    # closes it, whose thread would keep a failed start alive.
    vectors = VectorCache.beside(settings.database)
    store = await open_storage(settings.database)
    catalog = CatalogService(store, settings.data_dir, vectors=vectors)
    try:
        if not (await catalog.start()).ok and not settings.data_dir.is_dir():
            log.warning("looked for the data folder in this order: %s", "; ".join(settings.data_dir_search))
        cluster = open_cluster(settings.database, name=f"segment-bot {settings.shard_label}")
        bot = SegmentBot(settings, store, catalog, force_sync=force_sync, cluster=cluster, **options)
        try:
            yield bot
        finally:
            if not bot.is_closed():
                await bot.close()
    finally:
        await catalog.close()
        await store.close()


def run(settings: Settings) -> int:
    token = settings.require_token()
    setup_logging(logging_level(settings.log_level), process=settings.shard_label)
    return asyncio.run(_serve_process(settings, token))


def sync(settings: Settings) -> int:
    token = settings.require_token()
    setup_logging(logging_level(settings.log_level))
    return asyncio.run(_sync(settings, token))


async def _serve_process(settings: Settings, token: str) -> int:
    """serve() as the whole life of this process: an error nothing foresaw ends it with one clear line
    (and its traceback in the log) and exit status 1, so a service manager sees it and restarts it."""
    try:
        return await serve(settings, token)
    except DatabaseUnavailable:
        raise  # the command line names the database setting to check
    except Exception as error:
        log.critical("the bot stopped on an unexpected error", exc_info=error)
        print(f"error: the bot stopped on an unexpected error ({type(error).__name__}: {error}); "
              "the log above has the details", file=sys.stderr)  # fmt: skip
        return 1
    finally:
        # Everything is closed. What a reload or the vector fill still runs in a worker thread ends
        # at its next step, instead of holding the exit (Python waits for its threads) until done.
        stop_paced_work()


async def serve(settings: Settings, token: str) -> int:
    """Run until Discord closes the connection, SIGINT or SIGTERM; the exit status.

    A signal cancels whatever the start or the run is waiting on (the database, the catalog, a
    login retry, a shard's connection or its turn to identify), and everything opened is closed
    on the way out: a stop takes seconds at any moment. discord.py's own close alone would leave a
    shard that was still connecting retrying its closed session every 5 s, forever.
    """
    stop = _StopOnSignals(asyncio.current_task())
    try:
        async with open_bot(settings) as bot:
            try:
                if await _login(bot, token, attempts=None):
                    await bot.connect()  # discord.py reconnects on its own once logged in
            except discord.LoginFailure:
                return _rejected_token()
    except asyncio.CancelledError:
        if not stop.requested:
            raise
    finally:
        stop.remove()
    log.info("stopped; database closed")
    return 0


class _StopOnSignals:
    """SIGINT and SIGTERM cancel the serving task, once; a second signal while it stops is only logged."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, task: asyncio.Task[Any] | None) -> None:
        self._task = task
        self.requested = False
        self._loop = asyncio.get_running_loop()
        for signum in self.SIGNALS:
            self._loop.add_signal_handler(signum, self._received, signum)

    def _received(self, signum: int) -> None:
        name = signal.Signals(signum).name
        if self.requested:
            log.info("received %s; already shutting down", name)
            return
        log.info("received %s; shutting down", name)
        self.requested = True
        if self._task is not None:
            self._task.cancel()

    def remove(self) -> None:
        for signum in self.SIGNALS:
            self._loop.remove_signal_handler(signum)


async def _sync(settings: Settings, token: str) -> int:
    async with open_bot(settings, force_sync=True) as bot:
        try:
            if not await _login(bot, token, attempts=SYNC_ATTEMPTS):  # login runs setup_hook, which syncs
                print(f"error: could not reach Discord in {SYNC_ATTEMPTS} attempts; check the network and "
                      "run `python -m bot sync` again.", file=sys.stderr)  # fmt: skip
                return 1
        except discord.LoginFailure:
            return _rejected_token()
    return 0


async def _login(bot: SegmentBot, token: str, *, attempts: int | None) -> bool:
    """Log in (and sync), retrying with backoff while Discord cannot be reached; one log line per
    failed attempt. False when the attempts ran out. A rejected token (LoginFailure) is not retried."""
    delay = FIRST_RETRY_DELAY
    attempt = 0
    while True:
        attempt += 1
        try:
            await bot.login(token)
            return True
        except UNREACHABLE as error:
            reason = str(error) or type(error).__name__
            if attempts is not None and attempt >= attempts:
                log.error("cannot reach Discord (%s); attempt %d of %d, giving up", reason, attempt, attempts)
                return False
            log.warning("cannot reach Discord (%s); attempt %d, retrying in %g s", reason, attempt, round(delay, 2))
        # The failed login left its HTTP session open; a new one (with a new connector) is made
        # by the next login.
        await bot.http.close()
        bot.http.connector = discord.utils.MISSING
        await asyncio.sleep(delay)  # a stop cancels it: a minute's backoff never holds up a shutdown
        delay = min(delay * 2, MAX_RETRY_DELAY)


def _rejected_token() -> int:
    print(f"error: Discord rejected the token in {TOKEN_VAR}. Copy a fresh one from the developer portal "
          "(your application -> Bot -> Reset Token) into .env.", file=sys.stderr)  # fmt: skip
    return 2
