"""What was said: the passages of every transcript, searched by their words, and the moment they answer at.

A transcript's cues are cut into pieces (a long cue, such as a two-minute speaker turn, into pieces
of about PIECE_WORDS words, their times shared out by length), and the pieces into passages of
about PASSAGE_SECONDS, each starting half a passage after the one before, so words said across
one passage's end are together in the next. The passages are indexed by a word index like the
chapters' (passage_words.py, merged from each transcript's sheet of words, passage_sheets.py), so a
question's words match them the same way: stems, prefixes, typing mistakes, rare words deciding.

The best passage answers when it covers enough of the question with enough of its words
(CONFIDENT, HITS). Its moment is the piece within it where the question's words are most
together; playback starts LEAD seconds before that piece, and the quote is what is said from
the start of its sentence, at most QUOTE_CHARS, cut at a sentence's end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator, NamedTuple, Sequence

import numpy as np

from bot.core.episodes import Episode
from bot.core.search.arrays import unique
from bot.core.search.building import EPISODE, TITLE
from bot.core.search.matching import Question, read_question
from bot.core.search.passage_sheets import Sheet, SheetStore, digest, make_sheet
from bot.core.search.passage_words import merge
from bot.core.search.scoring import SUGGEST, Active, Scratch, score, values_at
from bot.core.search.scoring import Found as Scored
from bot.core.search.tokens import fast_words
from bot.core.text import stem
from bot.core.transcripts import Transcript

PIECE_WORDS = 40  # a cue longer than this is cut into pieces about this long
PASSAGE_SECONDS = 40  # a passage's length; the next starts half of it later
MOMENT_SECONDS = 12  # the question's words are looked for together within this much of a piece...
NEAR_WORDS = 0.5  # ...where they count for this much of what the piece's own words count
LEAD = 3  # seconds of playback before the words
QUOTE_CHARS = 300
CONFIDENT = 0.6  # the share of the question the best passage covers to answer it...
HITS = 2  # ...with at least this many of the question's words (a one-word question: that word)
RELATED = 0.5  # the share a passage of another moment covers to be shown as related
POOL = 40  # the best passages by coverage that are ranked further
# A word in more passages than this many (or this share of them) is common: see PassageIndex._score.
COMMON_POSTINGS, COMMON_SHARE = 20_000, 0.02
_SENTENCE_END = re.compile(r"(?<=[.?!…])[\"”’)]*\s+")


class Piece(NamedTuple):
    start: float  # seconds
    text: str
    speaker: str
    cue: int = -1  # the transcript's cue it is (a part of)


@dataclass(frozen=True, slots=True)
class Moment:
    """Where in an episode a question is answered: play from `start`, hear `quote` (said by `speaker`)."""

    start: int  # seconds: a few before the words
    said: float  # seconds: when the words begin
    quote: str
    speaker: str = ""


class Found(NamedTuple):
    episode: int  # the episode's position in the list PassageIndex was built from
    passage: int  # within the index
    score: float  # the share of the question covered, 0..1
    confident: bool


def pieces_of(episode: Episode) -> list[Piece]:
    """The transcript's cues, long ones cut at sentences (or words) into pieces of about PIECE_WORDS."""
    transcript = episode.transcript
    return [] if transcript is None else list(pieces_from(transcript, 0))


