"""An episode's transcript, read from the file beside its episode file and attached to it, with
chapters found in it where the episode published none (topics.py) and a summary drawn from it for
each chapter that has none written (summaries.py).

A transcript is read again only when its file changed (its size, time or inode) or its episode did
(the times are checked against the episode's length); otherwise the very Episode the last load
gave is given back, so a reload of thousands of transcribed episodes reads none of them again and
the old and new catalogs share them. A transcript that cannot be used costs only itself: the
episode serves without it, and the problem is noted.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from bot.core.episodes.model import Episode
from bot.core.episodes.problems import InvalidData, Problem
from bot.core.transcripts.naming import TRANSCRIPT_EXTENSIONS
from bot.core.transcripts.reader import read_transcript_file
from bot.core.transcripts.summaries import with_drawn_summaries
from bot.core.transcripts.topics import with_found_chapters

# Where an episode has several, the one read: the forms that say who speaks and when each cue ends first.
PREFERENCE = (".vtt", ".json", ".srt", ".html", ".txt")
assert sorted(PREFERENCE) == sorted(TRANSCRIPT_EXTENSIONS)

_Signature = tuple[int, int, int, int]
SERVES_WITHOUT = "serves without a transcript"  # ends the note of a transcript that cannot be used


class TranscriptFiles:
    """The transcripts of the last load, by file, for the next load to reuse."""

    def __init__(self) -> None:
        self._known: dict[Path, tuple[_Signature, Episode, Episode | InvalidData]] = {}
        self._seen: dict[Path, tuple[_Signature, Episode, Episode | InvalidData]] = {}

    def attach(self, episode: Episode, path: Path, notes: list[Problem]) -> Episode:
        """`episode` with the transcript in `path`, or as it is when the transcript cannot be used
        (the problem goes to `notes`, with every repair the reader made)."""
        try:
            status = os.stat(path)
            signature = (status.st_mtime_ns, status.st_size, status.st_ino, status.st_dev)
        except OSError:
            signature = (0, 0, 0, 0)  # read_transcript_file says why
        known = self._known.get(path)
        if known is not None and known[0] == signature and known[1] is episode:
            result = known[2]
        else:
            try:
                transcript = read_transcript_file(path, duration=episode.duration)
                chaptered = with_found_chapters(episode, transcript)  # where none were published
                result = replace(with_drawn_summaries(chaptered, transcript), transcript=transcript)
            except InvalidData as error:
                result = error
        self._seen[path] = (signature, episode, result)
        if isinstance(result, InvalidData):
            notes.extend(Problem(p.path, p.line, f"{p.message}; {episode.id} {SERVES_WITHOUT}") for p in result.problems)
            return episode
        assert result.transcript is not None
        notes.extend(result.transcript.warnings)
        return result

    def loaded(self) -> None:
        """The load is over: keep what it read for the next one, and nothing it did not read."""
        self._known, self._seen = self._seen, {}


def refused(notes: list[Problem]) -> list[Problem]:
    """The notes of transcripts not used at all (the rest are repairs made while reading them)."""
    return [note for note in notes if note.message.endswith(SERVES_WITHOUT)]
