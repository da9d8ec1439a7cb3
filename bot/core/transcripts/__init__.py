"""Transcripts: what was said in an episode, read from every published form, and which file beside
an episode file is its transcript.

model (Cue, Transcript) <- forms/ (one module per form) <- repair (the one check of the cues) <-
reader (a file to a Transcript); naming.py says which files are transcripts; topics.py finds
chapters in a transcript, summaries.py draws chapter summaries from one, attach.py does both. Outside this package,
import from here.
"""

from bot.core.transcripts.model import Cue, Transcript
from bot.core.transcripts.naming import TRANSCRIPT_EXTENSIONS, is_transcript_name, transcript_stem
from bot.core.transcripts.reader import MAX_TRANSCRIPT_BYTES, read_transcript, read_transcript_file
from bot.core.transcripts.topics import AUTOMATIC_CHAPTER, AUTOMATIC_CHAPTERS_NOTE

__all__ = [
    "AUTOMATIC_CHAPTER", "AUTOMATIC_CHAPTERS_NOTE", "MAX_TRANSCRIPT_BYTES", "TRANSCRIPT_EXTENSIONS", "Cue", "Transcript", "is_transcript_name",
    "read_transcript", "read_transcript_file", "transcript_stem",
]  # fmt: skip
