"""The bot's log: stderr with timestamps, at the level asked for, and never a secret in it.

At debug level discord.py logs every gateway event and HTTP request as it is, and those carry
interaction tokens (in payloads, and in callback and webhook URLs): anyone holding one can answer
or edit messages as the bot for 15 minutes. The handler replaces them before a line is written.
"""

from __future__ import annotations

import logging
import re
from typing import TextIO

import discord

_SECRETS = (
    # 'token': '...' in a logged dict, "token": "..." in logged JSON
    (re.compile(r"""(['"](?:token|access_token)['"]\s*:\s*['"])[^'"]+"""), r"\1[redacted]"),
    # interactions/{id}/{token}/callback and webhooks/{application id}/{token}
    (re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/\s?'\"]+"), r"\1[redacted]"),
    # an Authorization header, should a library ever log one
    (re.compile(r"(Bot )[\w.-]{20,}"), r"\1[redacted]"),
)


class RedactTokens(logging.Filter):
    """Rewrites each record's message with interaction and bot tokens replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def redact(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


def setup_logging(level: int, stream: TextIO | None = None, *, process: str = "") -> logging.Handler:
    """Log to stderr (or `stream`) with timestamps; the handler.

    `process` (this process's shards) goes on every line, so the logs of many processes tell apart.
    """
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactTokens())
    where = f"[{process}] " if process else ""
    formatter = logging.Formatter(f"[{{asctime}}] [{{levelname:<8}}] {where}{{name}}: {{message}}", "%Y-%m-%d %H:%M:%S", style="{")
    discord.utils.setup_logging(handler=handler, formatter=formatter, level=level)
    return handler
