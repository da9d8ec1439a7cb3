"""An episode's transcript, read from the file beside its episode file and attached to it, with
chapters found in it where the episode published none (topics.py) and a summary drawn from it for
each chapter that has none written (summaries.py).

A transcript is read again only when its file changed (its size, time or inode) or its episode did
(the times are checked against the episode's length); otherwise the very Episode the last load
gave is given back, so a reload of thousands of transcribed episodes reads none of them again and
the old and new catalogs share them. A restarted bot reads back what the last process made of an
unchanged transcript (kept.py), so it reads none of those files again either. A transcript that
cannot be used costs only itself: the episode serves without it, and the problem is noted.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from bot.core.episodes.model import Episode
from bot.core.episodes.problems import InvalidData, Problem
from bot.core.transcripts.kept import KeptTranscripts
from bot.core.transcripts.naming import TRANSCRIPT_EXTENSIONS
from bot.core.transcripts.reader import read_transcript_file
from bot.core.transcripts.summaries import with_drawn_summaries
from bot.core.transcripts.topics import with_found_chapters

# Where an episode has several, the one read: the forms that say who speaks and when each cue ends first.
PREFERENCE = (".vtt", ".json", ".srt", ".html", ".txt")
assert sorted(PREFERENCE) == sorted(TRANSCRIPT_EXTENSIONS)

_Signature = tuple[int, int, int, int]
_Known = tuple[_Signature, Episode, "Episode | InvalidData", "str | None"]  # and the key of the result kept on disk
SERVES_WITHOUT = "serves without a transcript"  # ends the note of a transcript that cannot be used


class TranscriptFiles:
    """The transcripts of the last load, by file, for the next load to reuse; with a `folder`, also
    kept there for the next process (kept.py)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.kept = KeptTranscripts(folder)
        self._known: dict[Path, _Known] = {}
        self._seen: dict[Path, _Known] = {}

    def attach(self, episode: Episode, source: bytes, path: Path, notes: list[Problem]) -> Episode:
        """`episode` (whose file's bytes have the digest `source`) with the transcript in `path`, or
        as it is when the transcript cannot be used (the problem goes to `notes`, with every repair
        the reader made)."""
        status: os.stat_result | None
        try:
            status = os.stat(path)
            signature = (status.st_mtime_ns, status.st_size, status.st_ino, status.st_dev)
        except OSError:
            status, signature = None, (0, 0, 0, 0)  # read_transcript_file says why
        known = self._known.get(path)
        if known is not None and known[0] == signature and known[1] is episode:
            result, key = known[2], known[3]
        else:
            key = self.kept.key(source, path, status)
            result = self.kept.get(key, episode, path) if key is not None else None
            if result is None:
                result = _attached(episode, path)
                if key is not None and not isinstance(result, InvalidData):
                    self.kept.put(key, episode, result)
        self._seen[path] = (signature, episode, result, key)
        if isinstance(result, InvalidData):
            notes.extend(Problem(p.path, p.line, f"{p.message}; {episode.id} {SERVES_WITHOUT}") for p in result.problems)
            return episode
        assert result.transcript is not None
        notes.extend(result.transcript.warnings)
        return result

    def loaded(self) -> None:
        """The load is over: keep what it read for the next one, and nothing it did not read."""
        self.kept.keep_only(known[3] for known in self._seen.values() if known[3] is not None)
        self._known, self._seen = self._seen, {}


def _attached(episode: Episode, path: Path) -> Episode | InvalidData:
    """`episode` with the transcript read from `path`, its chapters found (where none were
    published) and summaries drawn; or why the transcript cannot be used."""
    try:
        transcript = read_transcript_file(path, duration=episode.duration)
        chaptered = with_found_chapters(episode, transcript)  # where none were published
        return replace(with_drawn_summaries(chaptered, transcript), transcript=transcript)
    except InvalidData as error:
        return error


def refused(notes: list[Problem]) -> list[Problem]:
    """The notes of transcripts not used at all (the rest are repairs made while reading them)."""
    return [note for note in notes if note.message.endswith(SERVES_WITHOUT)]
