"""Reading one transcript file: its bytes, its form, its cues repaired, packed for the catalog.

Whatever a file holds, the answer is a Transcript (with warnings naming lines) or InvalidData
naming the file and what is wrong; nothing else is raised, and no input takes more than time and
memory in proportion to its size, which is capped.
"""

from __future__ import annotations

from pathlib import Path

from bot.core.episodes.files import FileRefused, read_regular_file
from bot.core.episodes.problems import InvalidData, Problem
from bot.core.transcripts.forms import detect
from bot.core.transcripts.model import Notes, Transcript, Unreadable
from bot.core.transcripts.repair import repair

# A three-hour episode's WebVTT is about 300 kB; YouTube's json3 with a timing for every word ten
# times that. The cap keeps a stray file (or a link to /dev/zero) out of memory all the same.
MAX_TRANSCRIPT_BYTES = 20_000_000
NOT_A_TRANSCRIPT = (
    "not a transcript: no timed text in a form read here (WebVTT, SubRip, Podcasting 2.0 JSON or HTML, "
    "YouTube json3 or XML captions, text with times like [00:01:02])"
)


def read_transcript_file(path: Path, *, duration: float | None = None) -> Transcript:
    """The transcript in `path` (cues after `duration` seconds left out), or InvalidData."""
    try:
        data = read_regular_file(path, MAX_TRANSCRIPT_BYTES)
    except OSError as error:
        raise InvalidData([Problem(path, None, f"cannot read file: {error.strerror or error}")]) from None
    except FileRefused as error:
        raise InvalidData([Problem(path, None, str(error))]) from None
    return read_transcript(data, path, duration=duration)


def read_transcript(data: bytes, path: Path, *, duration: float | None = None) -> Transcript:
    """The transcript these bytes hold (`path` names it in problems), or InvalidData."""
    notes: Notes = []
    text = decoded_text(data, path, notes)
    form = detect(text)
    if form is None:
        episode_file = text.lstrip()[:1] == "{" and '"chapters"' in text
        raise InvalidData([Problem(path, None, "an episode file, not a transcript" if episode_file else NOT_A_TRANSCRIPT)])
    try:
        cues = form.read(text, notes)
    except Unreadable as error:
        raise InvalidData([Problem(path, error.line, error.message)]) from None
    cues = repair(cues, notes, ends_given=form.ENDS_GIVEN, duration=duration)
    if not cues:
        within = " within the episode's length" if duration is not None else ""
        raise InvalidData([Problem(path, None, f"read as {form.NAME}, but no cue with words is left{within}")])
    return Transcript.of(form.NAME, cues, tuple(Problem(path, line, message) for line, message in notes))


def decoded_text(data: bytes, path: Path, notes: Notes) -> str:
    """The text of the bytes: UTF-8 (or UTF-16 with its mark), else Windows-1252 with a note."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16", errors="replace")
    elif b"\0" in data[:8192]:
        raise InvalidData([Problem(path, None, "a binary file, not a transcript (a transcript is text)")])
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            notes.append((line, "not UTF-8 from this line on; the file is read as Windows-1252"))
            text = data.decode("cp1252", errors="replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
