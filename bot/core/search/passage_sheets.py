"""The words of one transcript's passages, tokenized once and kept on disk: a sheet per transcript.

Tokenizing what was said is most of the work of indexing it (70 million words in a catalog of 4,000
transcribed episodes), so each transcript's passages are tokenized once into a Sheet (its own
words, their stems, and posting keys numbered by those), saved in a folder beside the vector cache
under the digest of the transcript's content. A restart, or a reload that changed one transcript,
tokenizes only the transcripts it has no sheet for; merge() makes the catalog's passage word index
from the sheets with numpy alone (passages.py).

A sheet keeps no filler words (text.STOPWORDS): matching drops them from every question that has
another word, and in speech they are half of what is said (a stem shared with a word that is not
filler, "discuss" of "discussion", stays). Sheets are numpy arrays and two strings,
never a Python object per passage or per word.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from bot.core.episodes import Episode
from bot.core.kept_arrays import UNREADABLE, keep_only, load_arrays, packed, save_arrays, unpacked
from bot.core.search.arrays import first_of_runs
from bot.core.search.tokens import Vocabulary
from bot.core.text import STOPWORDS, stem
from bot.core.yielding import Pacer

log = logging.getLogger(__name__)
FORMAT = "3"  # part of every digest: a change to how passages are cut or tokenized makes new sheets
TOKENIZE_CHUNK = 256  # passages per tokenizing step (a millisecond or two of string work)
_STOP_STEMS = frozenset(stem(w) for w in STOPWORDS)
_pace = Pacer()


@dataclass(frozen=True, eq=False)
class Sheet:
    """One transcript's passages: where each starts, and the words said in each, as posting keys."""

    starts: np.ndarray  # float32 seconds, one per passage: where its first piece starts
    spans: np.ndarray  # int32 (passages, 2): each passage's first piece and last piece + 1
    cues: np.ndarray  # int32 (passages, 2): the cue of each passage's first piece, and that cue's pieces before it
    words: list[str]  # every word said (folded), and each stem, as the vocabulary enters them...
    word_term: np.ndarray  # int32: ...with the sheet's own term of each
    stems: list[str]  # the stem of each of the sheet's terms
    keys: np.ndarray  # int64 term << 32 | passage << 3 | field code, sorted, one per (term, passage)

    @property
    def passages(self) -> int:
        return len(self.starts)


def digest(episode: Episode) -> str:
    """What a transcript's sheet is filed under: a hash of all it says, when, and by whom."""
    transcript = episode.transcript
    assert transcript is not None
    h = hashlib.blake2b(FORMAT.encode(), digest_size=16)
    h.update(transcript.text.encode("utf-8", "surrogatepass"))
    for part in (transcript.starts, transcript.ends, transcript.speaker_of):
        h.update(part.tobytes())
    h.update("\n".join((*transcript.speakers, episode.title, *episode.people)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def make_sheet(
    texts: list[str], starts: list[float], spans: list[tuple[int, int]], cues: list[tuple[int, int]], name: str, codes: tuple[int, int]
) -> Sheet:  # fmt: skip
    """The sheet of passages `texts` (starting at `starts`, made of pieces `spans`): their words
    indexed with field code `codes[0]`, and the episode's `name` in every passage with `codes[1]`."""
    vocabulary = Vocabulary(_pace)
    own, episode = codes
    parts = [vocabulary.keys(texts[lo : lo + TOKENIZE_CHUNK], lo, own) for lo in range(0, len(texts), TOKENIZE_CHUNK)]
    named = vocabulary.keys([name], 0, episode)
    named &= ~np.int64(0x1FFFFFFF << 3 | 7)  # the name's keys (compound parts too: as building.py), for every passage
    named |= episode
    parts.extend(named | (np.int64(p) << 3) for p in range(len(texts)))
    keys = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    stems = [""] * len(vocabulary.stem_ids)
    for root, term in vocabulary.stem_ids.items():
        stems[term] = root
    # A term is filler when every form of it said is a filler word. (A filler word's stem is in the
    # vocabulary as an alias, which may not have been said: "discuss" for "discussed".)
    filler = np.ones(len(stems), dtype=bool)
    for word, term in vocabulary.word_ids.items():
        if word not in STOPWORDS and (word != stems[term] or word not in _STOP_STEMS):
            filler[term] = False
    keys = keys[~filler[keys >> 32]] if len(keys) else keys
    keys.sort()
    keys = keys[first_of_runs(keys >> 3)]  # a word in a passage once: its best field (lowest code)
    words = list(vocabulary.word_ids)
    return Sheet(
        starts=np.array(starts, dtype=np.float32), spans=np.array(spans, dtype=np.int32).reshape(-1, 2),
        cues=np.array(cues, dtype=np.int32).reshape(-1, 2),
        words=words, word_term=np.fromiter(vocabulary.word_ids.values(), dtype=np.int32, count=len(words)),
        stems=stems, keys=keys,
    )  # fmt: skip


class SheetStore:
    """Sheets by digest, in `folder` (None: kept in this process only). Counts what it made and read."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._held: dict[str, Sheet] = {}
        self.made = 0  # sheets tokenized from a transcript
        self.read = 0  # sheets read from the folder

    def has(self, key: str) -> bool:
        return key in self._held or (self.folder is not None and (self.folder / f"{key}.npz").is_file())

    def get(self, key: str) -> Sheet | None:
        if key in self._held:
            return self._held[key]
        if self.folder is None:
            return None
        path = self.folder / f"{key}.npz"
        try:
            saved = load_arrays(path)
            sheet = Sheet(
                starts=saved["starts"], spans=saved["spans"], cues=saved["cues"], words=unpacked(saved["words"]), word_term=saved["word_term"],
                stems=unpacked(saved["stems"]), keys=saved["keys"],
            )  # fmt: skip
        except FileNotFoundError:
            return None
        except UNREADABLE as error:  # a damaged file: made again
            log.warning("passage sheet %s cannot be read (%s); the transcript is indexed again", path, error)
            return None
        self.read += 1
        return sheet

    def keys_of(self, key: str) -> np.ndarray | None:
        """Just the posting keys of a sheet (a second read of it, while an index is merged)."""
        if key in self._held:
            return self._held[key].keys
        if self.folder is None:
            return None
        try:
            with np.load(self.folder / f"{key}.npz", allow_pickle=False) as saved:  # the other arrays are not read
                return saved["keys"]
        except UNREADABLE:
            return None

    def put(self, key: str, sheet: Sheet) -> None:
        self.made += 1
        if self.folder is None:
            self._held[key] = sheet
            return
        try:
            save_arrays(self.folder, key, dict(
                starts=sheet.starts, spans=sheet.spans, cues=sheet.cues, words=packed(sheet.words), word_term=sheet.word_term,
                stems=packed(sheet.stems), keys=sheet.keys,
            ))  # fmt: skip
        except OSError as error:  # a full or read-only disk costs the next start time, never answers
            log.warning("passage sheet cannot be saved in %s (%s); kept in memory", self.folder, error)
            self._held[key] = sheet

    def keep_only(self, keys: Sequence[str]) -> None:
        """Forget the sheets of transcripts no longer in the catalog."""
        wanted = set(keys)
        for key in [k for k in self._held if k not in wanted]:
            del self._held[key]
        keep_only(self.folder, wanted)

