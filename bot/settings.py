"""Settings from the environment and `.env`, read once at start and checked before anything runs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dotenv import find_dotenv, load_dotenv

from .core.storage import is_postgres

DATA_DIR_VAR = "SEGMENT_BOT_DATA_DIR"
DATABASE_VAR = "SEGMENT_BOT_DATABASE"
TOKEN_VAR = "DISCORD_TOKEN"
DEV_GUILD_VAR = "DISCORD_DEV_GUILD_ID"
COOLDOWN_VAR = "SEGMENT_BOT_COOLDOWN"
SHARDS_VAR = "SEGMENT_BOT_SHARDS"
SHARD_COUNT_VAR = "SEGMENT_BOT_SHARD_COUNT"


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
    # This process's shards of shard_count; None for both: every shard, as many as Discord advises.
    shard_ids: tuple[int, ...] | None = None
    shard_count: int | None = None

    @classmethod
    def from_env(cls, *, dotenv: bool = True) -> Settings:
        """Read the process environment, with `.env` filling in what it does not set."""
        if dotenv:
            # From the working directory, where people run the bot; dotenv's default would search
            # from this module's folder, which for an installed package is site-packages.
            load_dotenv(find_dotenv(usecwd=True), override=False)
        env = os.environ
        uses, seconds = _cooldown(env.get(COOLDOWN_VAR, "5/30"))
        shard_ids, shard_count = parse_shards(env.get(SHARDS_VAR), env.get(SHARD_COUNT_VAR))
        return cls(
            data_dir=Path(env.get(DATA_DIR_VAR) or "data"),
            database=_database(env.get(DATABASE_VAR) or "segment-bot.db"),
            token=(env.get(TOKEN_VAR) or "").strip() or None,
            dev_guild_id=_snowflake(env.get(DEV_GUILD_VAR)),
            cooldown_uses=uses,
            cooldown_seconds=seconds,
            shard_ids=shard_ids,
            shard_count=shard_count,
        )

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
