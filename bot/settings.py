"""Settings from the environment and `.env`, read once at start and checked before anything runs.

Only the settings a command uses are checked: a malformed cooldown or feed size must not stop
`ask` or `validate`, which never use them (`from_env(bot=False, feeds=False)`).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import TYPE_CHECKING

from dotenv import dotenv_values, find_dotenv, load_dotenv

if TYPE_CHECKING:
    from bot.core.feeds.fetch import FetchLimits
    from bot.core.teaching import TeachingLimits

from bot.core.db import is_postgres

DATA_DIR_VAR = "SEGMENT_BOT_DATA_DIR"
DATABASE_VAR = "SEGMENT_BOT_DATABASE"
TOKEN_VAR = "DISCORD_TOKEN"
DEV_GUILD_VAR = "DISCORD_DEV_GUILD_ID"
COOLDOWN_VAR = "SEGMENT_BOT_COOLDOWN"
LOG_LEVEL_VAR = "SEGMENT_BOT_LOG_LEVEL"
LOG_LEVELS = ("debug", "info", "warning", "error")

# The data folder when nothing names one: `data/` in the current folder, else the one beside the
# code (a checkout run from elsewhere, or an editable install).
CHECKOUT_DATA = Path(__file__).resolve().parents[1] / "data"
FEEDS_ALLOW_VAR = "SEGMENT_BOT_FEEDS_ALLOW"
FEED_MAX_MB_VAR = "SEGMENT_BOT_FEED_MAX_MB"
SHARDS_VAR = "SEGMENT_BOT_SHARDS"
SHARD_COUNT_VAR = "SEGMENT_BOT_SHARD_COUNT"
# Discord's identify rate: one IDENTIFY per this many seconds in each bucket. Only tests change it.
IDENTIFY_SECONDS_VAR = "SEGMENT_BOT_IDENTIFY_SECONDS"
# Teaching (docs/teaching.md): the key members' ids are hashed with, how long votes are kept, how
# many members make a pair apply to everyone.
MEMBER_KEY_VAR = "SEGMENT_BOT_MEMBER_KEY"
TEACH_DAYS_VAR = "SEGMENT_BOT_TEACH_DAYS"
TEACH_VOTES_VAR = "SEGMENT_BOT_TEACH_VOTES"


class SettingsError(Exception):
    """A setting is missing or malformed; the message says which and what to do."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    database: Path | str = Path("segment-bot.db")  # a file for SQLite, or a postgresql:// URL
    token: str | None = None
    dev_guild_id: int | None = None
    cooldown_uses: int = 5  # /segment answers per user...
    cooldown_seconds: float = 30.0  # ...within this many seconds
    log_level: str = "info"
    # Where data_dir came from, in the order it was looked for: told when the folder is missing.
    data_dir_search: tuple[str, ...] = ()
    # Non-public networks feeds may be fetched from (an intranet, tests on loopback); none by default.
    feeds_allowed_networks: tuple[IPv4Network | IPv6Network, ...] = ()
    feed_max_bytes: int = 20 * 1024 * 1024  # a feed or chapters file larger than this is refused
    # This process's shards of shard_count; None for both: every shard, as many as Discord advises.
    shard_ids: tuple[int, ...] | None = None
    shard_count: int | None = None
    identify_seconds: float = 5.0  # Discord's identify rate: one per this many seconds per bucket
    member_key: str | None = None  # None: a key kept in the database (Teaching.start)
    teach_days: int = 90
    teach_votes: int = 2

    @classmethod
    def from_env(cls, *, dotenv: bool = True, bot: bool = True, feeds: bool = True) -> Settings:
        """Read the process environment, with `.env` filling in what it does not set.

        With `bot=False` the settings only the Discord bot uses (cooldown, development server, log
        level, shards) are left at their defaults instead of checked; with `feeds=False`, those of
        feed fetching (allowed networks, size limit).
        """
        from_dotenv: dict[str, str | None] = {}
        dotenv_path = find_dotenv(usecwd=True) if dotenv else ""
        if dotenv_path:
            # From the working directory, where people run the bot; dotenv's default would search
            # from this module's folder, which for an installed package is site-packages.
            from_dotenv = {k: v for k, v in dotenv_values(dotenv_path).items() if k not in os.environ}
            load_dotenv(dotenv_path, override=False)
        env = os.environ
        data_dir, search = _data_dir(env.get(DATA_DIR_VAR), dotenv_path if DATA_DIR_VAR in from_dotenv else None)
        checked: dict[str, object] = {}  # the settings this command uses; the others keep their defaults
        if bot:
            uses, seconds = _cooldown(env.get(COOLDOWN_VAR, "5/30"))
            checked.update(
                dev_guild_id=_snowflake(env.get(DEV_GUILD_VAR)), cooldown_uses=uses, cooldown_seconds=seconds,
                log_level=log_level(env.get(LOG_LEVEL_VAR) or "info", LOG_LEVEL_VAR),
            )  # fmt: skip
            checked["shard_ids"], checked["shard_count"] = parse_shards(env.get(SHARDS_VAR), env.get(SHARD_COUNT_VAR))
            checked["identify_seconds"] = _seconds(IDENTIFY_SECONDS_VAR, env.get(IDENTIFY_SECONDS_VAR, "5"))
            checked["member_key"] = (env.get(MEMBER_KEY_VAR) or "").strip() or None
            checked["teach_days"] = _whole(TEACH_DAYS_VAR, env.get(TEACH_DAYS_VAR, "90"), "a number of days", 3650)
            checked["teach_votes"] = _whole(TEACH_VOTES_VAR, env.get(TEACH_VOTES_VAR, "2"), "a number of members", 100)
        if feeds:
            checked["feeds_allowed_networks"] = _networks(env.get(FEEDS_ALLOW_VAR, ""))
            checked["feed_max_bytes"] = _megabytes(FEED_MAX_MB_VAR, env.get(FEED_MAX_MB_VAR, "20"))
        return cls(
            data_dir=data_dir,
            database=_database(env.get(DATABASE_VAR) or "segment-bot.db"),
            token=(env.get(TOKEN_VAR) or "").strip() or None,
            data_dir_search=search,
            **checked,  # type: ignore[arg-type]
        )

    def teaching_limits(self) -> TeachingLimits:
        """How teaching is bounded and kept, from these settings."""
        from bot.core.teaching import TeachingLimits

        return TeachingLimits(needed=self.teach_votes, keep_days=self.teach_days)

    def feed_limits(self) -> FetchLimits:
        """What a feed fetch may do, from these settings."""
        from bot.core.feeds.fetch import FetchLimits

        return FetchLimits(max_bytes=self.feed_max_bytes, allowed_networks=self.feeds_allowed_networks)

    @property
    def shard_label(self) -> str:
        """This process's shards as logs and /config show name them: "shards 0-7 of 16"."""
        if self.shard_ids is None:
            return "all shards" if self.shard_count is None else f"all {self.shard_count} shards"
        return f"shards {_ranges(self.shard_ids)} of {self.shard_count}"

    def require_token(self) -> str:
        if not self.token:
            raise SettingsError(
                f"{TOKEN_VAR} is not set. Put your bot token in .env (see .env.example) or the environment."
            )
        return self.token


