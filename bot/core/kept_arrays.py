"""Work kept between runs as numpy arrays, one `<key>.npz` file per item in a folder beside the
vector cache: the passage sheets of transcripts (search/passage_sheets.py) and what attaching a
transcript gave (transcripts/kept.py).

A file is read without pickle (it can hold arrays of numbers and bytes, never code to run), written
through a temporary file renamed into place (a stop midway leaves the old file or none, never half
of one), and one that cannot be read is treated as absent: each costs time, never an answer.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import Iterable

import numpy as np

# What np.load raises for a file cut short, overwritten or not an .npz at all.
UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    """Every array of the file at `path`, read into memory; one of UNREADABLE when it cannot be
    (FileNotFoundError when there is none)."""
    with np.load(path, allow_pickle=False) as saved:
        return {name: saved[name] for name in saved.files}


def save_arrays(folder: Path, key: str, arrays: dict[str, np.ndarray]) -> None:
    """Write `arrays` as `folder/<key>.npz`, in place of any file of that name; OSError when the
    disk cannot take it (a full disk leaves no temporary file behind)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez(out, **arrays)  # type: ignore[arg-type]
        os.replace(temporary, folder / f"{key}.npz")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def keep_only(folder: Path | None, keys: Iterable[str]) -> None:
    """Remove the files of `folder` whose key is not in `keys`."""
    if folder is None or not folder.is_dir():
        return
    wanted = set(keys)
    for path in folder.glob("*.npz"):
        if path.stem not in wanted:
            path.unlink(missing_ok=True)


def packed(strings: list[str]) -> np.ndarray:
    """Strings (none holding a newline) as one array of UTF-8 bytes."""
    return np.frombuffer("\n".join(strings).encode("utf-8", "surrogatepass"), dtype=np.uint8)


def unpacked(array: np.ndarray) -> list[str]:
    text = array.tobytes().decode("utf-8", "surrogatepass")
    return text.split("\n") if text else []
