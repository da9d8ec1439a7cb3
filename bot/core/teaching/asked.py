"""The answers shown lately, so that a button under one knows its question and chapters.

Kept in memory, by a short random key that the buttons' ids carry: a button id holds at most 100
characters, a question up to 200. A server's interactions reach the process that answered (its
shard), so memory is enough; an answer from before a restart, or older than the last KEPT answers,
is asked again (the member is told so).
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass

KEPT = 20_000  # about 10 MB at most


@dataclass(frozen=True, slots=True)
class Asked:
    guild_id: int
    question: str  # normalized
    chapter_ids: tuple[str, ...]  # the answer and the related chapters, or the suggestions, in order


class AskedAnswers:
    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._answers: OrderedDict[str, Asked] = OrderedDict()

    def add(self, asked: Asked) -> str:
        """The key the buttons under this answer carry."""
        key = secrets.token_hex(6)
        self._answers[key] = asked
        while len(self._answers) > self._kept:
            self._answers.popitem(last=False)
        return key

    def get(self, key: str) -> Asked | None:
        return self._answers.get(key)
