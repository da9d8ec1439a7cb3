"""Reading a notes file from disk: one clear message for anything that is not text notes.

Decoding: a byte-order mark says UTF-8, UTF-16 or UTF-32; otherwise UTF-8 is tried, then
charset-normalizer finds the encodings the bytes fit best (Windows-1252 among equals). Binary files (NUL
bytes, PDFs, images), empty files and files over MAX_BYTES are refused with a message naming the
file, so one bad file in `ingest a b c` costs only itself.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import CharsetMatch, from_bytes

from bot.core.episodes.files import FileRefused, read_regular_file

_WESTERN = ("cp1252", "latin_1", "iso8859_15")
MAX_BYTES = 5_000_000  # show notes are kilobytes; a bigger file is something else (or a mistake)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIGNATURES = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or a Word or OpenDocument file)",
    b"ID3": "an MP3 file",
    b"\x7fELF": "a program",
}


class NotesFileError(Exception):
    """A notes file that cannot be read as text; the message names the file and what is wrong."""


def read_notes_file(path: Path) -> str:
    if path.is_dir():
        raise NotesFileError(f"{path}: is a directory, not a notes file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            limit = f"at most {MAX_BYTES / 1e6:.0f} MB"
            raise NotesFileError(f"{path}: {size / 1e6:.1f} MB is too big for show notes ({limit})")
        data = read_regular_file(path, MAX_BYTES)  # a FIFO or a device is refused, never read
    except FileNotFoundError:
        raise NotesFileError(f"{path}: no such file") from None
    except OSError as error:
        raise NotesFileError(f"{path}: cannot read file: {error.strerror or error}") from None
    except FileRefused as error:
        raise NotesFileError(f"{path}: {error}") from None
    return decode_notes(data, path)


def decode_notes(data: bytes, path: Path) -> str:
    """The text of a notes file, newlines made "\\n"; NotesFileError when it is not text."""
    if not data.strip():
        raise NotesFileError(f"{path}: is empty")
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            raise NotesFileError(f"{path}: is {kind}, not text show notes")
    text = _decode(data, path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: Path) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).removeprefix("\ufeff")
            except UnicodeDecodeError:
                why = f"starts with a {encoding} byte-order mark but is not {encoding}"
                raise NotesFileError(f"{path}: {why}") from None
    if b"\x00" in data:
        raise NotesFileError(f"{path}: holds NUL bytes: a binary file, or UTF-16 without a byte-order mark")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        raise NotesFileError(f"{path}: is neither UTF-8 text nor text in an encoding that can be recognised")
    # Short notes fit several code pages equally well; among the equally good, Windows-1252 (a
    # superset of Latin-1) is what Western notes saved by older editors are written in.
    def fit(match: CharsetMatch) -> tuple[float, float]:
        return match.percent_chaos, -match.percent_coherence

    best = min(matches, key=fit)
    return str(next((m for m in matches if fit(m) == fit(best) and m.encoding in _WESTERN), best))
