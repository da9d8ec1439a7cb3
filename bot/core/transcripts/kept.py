"""What attaching a transcript gave, kept on disk, so a restarted bot reads no unchanged transcript
file again, nor finds its chapters or draws its summaries again.

Reading 4,000 transcripts takes a quarter of a minute, finding chapters for those without a list
minutes more; a kept result is read back in a few milliseconds. It is one `<key>.npz` per
transcript in `<vector cache>-transcripts/`, beside the passage sheets (kept_arrays.py): the packed
Transcript (its arrays and text) and, as JSON, its form, speakers, repairs, and the episode's
chapters as attaching left them. The key is a hash of everything the result depends on: the
transcript file (its path, size, modification and change times, inode), the episode file (the
digest of its bytes, which the load has made anyway), and the code (a new version of the bot reads
every transcript once again). A file that cannot be read is read around (the transcript file is
read again, and a log line says so); a disk that cannot take one costs the next start that transcript's
reading, never an answer.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from array import array
from dataclasses import fields, replace
from functools import cache
from pathlib import Path
from typing import Iterable

import numpy as np

from bot.core import text as text_module
from bot.core.episodes import model as model_module
from bot.core.episodes.model import Chapter, Episode
from bot.core.episodes.problems import Problem
from bot.core.kept_arrays import UNREADABLE, keep_only, load_arrays, save_arrays
from bot.core.transcripts.model import Transcript

log = logging.getLogger(__name__)
FORMAT = "1"  # part of every key: a change to what is kept makes new files
_ARRAYS = ("starts", "ends", "speaker_of", "bounds")  # one after the other, bounds one longer
_CHAPTER_FIELDS = tuple(field.name for field in fields(Chapter))  # JSON gives lists back for its tuples


@cache
def _code() -> bytes:
    """A digest of the code whose output is kept: this package's modules, the words they use, and
    the episode model (a new field of a chapter is kept from then on)."""
    h = hashlib.blake2b(FORMAT.encode(), digest_size=16)
    package = Path(__file__).parent
    for source in sorted([*package.rglob("*.py"), Path(text_module.__file__), Path(model_module.__file__)]):
        try:
            h.update(source.read_bytes())
        except OSError:  # installed without sources: FORMAT alone says which results are kept
            pass
    return h.digest()


class KeptTranscripts:
    """Attached episodes by key in `folder` (None: nothing kept)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._failed_writing = False  # said once: a read-only disk would say it for every transcript

    def key(self, source: bytes, path: Path, status: os.stat_result | None) -> str | None:
        """What the result of attaching the transcript at `path` to the episode whose file's digest
        is `source` is filed under; None when nothing is kept (no folder, or a file that cannot be
        looked at)."""
        if self.folder is None or status is None:
            return None
        h = hashlib.blake2b(_code(), digest_size=16)
        h.update(source)
        h.update(repr((os.fsencode(path), status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)).encode())
        return h.hexdigest()

    def get(self, key: str, episode: Episode, path: Path) -> Episode | None:
        """`episode` as attaching the transcript at `path` gave it, when a result is kept under `key`."""
        assert self.folder is not None
        file = self.folder / f"{key}.npz"
        try:
            saved = load_arrays(file)
            attached = _restored(saved, episode, path)
        except FileNotFoundError:
            return None
        except (*UNREADABLE, TypeError, IndexError) as error:
            log.warning("kept transcript %s cannot be read (%s); %s is read again", file, error, path)
            return None
        return attached

    def put(self, key: str, episode: Episode, attached: Episode) -> None:
        """Keep `attached`, what attaching a transcript to `episode` gave, under `key`."""
        assert self.folder is not None and attached.transcript is not None
        transcript = attached.transcript
        meta = {
            "form": transcript.form, "speakers": list(transcript.speakers),
            "warnings": [[problem.line, problem.message] for problem in transcript.warnings],
            "found": attached.replaced_chapters != episode.replaced_chapters,  # chapters found in the transcript
            "chapters": [[getattr(chapter, name) for name in _CHAPTER_FIELDS] for chapter in attached.chapters],
        }  # fmt: skip
        # Two arrays, as few as can be: each costs a read of its own (a few hundred microseconds).
        numbers = np.concatenate([np.frombuffer(getattr(transcript, name), dtype=np.intc) for name in _ARRAYS])
        said = (json.dumps(meta) + "\n" + transcript.text).encode("utf-8", "surrogatepass")  # JSON holds no raw newline
        arrays = {"numbers": numbers, "said": np.frombuffer(said, dtype=np.uint8)}
        try:
            save_arrays(self.folder, key, arrays)
        except OSError as error:  # a full or read-only disk: the next start reads the transcript again
            if not self._failed_writing:
                log.warning("transcripts cannot be kept in %s (%s); a restart reads them again", self.folder, error)
                self._failed_writing = True

    def keep_only(self, keys: Iterable[str]) -> None:
        """Remove the results of transcripts (or versions of them) the last load did not use."""
        try:
            keep_only(self.folder, keys)
        except OSError as error:
            log.warning("old kept transcripts cannot be removed from %s (%s)", self.folder, error)


def _restored(saved: dict[str, np.ndarray], episode: Episode, path: Path) -> Episode:
    """The attached episode the arrays of a kept file hold; ValueError (or KeyError, TypeError,
    IndexError) where they do not fit together, as in a damaged file."""
    head, _, text = saved["said"].tobytes().decode("utf-8", "surrogatepass").partition("\n")
    meta = json.loads(head)
    numbers = saved["numbers"].astype(np.intc)
    cues, speakers = (len(numbers) - 1) // 4, tuple(meta["speakers"])
    parts = {name: array("i", numbers[k * cues : (k + 1) * cues + (name == "bounds")].tobytes()) for k, name in enumerate(_ARRAYS)}
    who = numbers[2 * cues : 3 * cues]
    if len(numbers) % 4 != 1 or parts["bounds"][-1] != len(text) or cues and not (-1 <= who.min() and who.max() < len(speakers)):
        raise ValueError("its arrays do not fit together")
    warnings = tuple(Problem(path, line, message) for line, message in meta["warnings"])
    transcript = Transcript(form=meta["form"], speakers=speakers, text=text, warnings=warnings, **parts)
    chapters = tuple(Chapter(*(tuple(value) if isinstance(value, list) else value for value in row)) for row in meta["chapters"])
    replaced = episode.chapters if meta["found"] else episode.replaced_chapters
    return replace(episode, chapters=chapters, replaced_chapters=replaced, transcript=transcript)