def pieces_from(transcript: Transcript, cue: int) -> Iterator[Piece]:
    """The pieces of the transcript's cues from `cue` on (read from its arrays, not as Cue objects:
    an answer cuts only the few it quotes)."""
    whole, bounds, speakers, who = transcript.text, transcript.bounds, transcript.speakers, transcript.speaker_of
    for i in range(cue, len(transcript)):
        text = whole[bounds[i] : bounds[i + 1] - 1]
        speaker = speakers[who[i]] if who[i] >= 0 else ""
        start, end = transcript.starts[i] / 1000, transcript.ends[i] / 1000
        if len(text.split()) <= PIECE_WORDS * 3 // 2:
            yield Piece(start, text, speaker, i)
            continue
        chunks: list[str] = []
        for sentence in _SENTENCE_END.split(text):
            said = sentence.split()
            while said:
                if chunks and len(chunks[-1].split()) + len(said) <= PIECE_WORDS:
                    chunks[-1] += " " + " ".join(said[:PIECE_WORDS])
                else:
                    chunks.append(" ".join(said[:PIECE_WORDS]))
                said = said[PIECE_WORDS:]
        length, done = max(len(text), 1), 0
        for chunk in chunks:
            yield Piece(start + (end - start) * done / length, chunk, speaker, i)
            done += len(chunk) + 1


