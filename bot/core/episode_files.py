"""Episode files: the JSON in `data/`, read with every problem reported as `path:line: message`.

The fields and their checks are in episode_format.py (documented in docs/episode-format.md); this
module reads a folder, a file or a text through them, and writes an episode's text. Validation is
all-or-nothing: a folder with a single problem yields no episodes at all, so a bad edit can never
half-load a catalog.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from .data_folder import InvalidData, Problem, episode_paths, read_episode_bytes
from .episode_format import FORMAT_VERSION, EpisodeChecker
from .episodes import Episode, format_timestamp
from .json_lines import JsonLines
from .pacing import Pacer

_LONG_NUMBER = re.compile(r"\d{4000,}")
_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class EpisodeCache:
    """The episodes of the last load, by file and content digest, for the next load to reuse.

    A reload still reads every file, but parses and validates only the files whose bytes changed;
    an unchanged file gives back the very Episode it gave last time (episodes are immutable). That
    keeps a reload of thousands of episodes fast, and it keeps the old and the new catalog sharing
    their unchanged episodes instead of holding two copies.
    """

    def __init__(self) -> None:
        self._files: dict[Path, tuple[bytes, Episode]] = {}

    def digest(self) -> str:
        """A digest of every file the last load read (names and bytes): equal digests, equal catalogs."""
        combined = hashlib.blake2b(digest_size=16)
        for path, (digest, _) in sorted(self._files.items()):
            combined.update(path.name.encode("utf-8", "surrogateescape") + b"\0" + digest)
        return combined.hexdigest()


def load_data_dir(
    folder: Path, cache: EpisodeCache | None = None, *, skipped: list[Problem] | None = None
) -> list[Episode]:
    """Every `*.json` episode in `folder` and its subfolders (one level), sorted by id, or InvalidData naming each problem.

    A folder that cannot be listed or holds no episode file is a problem too: an empty catalog is
    never what a moderator meant. Other entries are not read; with a `skipped` list, each is added
    to it with the reason. With a `cache`, files unchanged since the last load through it are not
    parsed again.
    """
    paths = episode_paths(folder, skipped if skipped is not None else [])
    episodes: list[Episode] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    known = cache._files if cache is not None else {}
    loaded: dict[Path, tuple[bytes, Episode]] = {}
    pace = Pacer()  # a reload runs this in a worker thread while questions are answered
    for path in paths:
        pace()
        try:
            digest, episode = _load_known(path, known)
        except InvalidData as error:
            problems.extend(error.problems)
            continue
        loaded[path] = (digest, episode)
        if episode.id in seen:
            line = JsonLines(_decoded(path, read_episode_bytes(path))).line(("id",))
            problems.append(Problem(path, line, f"episode id {episode.id!r} is already used by {seen[episode.id]}"))
            continue
        seen[episode.id] = path
        episodes.append(episode)
    if cache is not None:
        cache._files = loaded
    if problems:
        raise InvalidData(problems)
    return sorted(episodes, key=lambda e: e.id)


def _load_known(path: Path, known: dict[Path, tuple[bytes, Episode]]) -> tuple[bytes, Episode]:
    """load_episode_file(), or the Episode this file gave last time if its bytes are the same."""
    data = read_episode_bytes(path)
    digest = hashlib.blake2b(data, digest_size=16).digest()
    previous = known.get(path)
    if previous is not None and previous[0] == digest:
        return previous
    return digest, parse_episode(_decoded(path, data), path)


def _decoded(path: Path, data: bytes) -> str:
    """The text of a file as read_text() gives it (UTF-8, universal newlines), less the byte-order
    mark some Windows editors put first, which json would refuse."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InvalidData([Problem(path, line, f"cannot read file: not UTF-8 text ({error.reason})")]) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_episode_file(path: Path) -> Episode:
    return parse_episode(_decoded(path, read_episode_bytes(path)), path)


def parse_episode(text: str, path: Path) -> Episode:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidData([Problem(path, error.lineno, f"invalid JSON: {error.msg}")]) from None
    except RecursionError:
        # Python's parser gives up where the nesting gets too deep; no episode nests beyond four.
        raise InvalidData([Problem(path, _deep_line(text), "JSON nested too deeply to read")]) from None
    except ValueError as error:  # a number of thousands of digits, beyond Python's conversion limit
        found = _LONG_NUMBER.search(text)
        line = JsonLines(text).line_at(found.start()) if found else None
        raise InvalidData([Problem(path, line, f"invalid JSON: {error}")]) from None
    checker = EpisodeChecker.for_text(text)
    episode = checker.episode(raw)
    if checker.errors:
        lines = JsonLines(text)
        raise InvalidData([Problem(path, lines.line(pointer), message) for pointer, message in checker.errors])
    assert episode is not None
    return episode


def _deep_line(text: str) -> int | None:
    """The line where the JSON's nesting is deepest: where Python's parser gave up."""
    depth, deepest, where = 0, 0, None
    for token in _NESTING.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, token.start()
        elif bracket in "]}":
            depth -= 1
    return None if where is None else JsonLines(text).line_at(where)


def dump_episode(episode: Episode) -> str:
    """The file text for an episode, in the field order a person editing it expects."""
    raw: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "id": episode.id,
        "podcast": episode.podcast,
        "title": episode.title,
        "duration": format_timestamp(episode.duration),
        "url": episode.url,
        "note": episode.note,
        "published": episode.published,
        "number": episode.number,
        "people": list(episode.people) or None,
        "transcript_url": episode.transcript_url,
        "transcript_type": episode.transcript_type,
        "description": episode.description,
        "chapters": [
            {
                "start": chapter.timestamp,
                "title": chapter.title,
                "kind": chapter.kind,
                "summary": chapter.summary,
                "keywords": list(chapter.keywords),
            }
            for chapter in episode.chapters
        ],
    }
    return json.dumps({k: v for k, v in raw.items() if v is not None}, indent=2, ensure_ascii=False) + "\n"