def _data_dir(value: str | None, dotenv_path: str | None) -> tuple[Path, tuple[str, ...]]:
    """The data folder in the documented order (after --data, which the command line applies):
    the environment, `.env`, `data/` here, the checkout's `data/`; and what was looked at."""
    if value:
        origin = f"{DATA_DIR_VAR} in {dotenv_path}" if dotenv_path else f"{DATA_DIR_VAR} in the environment"
        return Path(value), (f"{Path(value).absolute()} (from {origin})",)
    search = [f"{DATA_DIR_VAR}: not set in the environment or a .env file"]
    for candidate, name in ((Path("data"), "data/ in the current folder"), (CHECKOUT_DATA, "the checkout's data/")):
        found = candidate.is_dir()
        search.append(f"{name}: {candidate.absolute()}{'' if found else ' (none)'}")
        if found:
            return candidate, tuple(search)
    return Path("data"), tuple(search)


def log_level(value: str, source: str) -> str:
    if value.strip().lower() not in LOG_LEVELS:
        raise SettingsError(f"{source} must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
    return value.strip().lower()


def logging_level(name: str) -> int:
    return int(getattr(logging, name.upper()))


def _database(value: str) -> Path | str:
    return value if is_postgres(value) else Path(value)


def parse_shards(shards: str | None, count: str | None) -> tuple[tuple[int, ...] | None, int | None]:
    """`--shards 0-7 --shard-count 16` (or the same in SEGMENT_BOT_SHARDS, SEGMENT_BOT_SHARD_COUNT)."""
    shard_count = None
    if count and count.strip():
        if not count.strip().isdigit() or int(count) < 1:
            raise SettingsError(f"{SHARD_COUNT_VAR} (--shard-count) must be a positive whole number, not {count!r}")
        shard_count = int(count)
    if not shards or not shards.strip():
        return None, shard_count
    if shard_count is None:
        raise SettingsError(f"{SHARDS_VAR} (--shards) needs {SHARD_COUNT_VAR} (--shard-count): the total over all processes")
    ids: set[int] = set()
    for part in shards.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if not first.isdigit() or not (last.isdigit() or not last):
            raise SettingsError(f"{SHARDS_VAR} (--shards) must look like 0-7 or 0,2,4, not {shards!r}")
        ids.update(range(int(first), int(last or first) + 1))
    if not ids or max(ids) >= shard_count:
        raise SettingsError(f"{SHARDS_VAR} (--shards) {shards!r}: shard ids run from 0 to {shard_count - 1} of {shard_count}")
    return tuple(sorted(ids)), shard_count


def _ranges(ids: tuple[int, ...]) -> str:
    """(0, 1, 2, 5) -> "0-2,5"."""
    parts: list[str] = []
    start = previous = ids[0]
    for shard in (*ids[1:], None):
        if shard is not None and shard == previous + 1:
            previous = shard
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if shard is not None:
            start = previous = shard
    return ",".join(parts)


def _snowflake(value: str | None) -> int | None:
    if not value or not value.strip():
        return None
    if not value.strip().isdigit():
        raise SettingsError(f"{DEV_GUILD_VAR} must be a server id (digits only), not {value!r}")
    return int(value)


def _cooldown(value: str) -> tuple[int, float]:
    uses, _, seconds = value.partition("/")
    try:
        parsed = int(uses), float(seconds)
    except ValueError:
        parsed = (0, 0.0)
    if parsed[0] < 1 or parsed[1] <= 0:
        raise SettingsError(f"{COOLDOWN_VAR} must look like 5/30 (uses per seconds), not {value!r}")
    return parsed


def _networks(value: str) -> tuple[IPv4Network | IPv6Network, ...]:
    try:
        return tuple(ip_network(part.strip()) for part in value.split(",") if part.strip())
    except ValueError as error:
        raise SettingsError(f"{FEEDS_ALLOW_VAR} must be networks like 127.0.0.0/8,10.0.0.0/8: {error}") from None


def _seconds(name: str, value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 60:
        raise SettingsError(f"{name} must be a number of seconds between 0 and 60, not {value!r}")
    return seconds


def _megabytes(name: str, value: str) -> int:
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = 0.0
    if not 0 < megabytes <= 1024:
        raise SettingsError(f"{name} must be a size in MB between 0 and 1024, not {value!r}")
    return int(megabytes * 1024 * 1024)


def _whole(name: str, value: str, what: str, most: int) -> int:
    number = int(value) if value.strip().isdigit() else 0
    if not 1 <= number <= most:
        raise SettingsError(f"{name} must be {what} from 1 to {most}, not {value!r}")
    return number
