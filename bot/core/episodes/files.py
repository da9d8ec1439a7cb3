"""Reading a data file without ever hanging, and writing one in a single step.

A data folder is edited by people and tools: it may hold a FIFO, a link to a device or a huge
stray file. A read refuses each of these before a byte is read, and a write replaces a file whole.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from bot.core.episodes.problems import InvalidData, Problem

# An episode file is a few kB; the cap keeps a stray file (or a link to /dev/zero) out of memory.
MAX_FILE_BYTES = 5_000_000


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
