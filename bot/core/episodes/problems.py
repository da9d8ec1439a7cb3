"""What is wrong with a data file: a Problem names the file, the line and what is wrong there.

Every reader of data files (episode files, synonyms, show notes written to episodes) reports
through these, so a moderator always sees `path:line: message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class InvalidData(Exception):
    """Raised with every problem found; nothing from the offending files is used."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))