class PassageIndex:
    """The passages of the transcribed episodes among `episodes` (immutable once built).

    Lean at catalog scale: the word index over the passages (passage_words.py) and a float32 start
    and an int32 span per passage; a passage's pieces are cut again from its episode's transcript
    when an answer needs them (a few milliseconds for one episode). Each transcript's words are
    tokenized once and kept in `sheets` (passage_sheets.py): an unchanged transcript is not read again.
    `limit`: when more than this many transcripts have no sheet yet, index only those that have one
    (`missing` counts the others: fill_sheets() makes theirs in the background, and a new index
    then has them all).
    """

    def __init__(self, episodes: Sequence[Episode], sheets: SheetStore | None = None, *, limit: int | None = None) -> None:
        sheets = sheets if sheets is not None else SheetStore()
        transcribed = _transcribed(episodes)
        keys = [digest(episodes[e]) for e in transcribed]
        missing = sum(1 for k in keys if not sheets.has(k)) if limit is not None else 0
        only_stored = limit is not None and missing > limit
        self.missing = missing if only_stored else 0
        made = sheets.made
        self.rows: list[int] = []

        used: list[str] = []

        def read() -> Iterator[Sheet]:  # one sheet at a time: merge() keeps none of them
            for e, key in zip(transcribed, keys):
                sheet = sheets.get(key)
                if sheet is None and not only_stored:
                    sheet = sheet_of(episodes[e])
                    sheets.put(key, sheet)
                if sheet is not None:
                    self.rows.append(e)
                    used.append(key)
                    yield sheet

        def keys_again(row: int) -> np.ndarray:  # (made again, should another process have pruned it meanwhile)
            found = sheets.keys_of(used[row])
            return found if found is not None else sheet_of(episodes[self.rows[row]]).keys

        self.words, self.starts, self.spans, self.cues = merge(read(), keys_again)
        self.made = sheets.made - made  # transcripts tokenized for this index (none when all had sheets)
        if self.made and not only_stored:
            # Transcripts changed here: the sheets of those changed or gone are not kept. (A process
            # that only serves a stored catalog, which has no transcripts, never prunes the folder
            # that processes sharing it fill.)
            sheets.keep_only(keys)
        self.episodes = episodes
        self.row_of = {e: r for r, e in enumerate(self.rows)}
        self._scratch = Scratch(self.words.size)

    def __len__(self) -> int:
        return self.words.size

    def search(self, query: str, episode: int | None = None) -> tuple[Question, list[Found]]:
        """The question as read, and the passages that cover it best (in `episode` only, if given), best first."""
        words = self.words
        question = read_question(words, query, partial=False)
        if not question.terms or not words.size:
            return question, []
        if episode is None:
            stretch = (0, words.size)
        elif episode in self.row_of:
            row = self.row_of[episode]
            stretch = (int(words.episode_start[row]), int(words.episode_start[row + 1]))
        else:
            return question, []
        found = self._score(question, stretch)
        if not len(found.chapters):
            return question, []
        top = np.argsort(-found.scores, kind="stable")[:POOL]
        passages, scores = found.chapters[top], found.scores[top]
        hits = np.sum([values_at(a, passages, self._scratch) > 0 for a in found.active], axis=0)
        needed = min(HITS, len(found.active))
        rows = words.chapter_episode[passages]
        return question, [
            Found(self.rows[int(r)], int(p), float(s), bool(s >= CONFIDENT and h >= needed))
            for p, s, h, r in zip(passages.tolist(), scores.tolist(), np.atleast_1d(hits).tolist(), rows.tolist())
        ]

    def _score(self, question: Question, stretch: tuple[int, int]) -> Scored:
        """score() over the passages, with bounded work for very common words: when those weigh less
        than RELATED of the question, a passage without any other word of it can neither answer nor
        be shown, so the candidates are the passages of the other words alone, and the common
        words' values are looked up for those (a binary search each) rather than their lists walked."""
        terms = question.terms
        if stretch != (0, self.words.size):  # one episode: its stretch of each list is short
            return score(self.words, terms, stretch, self._scratch, keep=POOL)
        cap = max(COMMON_POSTINGS, int(COMMON_SHARE * self.words.size))
        common = [sum(len(c) for c, _ in t.postings) > cap for t in terms]
        total = sum(t.weight for t in terms)
        rare = [t for t, c in zip(terms, common) if not c and t.postings]
        if not any(common) or not rare or sum(t.weight for t, c in zip(terms, common) if c) >= RELATED * total:
            return score(self.words, terms, stretch, self._scratch, keep=POOL)
        candidates = unique(np.concatenate([c for t in rare for c, _ in t.postings]))
        active = [Active(np.float32(t.weight), t.postings, sum(len(c) for c, _ in t.postings), np.float32(t.weight * t.top), t)
                  for t in terms if t.postings]  # fmt: skip
        values = np.zeros(len(candidates), dtype=np.float32)
        for a in active:
            values += a.weight * values_at(a, candidates, self._scratch)
        keep = values >= np.float32(SUGGEST * total * (1 - 1e-5))
        return Scored(candidates[keep], values[keep] / np.float32(total), active, total)

    def moment(self, found: Found, question: Question) -> Moment:
        """Where in its passage the question's words are most together, and what is said there."""
        pieces, first, last = self._pieces(found)
        wanted = [(t.weight, t.matched) for t in question.terms]
        said = [{self._term(w) for w in fast_words(p.text)} for p in pieces[first:last]]

        def value(terms: set[int]) -> float:
            return sum(max((sim for t, sim in options if t in terms), default=0.0) * weight for weight, options in wanted)

        # The piece's own words count most; those said just after it break ties between pieces.
        best, best_value = first, -1.0
        for i in range(first, last):
            near = set().union(*(said[j - first] for j in range(i, last) if pieces[j].start - pieces[i].start <= MOMENT_SECONDS))
            total = value(said[i - first]) + NEAR_WORDS * value(near)
            if total > best_value + 1e-9:
                best, best_value = i, total
        piece = pieces[best]
        return Moment(max(0, int(piece.start) - LEAD), piece.start, quote(pieces, best), piece.speaker)

    def passage_start(self, found: Found) -> float:
        return float(self.starts[found.passage])

    def _pieces(self, found: Found) -> tuple[list[Piece], int, int]:
        """The pieces of a passage, from the one before it to QUOTE_CHARS after it (for the quote);
        and where the passage's own are among them."""
        transcript = self.episodes[found.episode].transcript
        assert transcript is not None
        cue, skip = self.cues[found.passage].tolist()
        first, last = self.spans[found.passage].tolist()
        pieces: list[Piece] = []
        before = 0
        after = 0
        for piece in pieces_from(transcript, max(cue - 1, 0)):
            if piece.cue < cue:  # the cue before the passage's: only its last piece is kept
                pieces[:] = [piece]
                before = 1
                continue
            pieces.append(piece)
            if len(pieces) > before + skip + last - first:
                after += len(piece.text) + 1
                if after > QUOTE_CHARS:
                    break
        return pieces, before + skip, before + skip + last - first

    def _term(self, word: str) -> int:
        ids = self.words.word_ids
        found = ids.get(word)
        return found if found is not None else self.words.stem_ids.get(stem(word), -1)


