"""`python -m bot run ARGS`, pointed at a fake Discord: the bot as a process of its own, for tests of
several processes sharing one database and of stopping a process (tests/discord_app/test_processes.py,
test_stopping.py). `start_bot_process()` runs it as `python -m tests.support.bot_process ARGS` from
the checkout, with a data folder and a log file of its own.

The fake's addresses come from FAKE_DISCORD_API and FAKE_DISCORD_GATEWAY, as the `fake_discord`
fixture points an in-process client at it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from tests.support.fakediscord import FakeDiscord
from tests.support.paths import REPO


@dataclass
class BotProcess:
    name: str
    process: asyncio.subprocess.Process
    data_dir: Path
    log: Path

    @property
    def running(self) -> bool:
        return self.process.returncode is None

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        if self.running:
            self.process.send_signal(signal.SIGKILL)

    async def stop(self, signum: int = signal.SIGTERM, *, within: float = 30.0) -> tuple[int, float]:
        """Send `signum`; the exit status and the seconds it took to exit (killed after `within`)."""
        loop = asyncio.get_running_loop()
        began = loop.time()
        self.process.send_signal(signum)
        try:
            status = await asyncio.wait_for(self.process.wait(), within)
        except TimeoutError:
            self.process.send_signal(signal.SIGUSR1)  # the stacks of every thread into the log: what held it
            await asyncio.sleep(1.0)
            self.kill()
            await self.process.wait()
            raise AssertionError(f"{self.name} did not stop within {within} s of {signal.Signals(signum).name}:\n"
                                 f"{self.log_text()[-3000:]}") from None  # fmt: skip
        return status, loop.time() - began


async def start_bot_process(
    fake: FakeDiscord, database: str | Path, folder: Path, *, name: str = "bot", args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> BotProcess:  # fmt: skip
    """`python -m bot run ARGS` against `fake`, on `database`, with a copy of data/ in `folder`/data-NAME."""
    data_dir = folder / f"data-{name}"
    shutil.copytree(REPO / "data", data_dir)
    log = folder / f"{name}.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SEGMENT_BOT_"))}
    environment.update(PYTHONPATH=str(REPO), DISCORD_TOKEN=fake.token, SEGMENT_BOT_DATABASE=str(database),
                       SEGMENT_BOT_DATA_DIR=str(data_dir), FAKE_DISCORD_API=fake.api_url,
                       FAKE_DISCORD_GATEWAY=fake.gateway_url, **(env or {}))  # fmt: skip
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.support.bot_process", *args,
            cwd=folder, env=environment, stdout=out, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
    return BotProcess(name, process, data_dir, log)


async def eventually(check: Callable[[], Awaitable[bool]], *, within: float, what: str) -> float:
    """Seconds until `check()` holds; fails after `within` seconds."""
    loop = asyncio.get_running_loop()
    began = loop.time()
    while not await check():
        if loop.time() - began > within:
            raise AssertionError(f"{what}: not within {within} s")
        await asyncio.sleep(0.05)
    return loop.time() - began


async def logged(bot: BotProcess, text: str, *, within: float = 30.0) -> float:
    """Seconds until the process's log holds `text`; fails if it exits or `within` passes first."""

    async def check() -> bool:
        if text in bot.log_text():
            return True
        if not bot.running:
            raise AssertionError(f"{bot.name} exited {bot.process.returncode} before logging {text!r}:\n{bot.log_text()}")
        return False

    return await eventually(check, within=within, what=f"{bot.name} logging {text!r}")


if __name__ == "__main__":
    import faulthandler

    import discord
    import yarl

    from bot.cli import main

    discord.http.Route.BASE = os.environ["FAKE_DISCORD_API"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FAKE_DISCORD_GATEWAY"])
    faulthandler.register(signal.SIGUSR1)
    sys.exit(main(["run", *sys.argv[1:]]))
