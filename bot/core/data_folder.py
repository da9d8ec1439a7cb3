"""The data folder on disk: which entries are episode files, reading one without ever hanging, and
writing one in a single step.

A data folder is edited by people and tools: it may hold notes, editor lock files, a FIFO, a link
to a device, or nothing at all. Each becomes a Problem naming the path, never a hang, a memory
blow-up or an empty catalog.
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

# An episode file is a few kB; the cap keeps a stray file (or a link to /dev/zero) out of memory.
MAX_FILE_BYTES = 5_000_000


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


# The data folder's subfolder of moderator synonyms (search/synonyms.py reads it), not a podcast's.
SYNONYMS_FOLDER = "synonyms"


def episode_paths(folder: Path, skipped: list[Problem]) -> list[Path]:
    """The `*.json` entries of the folder and of its subfolders (one level: a feed writes its
    episodes into data/<podcast>/; the synonyms folder is not read here), by name; every other
    entry goes to `skipped` with the reason."""
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
                paths.extend(_json_entries(_listing(Path(entry.path)), skipped))
            except OSError as error:
                skipped.append(Problem(Path(entry.path), None, f"skipped: cannot list this folder: {error.strerror}"))
        else:
            paths.extend(_json_entries([entry], skipped))
    if not paths:
        raise InvalidData([Problem(folder, None, "the data folder holds no episode file (*.json); nothing to load")])
    return paths


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda entry: entry.name)


def _json_entries(entries: list[os.DirEntry[str]], skipped: list[Problem]) -> list[Path]:
    paths: list[Path] = []
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            skipped.append(Problem(path, None, "skipped: a hidden file (an editor's lock or backup)"))
        elif entry.is_dir(follow_symlinks=False) and not entry.name.endswith(".json"):
            skipped.append(Problem(path, None, "skipped: episode files are read one folder deep, no deeper"))
        elif not entry.name.endswith(".json"):
            hint = f"; rename it to {path.stem}.json to load it" if entry.name.lower().endswith(".json") else ""
            skipped.append(Problem(path, None, f"skipped: only files ending in .json are read{hint}"))
        else:
            paths.append(path)
    return paths


class FileRefused(Exception):
    """A file not read because of what it is: not a regular file, or larger than the cap."""


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; never blocks on a FIFO or reads a device.

    The file is opened without waiting (a FIFO opens at once), and anything but a regular file of
    at most `max_bytes` is refused (FileRefused) before a byte is read. OSError when it cannot be read.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise FileRefused(f"not a regular file ({_file_kind(mode)}); not read")
    with os.fdopen(fd, "rb") as file:
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRefused(f"file is larger than {max_bytes // 1_000_000} MB; not read")
    return data


def read_episode_bytes(path: Path) -> bytes:
    """The bytes of an episode file (read_regular_file, at most MAX_FILE_BYTES), or InvalidData."""
    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except OSError as error:
        raise InvalidData([Problem(path, None, f"cannot read file: {error.strerror or error}")]) from None
    except FileRefused as error:
        raise InvalidData([Problem(path, None, str(error))]) from None


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "a special file")


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` in one step (a reload never sees half a file), creating its folder if needed.

    The text goes to a temporary file of a fresh name beside it, then os.replace renames that over
    `path`: a name in the folder is replaced, so a symbolic link left at `path` is never followed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
