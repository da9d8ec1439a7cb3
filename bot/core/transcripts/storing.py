"""A transcript given for an episode (by ingest, and later a feed or an upload), checked and made
ready to keep beside its episode file: `<episode id>.transcript.<ext>`."""

from __future__ import annotations

from pathlib import Path

from bot.core.transcripts.forms import named, webvtt
from bot.core.transcripts.model import Notes, Transcript
from bot.core.transcripts.naming import transcript_name
from bot.core.transcripts.reader import decoded_text, read_transcript


def stored_transcript(data: bytes, source: Path, episode_id: str, duration: float) -> tuple[Transcript, str, str]:
    """(the transcript, its file name in the data folder, the text to write there); InvalidData when
    the bytes are no transcript or hold nothing within the episode's `duration`.

    The text is the file's own, as UTF-8 with `\\n` line ends; a form without a file name of its own
    in the data folder is written as WebVTT. Repairs are not written into it: the next read makes them
    again, and says so."""
    transcript = read_transcript(data, source, duration=duration)
    extension = named(transcript.form).EXTENSION
    if extension is None:
        return transcript, transcript_name(episode_id, ".vtt"), webvtt.write(transcript)
    ignored: Notes = []
    return transcript, transcript_name(episode_id, extension), decoded_text(data, source, ignored)
