"""A transcript given for an episode (by ingest, a moderator's upload, later a feed), checked and
kept beside its episode file: `<episode file's stem>.transcript.<ext>`."""

from __future__ import annotations

from pathlib import Path

from bot.core.episodes.files import FileRefused, read_regular_file, write_atomically
from bot.core.episodes.model import Episode
from bot.core.transcripts.forms import named, webvtt
from bot.core.transcripts.model import Notes, Transcript
from bot.core.transcripts.naming import TRANSCRIPT_EXTENSIONS, transcript_name
from bot.core.transcripts.reader import MAX_TRANSCRIPT_BYTES, decoded_text, read_transcript


def stored_transcript(data: bytes, source: Path, stem: str, duration: float) -> tuple[Transcript, str, str]:
    """(the transcript, its file name in the data folder, the text to write there); InvalidData when
    the bytes are no transcript or hold nothing within the episode's `duration`.

    The text is the file's own, as UTF-8 with `\\n` line ends; a form without a file name of its own
    in the data folder is written as WebVTT. Repairs are not written into it: the next read makes them
    again, and says so."""
    transcript = read_transcript(data, source, duration=duration)
    extension = named(transcript.form).EXTENSION
    if extension is None:
        return transcript, transcript_name(stem, ".vtt"), webvtt.write(transcript)
    ignored: Notes = []
    return transcript, transcript_name(stem, extension), decoded_text(data, source, ignored)


def save_transcript(data: bytes, source: Path, episode: Episode, episode_file: Path) -> tuple[Transcript, Path]:
    """Check the transcript against `episode` and write it beside its `episode_file`, in place of any
    transcript it had (in any form): (the transcript, the file written). InvalidData when the bytes
    cannot be used, OSError when the file cannot be written; either way nothing changed."""
    transcript, name, text = stored_transcript(data, source, episode_file.stem, episode.duration)
    keep_beside(episode_file, name, text)
    return transcript, episode_file.with_name(name)


def keep_beside(episode_file: Path, name: str, text: str) -> bool:
    """Make `name` beside `episode_file` hold `text`, the one transcript of that episode; whether any
    file changed. A file that already holds the text is not written again (nor read again on reload)."""
    target = episode_file.with_name(name)
    changed = False
    if target.is_symlink() or not _holds(target, text):
        write_atomically(target, text)  # replaces a name in the folder: never follows a link there
        changed = True
    for extension in TRANSCRIPT_EXTENSIONS:
        other = episode_file.with_name(transcript_name(episode_file.stem, extension))
        if other != target and (other.exists() or other.is_symlink()):
            other.unlink()  # one transcript an episode: the one just given
            changed = True
    return changed


def _holds(path: Path, text: str) -> bool:
    try:
        return read_regular_file(path, MAX_TRANSCRIPT_BYTES) == text.encode("utf-8")
    except (OSError, FileRefused):
        return False
