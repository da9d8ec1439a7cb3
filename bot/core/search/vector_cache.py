"""Sentence vectors by the hash of their text, kept in a file that every process of the bot shares.

Embedding a large catalog takes minutes, so no vector is made twice: not after a restart, not by
a second process of a sharded bot, not after a stop halfway through. The file is a header and then
blocks of vectors, each appended as soon as it is made, under an exclusive lock (flock), with its
own CRC; a process reads the blocks other processes appended since it last looked (`refresh()`).

    header:  b"SEGVEC1\\n", then 16 bytes naming the model (vectors of another model are not used)
    block:   b"ROWS", row count (uint32), CRC-32 of the rest (uint32), then the rows' 16-byte keys,
             then their vectors (384 float16 each, little-endian)

A damaged file costs time, never answers: reading stops at the first block that is cut short or
whose CRC differs, or at any file that is not such a file (an old `.npz`, a `.npy`, zeros), and
keeps what came before; vectors that are not finite or not of unit length are dropped. One
warning says so, and the file is written anew from what was kept, through a temporary file that
is removed if the disk is full. A block that cannot be appended (disk full) is cut off again, so
the file is never left damaged or larger; the vectors stay in memory all the same.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import struct
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, Sequence

import numpy as np

from bot.core.search.minilm import DIMENSIONS, WEIGHTS_SHA256
from bot.core.yielding import paced

log = logging.getLogger(__name__)

KEY_BYTES = 16
MAGIC = b"SEGVEC1\n"
MODEL = bytes.fromhex(WEIGHTS_SHA256)[:16]  # which model made the vectors (mean-pooled, normalised)
_HEADER = MAGIC + MODEL
_BLOCK = struct.Struct("<4sII")
_ROW_BYTES = KEY_BYTES + 2 * DIMENSIONS
_UNIT = 0.01  # float16 vectors of unit length are within this of it

VECTORS_WITHOUT_FILE = "segment-bot.vectors"

Embed = Callable[[list[str]], np.ndarray]


class VectorCache:
    """Vectors by the hash of their text; with a path, kept in (and shared through) that file.

    Thread-safe: a reload fills it in a worker thread while questions are answered.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._rows: dict[bytes, int] = {}
        # Unit vectors: float16 is precise enough. Rows from self._used on are room to grow into, so
        # that adding a step's vectors does not copy all the others (doubling, as a list does).
        self._vectors = np.zeros((0, DIMENSIONS), dtype=np.float16)
        self._used = 0
        self._read_to = 0  # how far the file has been read
        self._inode = 0  # the file read: another process that wrote it anew makes a new one
        if path is not None:
            self.refresh()

    @classmethod
    def beside(cls, database: Path | str) -> VectorCache:
        """The cache kept next to the bot's database file; with a PostgreSQL database, which has no
        file, in the current folder (the processes of a sharded bot started in one folder share it)."""
        if isinstance(database, str):  # a postgresql:// URL
            return cls(Path(VECTORS_WITHOUT_FILE))
        return cls(database.with_name(database.name + ".vectors"))

    def folder(self, what: str) -> Path | None:
        """A folder beside the cache file for other work kept between runs, `<file>-<what>`
        (kept_arrays.py); None for a cache without a file, which keeps such work in memory."""
        return None if self.path is None else self.path.with_name(f"{self.path.name}-{what}")

    def __len__(self) -> int:
        return len(self._rows)

    @contextmanager
    def turn(self) -> Iterator[bool]:
        """Whether this process may embed a catalog's texts now: True while it holds the file's
        embedding lock (`<file>.lock`, freed by the system when the process ends, however it ends),
        read up to date; False while another process holds it. Always True without a file."""
        lock = None
        if self.path is not None:
            with contextlib.suppress(OSError):  # a lock that cannot be made: embed, as without a file
                lock = open(self.path.with_name(self.path.name + ".lock"), "ab")
        if lock is None:
            yield True
            return
        with lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                ours = True
            except BlockingIOError:
                ours = False
            except OSError:  # a file system without locks: embed, as without a file
                ours = True
            if ours:
                self.refresh()
            yield ours

    # ---- looking up and adding ---------------------------------------------------------------

    def absent(self, keys: Sequence[bytes], texts: Sequence[str]) -> dict[bytes, str]:
        """Each key (of text_keys) with no vector yet, with its text, each once."""
        with self._lock:
            return {k: t for k, t in paced(zip(keys, texts)) if k not in self._rows}

    def lookup(self, keys: Sequence[bytes], texts: Sequence[str], embed: Embed) -> tuple[np.ndarray, np.ndarray]:
        """An array and, for each text, its row in it, embedding (in one call) the texts not seen
        before and saving them at once (the array is the cache's own, to read, never to write)."""
        missing = self.absent(keys, texts)
        if missing:
            self.add(list(missing), embed(list(missing.values())))
        with self._lock:
            rows = np.fromiter((self._rows[k] for k in paced(keys)), dtype=np.int64, count=len(keys))
            return self._vectors, rows

    def add(self, keys: list[bytes], vectors: np.ndarray) -> None:
        """Keep these vectors, in memory and at the end of the file."""
        vectors = vectors.astype(np.float16)
        with self._lock:
            self._keep(keys, vectors)
        if self.path is not None:
            self._append(keys, vectors)

    def _keep(self, keys: list[bytes], vectors: np.ndarray, room: int = 0) -> None:
        """Add the rows of keys not kept yet; `room`: rows to make space for now (a file being read)."""
        new = [i for i, key in enumerate(keys) if key not in self._rows]
        start = self._used
        self._used += len(new)
        if self._used > len(self._vectors):
            grown = np.zeros((max(2 * len(self._vectors), self._used, start + room), DIMENSIONS), dtype=np.float16)
            grown[:start] = self._vectors[:start]
            self._vectors = grown
        self._vectors[start : self._used] = vectors[new]
        for row, i in enumerate(new, start=start):
            self._rows[keys[i]] = row

    # ---- the file ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read what the file gained since it was last read (other processes' vectors)."""
        assert self.path is not None
        try:
            with open(self.path, "rb") as file:
                fcntl.flock(file, fcntl.LOCK_SH)  # no block is half-written meanwhile
                stat = os.fstat(file.fileno())
                if stat.st_ino != self._inode or stat.st_size < self._read_to:  # written anew: read it whole
                    self._inode, self._read_to = stat.st_ino, 0
                file.seek(self._read_to)
                damage = self._read(file, stat.st_size)
        except FileNotFoundError:
            return
        except OSError as error:
            log.warning("%s: vector cache unreadable (%s); embedding anew", self.path, error.strerror)
            return
        if damage:
            log.warning("%s: vector cache damaged (%s); kept %d vectors, the rest is embedded anew", self.path, damage, len(self))
            self._rewrite()

    def _read(self, file: BinaryIO, size: int) -> str | None:
        """Keep the rows of the file from where it was last read; what is wrong with the rest, if anything.

        Read a block at a time: a large file is never held whole besides its vectors."""
        room = (size - self._read_to) // _ROW_BYTES
        if self._read_to == 0:
            header = file.read(len(_HEADER))
            if header[: len(MAGIC)] != MAGIC:
                return "not a vector cache file" if header else "an empty file"
            if header[len(MAGIC) :] != MODEL:
                return "vectors of another model"
            self._read_to = len(_HEADER)
        while self._read_to < size:
            head = file.read(_BLOCK.size)
            magic, count, crc = _BLOCK.unpack(head) if len(head) == _BLOCK.size else (b"", 0, 0)
            if magic != b"ROWS":
                return "bytes that are no block of vectors" if len(head) == _BLOCK.size else "a block cut short"
            if count * _ROW_BYTES > size - self._read_to - _BLOCK.size:
                return "a block cut short"
            body = file.read(count * _ROW_BYTES)
            if zlib.crc32(body) != crc:
                return "a block whose CRC differs"
            vectors = np.frombuffer(body, dtype="<f2", offset=count * KEY_BYTES).reshape(count, DIMENSIONS)
            norms = np.linalg.norm(vectors.astype(np.float32), axis=1)
            if not (np.isfinite(norms) & (np.abs(norms - 1) < _UNIT)).all():
                return "vectors that are not finite or not of unit length"
            with self._lock:
                self._keep([body[i * KEY_BYTES : (i + 1) * KEY_BYTES] for i in range(count)], vectors, room)
            self._read_to += _BLOCK.size + len(body)
        return None

    def _rewrite(self) -> None:
        """Write the file anew from the vectors in memory (after damage), replacing it in one step."""
        assert self.path is not None
        temporary = self.path.with_name(self.path.name + ".tmp")
        with self._lock:
            keys = list(self._rows)
            vectors = self._vectors[list(self._rows.values())]
        try:
            with open(temporary, "wb", buffering=0) as file:
                _write_all(file, _HEADER + (_block(keys, vectors) if keys else b""))
            os.replace(temporary, self.path)
            stat = os.stat(self.path)
            self._inode, self._read_to = stat.st_ino, stat.st_size
        except OSError as error:
            temporary.unlink(missing_ok=True)  # a full disk must not stay full of our temporary file
            log.warning("%s: cannot write the vector cache anew: %s", self.path, error.strerror)

    def _append(self, keys: list[bytes], vectors: np.ndarray) -> None:
        assert self.path is not None
        try:
            with open(self.path, "ab", buffering=0) as file:
                fcntl.flock(file, fcntl.LOCK_EX)
                size = file.seek(0, os.SEEK_END)
                try:
                    _write_all(file, (_HEADER if size == 0 else b"") + _block(keys, vectors))
                except OSError:
                    file.truncate(size)  # no half block left behind: the file stays good, and no larger
                    raise
                if size in (0, self._read_to):  # nothing appended by others since: no need to read ours back
                    self._inode, self._read_to = os.fstat(file.fileno()).st_ino, file.tell()
        except OSError as error:
            log.warning("%s: cannot save %d vectors (%s); they are kept in memory", self.path, len(keys), error.strerror)


def _write_all(file: BinaryIO, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[file.write(view) or 0 :]


def _block(keys: list[bytes], vectors: np.ndarray) -> bytes:
    body = b"".join(keys) + vectors.astype("<f2").tobytes()
    return _BLOCK.pack(b"ROWS", len(keys), zlib.crc32(body)) + body
