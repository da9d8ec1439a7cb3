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

    @classmethod
    def from_env(cls, *, dotenv: bool = True) -> Settings:
        """Read the process environment, with `.env` filling in what it does not set."""
        if dotenv:
            # From the working directory, where people run the bot; dotenv's default would search
            # from this module's folder, which for an installed package is site-packages.
            load_dotenv(find_dotenv(usecwd=True), override=False)
        env = os.environ
        uses, seconds = _cooldown(env.get(COOLDOWN_VAR, "5/30"))
        return cls(
            data_dir=Path(env.get(DATA_DIR_VAR) or "data"),
            database=_database(env.get(DATABASE_VAR) or "segment-bot.db"),
            token=(env.get(TOKEN_VAR) or "").strip() or None,
            dev_guild_id=_snowflake(env.get(DEV_GUILD_VAR)),
            cooldown_uses=uses,
            cooldown_seconds=seconds,
        )

    def require_token(self) -> str:
        if not self.token:
            raise SettingsError(
                f"{TOKEN_VAR} is not set. Put your bot token in .env (see .env.example) or the environment."
            )
        return self.token


def _database(value: str) -> Path | str:
    return value if is_postgres(value) else Path(value)


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