def fill_sheets(
    episodes: Sequence[Episode], sheets: SheetStore, *, progress: Callable[[int, int], None] | None = None,
    stopped: Callable[[], bool] = lambda: False,
) -> int:  # fmt: skip
    """Tokenize every transcript of `episodes` that has no sheet yet (in a worker thread: each step
    steps aside for questions); how many. `progress(done, total)` is called before each; `stopped`
    ends the fill after the transcript in hand (what was made is kept)."""
    wanted = [(e, key) for e in _transcribed(episodes) if not sheets.has(key := digest(episodes[e]))]
    for done, (e, key) in enumerate(wanted):
        if stopped():
            return done
        if progress is not None:
            progress(done, len(wanted))
        sheets.put(key, sheet_of(episodes[e]))
    if progress is not None:
        progress(len(wanted), len(wanted))
    return len(wanted)


def _transcribed(episodes: Sequence[Episode]) -> list[int]:
    return [e for e, episode in enumerate(episodes) if episode.transcript is not None and len(episode.transcript)]


def sheet_of(episode: Episode) -> Sheet:
    """The passages of an episode's transcript, tokenized (passage_sheets.py)."""
    pieces = pieces_of(episode)
    spans = _passages(pieces)
    texts = [" ".join(p.text for p in pieces[a:b]) for a, b in spans]
    name = " ".join((episode.title, *episode.people))
    # Where each passage begins among the cues: its first piece's cue, and the pieces of that cue before it.
    cues = [(pieces[a].cue, a - next(i for i in range(a, -1, -1) if i == 0 or pieces[i - 1].cue != pieces[a].cue)) for a, _ in spans]
    return make_sheet(texts, [pieces[a].start for a, _ in spans], spans, cues, name, (TITLE, EPISODE))


def chapter_at(episode: Episode, seconds: float) -> int:
    """The index of the chapter of `episode` that holds the time `seconds`."""
    return max([i for i, c in enumerate(episode.chapters) if c.start <= seconds] or [0])


def _passages(pieces: list[Piece]) -> list[tuple[int, int]]:
    """(first, last + 1) pieces of each passage: PASSAGE_SECONDS long, one every half of that."""
    out: list[tuple[int, int]] = []
    first = 0
    while first < len(pieces):
        last = first + 1
        while last < len(pieces) and pieces[last].start - pieces[first].start < PASSAGE_SECONDS:
            last += 1
        out.append((first, last))
        if last >= len(pieces):
            break
        step = first + 1
        while step < last and pieces[step].start - pieces[first].start < PASSAGE_SECONDS / 2:
            step += 1
        first = step
    return out


def quote(pieces: list[Piece], at: int) -> str:
    """What is said from the start of the sentence that piece `at` is in, at most QUOTE_CHARS,
    ending at a sentence's end where one comes in time; one speaker's words only."""
    speaker = pieces[at].speaker
    text = pieces[at].text
    if at > 0 and pieces[at - 1].speaker == speaker and text[:1].islower():  # it starts mid-sentence
        before = _SENTENCE_END.split(pieces[at - 1].text)
        if len(before) > 1 and len(before[-1]) < QUOTE_CHARS // 3:
            text = before[-1] + " " + text
    i = at + 1
    while len(text) < QUOTE_CHARS and i < len(pieces) and pieces[i].speaker == speaker:
        text += " " + pieces[i].text
        i += 1
    text = " ".join(text.split())
    if len(text) <= QUOTE_CHARS:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        if len(kept) + len(sentence) + 1 > QUOTE_CHARS:
            break
        kept = f"{kept} {sentence}".strip()
    if kept:
        return kept
    return text[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
