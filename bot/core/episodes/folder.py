"""The data folder: which entries are episode files and their transcripts, and loading all of them
into a catalog.

A data folder is edited by people and tools: it may hold notes, editor lock files, a FIFO, a link
to a device, or nothing at all. Each becomes a Problem naming the path, never a hang, a memory
blow-up or an empty catalog. Validation is all-or-nothing: a folder with a single problem yields
no episodes at all, so a bad edit can never half-load a catalog. Transcripts are the exception: a
transcript that cannot be used is noted, and its episode serves without it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from bot.core.episodes.codec import decoded, parse_episode
from bot.core.episodes.files import read_episode_bytes
from bot.core.episodes.json_lines import JsonLines
from bot.core.episodes.model import Episode
from bot.core.episodes.problems import InvalidData, Problem
from bot.core.transcripts.attach import PREFERENCE, TranscriptFiles
from bot.core.transcripts.naming import transcript_stem
from bot.core.yielding import Pacer

# The data folder's subfolder of moderator synonyms (search/synonyms.py reads it), not a podcast's.
SYNONYMS_FOLDER = "synonyms"


def episode_paths(folder: Path, skipped: list[Problem], transcripts: dict[Path, Path] | None = None) -> list[Path]:
    """The `*.json` entries of the folder and of its subfolders (one level: a feed writes its
    episodes into data/<podcast>/; the synonyms folder is not read here), by name; every other
    entry goes to `skipped` with the reason, but transcripts (`<stem>.transcript.vtt` beside
    `<stem>.json`), which go to `transcripts` by the episode file they belong to."""
    transcripts = {} if transcripts is None else transcripts
    try:
        entries = _listing(folder)
    except FileNotFoundError:
        raise InvalidData([Problem(folder, None, "data folder not found")]) from None
    except NotADirectoryError:
        raise InvalidData([Problem(folder, None, "the data folder is a file, not a folder")]) from None
    except OSError as error:
        raise InvalidData([Problem(folder, None, f"cannot list the data folder: {error.strerror}")]) from None
    paths: list[Path] = []
    for entry in entries:
        if entry.name == SYNONYMS_FOLDER and entry.is_dir():
            continue
        # A folder named like an episode file is a mistake, reported as one; any other is a podcast's.
        if entry.is_dir(follow_symlinks=False) and not entry.name.startswith(".") and not entry.name.endswith(".json"):
            try:
                paths.extend(_json_entries(_listing(Path(entry.path)), skipped, transcripts))
            except OSError as error:
                skipped.append(Problem(Path(entry.path), None, f"skipped: cannot list this folder: {error.strerror}"))
        else:
            paths.extend(_json_entries([entry], skipped, transcripts))
    _without_episode(transcripts, set(paths), skipped)
    if not paths:
        raise InvalidData([Problem(folder, None, "the data folder holds no episode file (*.json); nothing to load")])
    return paths


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda entry: entry.name)


def _json_entries(entries: list[os.DirEntry[str]], skipped: list[Problem], transcripts: dict[Path, Path]) -> list[Path]:
    paths: list[Path] = []
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            skipped.append(Problem(path, None, "skipped: a hidden file (an editor's lock or backup)"))
        elif (stem := transcript_stem(entry.name)) is not None:
            _transcript_found(path, path.with_name(f"{stem}.json"), transcripts, skipped)
        elif entry.is_dir(follow_symlinks=False) and not entry.name.endswith(".json"):
            skipped.append(Problem(path, None, "skipped: episode files are read one folder deep, no deeper"))
        elif not entry.name.endswith(".json"):
            hint = f"; rename it to {path.stem}.json to load it" if entry.name.lower().endswith(".json") else ""
            skipped.append(Problem(path, None, f"skipped: only files ending in .json are read{hint}"))
        else:
            paths.append(path)
    return paths


def _transcript_found(path: Path, episode: Path, transcripts: dict[Path, Path], skipped: list[Problem]) -> None:
    """Keep the preferred transcript of an episode (PREFERENCE); the other is skipped, with why."""
    other = transcripts.get(episode)
    if other is not None:
        rank = {extension: place for place, extension in enumerate(PREFERENCE)}
        if rank[path.suffix.lower()] < rank[other.suffix.lower()]:
            path, other = other, path
        skipped.append(Problem(path, None, f"skipped: {episode.name} has a transcript in {other.name} already"))
        path = other
    transcripts[episode] = path


def _without_episode(transcripts: dict[Path, Path], episodes: set[Path], skipped: list[Problem]) -> None:
    for episode, path in list(transcripts.items()):
        if episode not in episodes:
            skipped.append(Problem(path, None, f"skipped: a transcript for {episode.name}, which is not in this folder"))
            del transcripts[episode]


class EpisodeCache:
    """The episodes of the last load, by file and content digest, for the next load to reuse.

    A reload still reads every file, but parses and validates only the files whose bytes changed;
    an unchanged file gives back the very Episode it gave last time (episodes are immutable). That
    keeps a reload of thousands of episodes fast, and it keeps the old and the new catalog sharing
    their unchanged episodes instead of holding two copies.
    """

    def __init__(self, transcripts: Path | None = None) -> None:
        """`transcripts`: a folder to keep what attaching transcripts gave in, for the next process."""
        self._files: dict[Path, tuple[bytes, Episode]] = {}  # the episodes as their files give them
        self.transcripts = TranscriptFiles(transcripts)

    def path_of(self, episode_id: str) -> Path | None:
        """The file the last load read the episode `episode_id` from, or None."""
        return next((path for path, (_, episode) in self._files.items() if episode.id == episode_id), None)

    def digest(self) -> str:
        """A digest of every file the last load read (names and bytes): equal digests, equal catalogs."""
        combined = hashlib.blake2b(digest_size=16)
        for path, (digest, _) in sorted(self._files.items()):
            combined.update(path.name.encode("utf-8", "surrogateescape") + b"\0" + digest)
        return combined.hexdigest()


def load_data_dir(
    folder: Path,
    cache: EpisodeCache | None = None,
    *,
    skipped: list[Problem] | None = None,
    transcript_notes: list[Problem] | None = None,
) -> list[Episode]:
    """Every `*.json` episode in `folder` and its subfolders (one level), sorted by id, with the
    transcript beside it where there is one; or InvalidData naming each problem of the episodes.

    A folder that cannot be listed or holds no episode file is a problem too: an empty catalog is
    never what a moderator meant. Other entries are not read; with a `skipped` list, each is added
    to it with the reason. A transcript's problems and repairs go to `transcript_notes`, and never
    stop its episode. With a `cache`, files unchanged since the last load through it are not
    parsed again.
    """
    transcripts: dict[Path, Path] = {}
    paths = episode_paths(folder, skipped if skipped is not None else [], transcripts)
    readers = cache.transcripts if cache is not None else TranscriptFiles()
    notes = transcript_notes if transcript_notes is not None else []
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
            line = JsonLines(decoded(path, read_episode_bytes(path))).line(("id",))
            problems.append(Problem(path, line, f"episode id {episode.id!r} is already used by {seen[episode.id]}"))
            continue
        seen[episode.id] = path
        transcript = transcripts.get(path)
        episodes.append(episode if transcript is None else readers.attach(episode, digest, transcript, notes))
    if cache is not None:
        cache._files = loaded
    readers.loaded()
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
    return digest, parse_episode(decoded(path, data), path)
