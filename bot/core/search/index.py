"""Fuzzy search from a free-text question to the chapters (segments) of the whole catalog.

How a question is scored, in short:
1. The question is folded into words (text.py); question filler words are dropped. A lone letter
   joins the next word when that spells a known word ("k hole" -> "khole"); "a" and "I" never do.
2. Each word is matched against the catalog's vocabulary: exactly (as written or by stem), as the
   prefix of longer words (people type "keta", "dos"), or within one or two typing mistakes
   (rapidfuzz's optimal-string-alignment distance, so a swap of two letters is one mistake, on
   candidates from a deletion index, so no scan of the whole vocabulary is needed), or as a longer
   form of a known word ("faster" for "fast"). The weaker kinds of match have a similarity below 1.
3. A segment's score is the share of the question it covers: every question word weighs its
   inverse document frequency (rare words decide), and contributes its best match in the segment
   times the field's weight: title 1.0, keywords 0.9 (curated search terms), summary 0.6 (longer
   text, so a word there is weaker evidence); a part of a hyphenated compound gets 0.8 of that.
   An episode's theme (a word in at least half its chapters) counts at its best field in each of
   its chapters that has it. Unmatched words weigh as the rarest word, which is what sends
   off-topic questions below the confidence threshold.
4. An answer is confident when it covers more than half of the question with at least two of its
   words (one rare word of several is a coin toss), or when three words agree in it; the best
   confident chapter answers. Ties are broken by rapidfuzz similarity of question and chapter
   title; sponsor chapters are halved unless the question names the sponsor.

How it stays fast at catalog scale (a million segments; autocomplete runs on every keystroke):
- All posting lists are numpy arrays sorted by segment, so a question touches only the segments
  sharing a word with it, and an episode filter is a binary search into each list.
- Only segments that can be shown are scored and ranked: nothing below the "did you mean" bar (30%
  of the question) is ever displayed. When the question's weakest words together cannot reach the
  bar, only the postings of the others are walked to find candidates (MaxScore), and the weak
  words are looked up for those candidates alone.
- Many candidates are scored in preallocated dense arrays (one slot per segment) with plain fancy
  indexing; the top of the ranking is taken with a partial sort that survives many equal scores.
- A short prefix ("th", "re") expands to up to 64 common words whose postings together cover much
  of the catalog. The merged posting list of every such heavy prefix is computed when the index is
  built, so typing one costs one array instead of 64.
- The build tokenizes chapters in chunks, folding each chunk's text with one bytes.translate and
  mapping words to ids with one dictionary lookup each; the postings are then ordered with one
  numpy sort. It runs in a worker thread on reload and steps aside while a question is answered
  (pacing.py); it keeps few objects for the garbage collector to track, since a full collection
  over a large heap stalls every thread.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ..episodes import Chapter, Episode
from ..pacing import Pacer, answering
from ..text import APOSTROPHES, STOPWORDS, fold, stem
from .blend import DID_YOU_MEAN, RELATED, SEMANTIC_POOL, blend
from .semantic import EPISODE_DESCRIPTION_CHARS, SemanticIndex, VectorCache
from .synonyms import NO_SYNONYMS, Synonyms

# An answer must cover more than half of the question's weight: one rare word matched and one
# not ("lsd microdosing") is a coin toss, and a coin toss is declined.
CONFIDENT = 0.5
SUGGEST = 0.3  # what "did you mean" needs
# ...or three question words found in the same chapter: long questions carry words no chapter
# has ("which brain AREA DRIVES ..."), but three agreeing words do not happen by chance.
AGREEING_WORDS = 3
SPONSOR_PENALTY = 0.5
# An introduction ("Who is Zach Lloyd?", "Meet Jen Simmons", the seed's "Ketamine") says no more than
# the episode's title: when the question asks about more than it says ("zach lloyd rust"), the
# chapter on that comes first, not the introduction.
INTRO_PENALTY = 0.6
INTRO_CUES = frozenset("who introducing introduction introduce meet welcome guest".split())
INTRO_WORDS = INTRO_CUES | frozenset("is are our the and with of dr".split())

TITLE, KEYWORDS, SUMMARY, EPISODE, DESCRIPTION = 0, 2, 4, 6, 7
# Weight by field code: each field, then the parts of its hyphenated compounds ("dosing" in
# "micro-dosing" is weaker evidence of a question about doses than the word "Doses" itself).
# EPISODE (the episode's title and people) and DESCRIPTION (the opening of its description) count
# for each chapter of the episode: they say what the whole episode is about, so less about any one
# chapter than the chapter's own words. (Their compound parts count as the whole word.)
FIELD_WEIGHT = np.array([1.0, 0.8, 0.9, 0.72, 0.6, 0.48, 0.5, 0.3], dtype=np.float32)
# The chapter's kind is indexed as words, so "intro" or "sponsors" finds those chapters.
KIND_WORDS = {"intro": "intro introduction opening beginning", "outro": "outro closing ending end", "sponsor": "sponsor ad", "content": ""}

EXACT, PREFIX_BASE, TYPO_1, TYPO_2 = 1.0, 0.75, 0.8, 0.65
MAX_PREFIX_EXPANSION = 64
# A prefix whose completions' postings add up to more than this many entries (or 1/8 of the
# catalog, whichever is more) gets its merged posting list computed at build time.
HEAVY_PREFIX_POSTINGS = 4096
# A word in at least this share of an episode's chapters (of four or more) is its theme: see _theme_weights.
THEME_SHARE, THEME_MIN_CHAPTERS = 0.5, 4
# Chapters tokenized per step of the build: each step's string work holds the GIL for about a
# millisecond at most, and the build yields it between steps (pacing.py).
BUILD_CHUNK = 256
_CHAPTER_ID = re.compile(r"^([a-z0-9][a-z0-9-]{0,63})@(\d{1,6})$")
_SPONSOR_PREFIX = re.compile(r"^\s*(?:sponsored by|sponsors?|ads?)\b\s*[:\-]?\s*", re.IGNORECASE)

# Bulk tokenizing. A chunk's texts are joined by a separator that folding never produces, and
# folded with one bytes.translate: for ASCII text, text.fold() is lowercasing, the apostrophe rule
# and turning everything but [a-z0-9-] into spaces. Words are then split on whitespace; the rare
# token with a hyphen or an apostrophe goes through text.fold()'s and text.words()'s own rules.
_SEP = "\x00"
_ASCII_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if c in b"abcdefghijklmnopqrstuvwxyz0123456789-'\x00" else 32 for c in range(256)
)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # text.words()'s pattern
_IS_SEP, _DROPPED = -1, -2  # token codes; a token of several terms is coded -3 - (its row in _compounds)


@dataclass(frozen=True, slots=True)
class Match:
    episode: Episode
    chapter_index: int
    score: float  # 0..100

    @property
    def chapter(self) -> Chapter:
        return self.episode.chapters[self.chapter_index]

    @property
    def chapter_id(self) -> str:
        return self.episode.chapter_id(self.chapter_index)


@dataclass(frozen=True, slots=True)
class Answer:
    query: str
    results: list[Match]  # a confident best match, then related chapters; empty when none is confident
    suggestions: list[Match]  # "did you mean", only when results is empty


@dataclass(frozen=True, slots=True)
class _Term:
    """One question word: the postings it matched, each (segments, value) with unique segments."""

    postings: list[tuple[np.ndarray, np.ndarray]]
    weight: float
    top: float = 0.0  # its best value anywhere
    matched: tuple[tuple[int, float], ...] = ()  # the vocabulary entries it matched, with similarities


@dataclass(frozen=True, slots=True)
class _Active:
    """A question word with postings in the searched stretch of the catalog."""

    weight: np.float32
    postings: list[tuple[np.ndarray, np.ndarray]]
    volume: int
    ceiling: np.float32  # the most it can add to a segment's score
    term: _Term


def _fold_ascii(texts: list[str]) -> bytes:
    """`texts` joined by " _SEP ", folded but for the apostrophe rule; ASCII, so as bytes."""
    joined = f" {_SEP} ".join(texts)
    if joined.count(_SEP) != len(texts) - 1:  # a text holding the separator itself (JSON "\u0000")
        texts = [t.replace(_SEP, " ") for t in texts]
        joined = f" {_SEP} ".join(texts)
    if not joined.isascii():  # the exception: fold() in full, whose output is ASCII
        joined = f" {_SEP} ".join(t if t.isascii() else fold(t) for t in texts)
    return joined.encode("ascii").translate(_ASCII_FOLD)


def _words(text: str) -> list[str]:
    """text.words(), without text.fold()'s Unicode work for ASCII text."""
    folded = APOSTROPHES.sub("", text.lower()) if text.isascii() else fold(text)
    return [w.replace("-", "") for w in _WORD.findall(folded) if len(w) > 1]


def _folded_titles(titles: list[str]) -> list[str]:
    """text.fold() of each title."""
    out = []
    for piece in _fold_ascii(titles).split(_SEP.encode()):
        text = piece.decode("ascii")
        if "'" in text:
            text = APOSTROPHES.sub("", text).replace("'", " ")
        out.append(" ".join(text.split()))
    return out


class SearchIndex:
    """Immutable once built; build a new one to change the catalog (a reload swaps the reference)."""

    def __init__(
        self, episodes: Sequence[Episode], *, synonyms: Synonyms = NO_SYNONYMS, semantic: bool = True, vectors: VectorCache | None = None
    ) -> None:  # fmt: skip
        """`synonyms`: the moderators' (synonyms.py); `semantic`: also match by meaning (when the model
        is installed); `vectors`: where chapter vectors are cached between builds (default: this process)."""
        self._pace = Pacer()
        self._synonyms = synonyms  # built in a worker thread on reload: leave the event loop room
        self.episodes = list(episodes)
        self._episode_by_id = {e.id: i for i, e in enumerate(self.episodes)}
        counts = [len(e.chapters) for e in self.episodes]
        self._episode_start = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._seg_episode = np.repeat(np.arange(len(self.episodes), dtype=np.int32), counts)
        self.size = int(self._episode_start[-1])
        self._sponsor_terms = self._sponsor_names()
        self._build_postings()
        self._introductions = self._find_introductions()
        self._build_typo_index()
        self._local = threading.local()  # per-thread scoring buffers
        self._build_heavy_prefixes()
        self._semantic = SemanticIndex.build(self.episodes, vectors) if semantic else None

    # ---- building ---------------------------------------------------------------------------

    def _build_postings(self) -> None:
        self._word_ids: dict[str, int] = {}  # a word as written (folded), or a stem -> the stem's id
        self._stem_ids: dict[str, int] = {}
        self._aliases: set[str] = set()  # stems entered in _word_ids that are not (yet) words seen
        self._token_ids: dict[bytes, int] = {_SEP.encode(): _IS_SEP}  # a token as split -> id or code
        self._compounds: list[tuple[tuple[int, int], ...]] = []  # the (id, field offset) of a token's terms
        self._titles: list[str] = []
        chapters = [c for e in self.episodes for c in e.chapters]
        keys: list[np.ndarray] = []
        for lo in range(0, len(chapters), BUILD_CHUNK):
            chunk = chapters[lo : lo + BUILD_CHUNK]
            self._titles.extend(_folded_titles([c.title for c in chunk]))
            fields = (
                (TITLE, [c.title + " " + KIND_WORDS[c.kind] + self._synonyms_of(c.title, seg) for seg, c in enumerate(chunk, lo)]),
                (KEYWORDS, [" ".join(c.keywords) for c in chunk]),
                (SUMMARY, [c.summary for c in chunk]),
            )  # fmt: skip
            chunk_keys = np.concatenate([self._field_keys(texts, lo, code) for code, texts in fields])
            self._pace()
            # One posting per (word, segment): its best field, which is its lowest code.
            chunk_keys.sort()
            keys.append(chunk_keys[_first_of_runs(chunk_keys >> 3)])
        keys.append(self._episode_keys())
        # key = word id << 32 | segment << 3 | field code: sorted, the postings of each word in segment order.
        key = np.concatenate(keys) if keys else np.zeros(0, np.int64)
        del keys
        key.sort()
        key = key[_first_of_runs(key >> 3)]  # a word in a chapter and in its episode: the best field
        terms = (key >> 32).astype(np.int32)
        codes = (key & 7).astype(np.int8)
        weights = FIELD_WEIGHT[codes]
        key >>= 3
        key &= 0x1FFFFFFF
        self._post_seg = key  # int64: numpy indexes fastest with its own index type
        del key
        own = codes < EPISODE
        self._post_weight = self._theme_weights(terms, weights, own)
        df = np.bincount(terms, minlength=len(self._stem_ids))  # postings
        # How many chapters use a word, each episode's own text counted once: repeating an episode's
        # title for each of its chapters must not make its words look common.
        used = np.bincount(terms[own], minlength=len(df)) + self._episode_word_counts
        del terms, weights, codes, own, self._episode_word_counts
        self._post_start = np.concatenate(([0], np.cumsum(df))).astype(np.int64)
        # Each word's best field weight: with a similarity, the most it can add to a segment.
        self._term_top = np.maximum.reduceat(self._post_weight, self._post_start[:-1]) if len(df) else np.zeros(0, np.float32)
        n = max(self.size, 1)
        # BM25's idf: always positive, so a word found everywhere still counts a little.
        self._idf = np.log1p((n - used + 0.5) / (used + 0.5)).astype(np.float32)
        self._unmatched_weight = float(math.log1p((n - 0.5) / 1.5)) if self.size else 1.0
        self._sorted_words = sorted(self._word_ids)
        self._sorted_word_ids = np.array([self._word_ids[w] for w in self._sorted_words], dtype=np.int64)
        self._sorted_word_df = df[self._sorted_word_ids] if self._sorted_words else np.zeros(0, np.int64)
        del self._token_ids, self._compounds, self._aliases  # only needed while building

    def _episode_keys(self) -> np.ndarray:
        """Posting keys of each episode's own words (EPISODE field), for every chapter of the episode.

        Tokenized once per episode (with the episode's index in the segment bits), then repeated.
        """
        if not self.episodes:
            self._episode_word_counts = np.zeros(len(self._stem_ids), np.int64)
            self._title_pairs = np.zeros(0, np.int64)
            return np.zeros(0, np.int64)
        fields = (
            (EPISODE, [self._episode_name(e) for e in self.episodes]),
            (DESCRIPTION, [e.description[:EPISODE_DESCRIPTION_CHARS] for e in self.episodes]),
        )
        parts: list[np.ndarray] = []
        for code, texts in fields:
            for lo in range(0, len(texts), BUILD_CHUNK):
                # Built as EPISODE, whose compound parts get EPISODE + 1; then every key gets `code`.
                field_keys = self._field_keys(texts[lo : lo + BUILD_CHUNK], lo, EPISODE)
                field_keys &= ~np.int64(7)
                field_keys |= code
                parts.append(field_keys)
        keys = np.concatenate(parts)
        self._keep_episode_titles(keys[(keys & 7) == EPISODE])
        pairs = ((keys >> 32) << 32) | ((keys >> 3) & 0x1FFFFFFF)
        pairs.sort()
        self._episode_word_counts = np.bincount(pairs[_first_of_runs(pairs)] >> 32, minlength=len(self._stem_ids))
        episode = (keys >> 3) & 0x1FFFFFFF
        counts = np.diff(self._episode_start)[episode]
        first = np.repeat(self._episode_start[episode], counts)
        runs = np.concatenate(([0], np.cumsum(counts)[:-1]))
        segment = first + np.arange(int(counts.sum())) - np.repeat(runs, counts)
        return (np.repeat(keys & ~np.int64(0x1FFFFFFF << 3), counts)) | (segment << 3)

    def _find_introductions(self) -> np.ndarray:
        """Which segments introduce their episode or its guest: intro chapters, and chapters titled like
        "Who is Zach Lloyd?" (a cue word, and otherwise only words of the episode's own text)."""
        flags = np.zeros(self.size, dtype=bool)
        for e, episode in enumerate(self.episodes):
            self._pace()
            lo = int(self._episode_start[e])
            own: set[str] | None = None  # the episode's words, read only if a title has a cue
            for i, chapter in enumerate(episode.chapters):
                words = {w for w in self._titles[lo + i].split() if len(w) > 1 and not w.isdigit()}
                if chapter.kind == "intro":
                    flags[lo + i] = True
                elif words & INTRO_CUES and words - INTRO_WORDS:
                    own = own if own is not None else set(_words(self._episode_name(episode) + " " + episode.description))
                    flags[lo + i] = words - INTRO_WORDS <= own
        return flags

    def _episode_name(self, episode: Episode) -> str:
        name = " ".join((episode.title, *episode.people))
        return name + " " + self._synonyms.expansion(episode.podcast, name) if self._synonyms.groups else name

    def _synonyms_of(self, title: str, segment: int) -> str:
        """The moderators' synonyms of what a chapter title says (see synonyms.py), with a leading space."""
        if not self._synonyms.groups:
            return ""
        return " " + self._synonyms.expansion(self.episodes[int(self._seg_episode[segment])].podcast, title)

    def _keep_episode_titles(self, keys: np.ndarray) -> None:
        """Which words each episode's title (and people) holds: (word id << 32 | episode), sorted."""
        pairs = ((keys >> 32) << 32) | ((keys >> 3) & 0x1FFFFFFF)
        pairs.sort()
        self._title_pairs = pairs[_first_of_runs(pairs)]

    def _in_episode_title(self, term: _Term, episodes: np.ndarray) -> np.ndarray:
        """For each of `episodes`, the similarity with which the question word is in its title (0: not)."""
        found = np.zeros(len(episodes), dtype=np.float32)
        for term_id, sim in term.matched:
            wanted = (np.int64(term_id) << 32) | episodes.astype(np.int64)
            at = np.minimum(np.searchsorted(self._title_pairs, wanted), max(len(self._title_pairs) - 1, 0))
            if len(self._title_pairs):
                np.maximum(found, np.where(self._title_pairs[at] == wanted, np.float32(sim), np.float32(0.0)), out=found)
        return found

    def _theme_weights(self, terms: np.ndarray, weights: np.ndarray, counted: np.ndarray) -> np.ndarray:
        """Raise an episode's theme words, in each of its chapters that has them, to their best field there.

        A word in most of an episode's chapters ("ketamine" in a ketamine episode) is the episode's
        theme: whether a chapter names it in its title or only in its summary says little about
        which chapter a question wants. Across a catalog such a word is rare, so it weighs a lot;
        without this, the chapters with the theme in their title would outrank the one that
        answers ("ketamine dose" -> "Ketamine Forms; ...; Micro-Dosing" over "Doses & Routes").
        Only the chapters' own words (`counted`) take part: the episode's title and description are
        in every chapter by construction (see _context_lift for what the title does).
        """
        kept = np.flatnonzero(counted)
        if not len(kept):
            return weights
        terms, segments = terms[kept], self._post_seg[kept]
        episodes = self._seg_episode[segments]
        # Postings run by word, then segment: each (word, episode) pair is one run.
        boundary = np.ones(len(terms), dtype=bool)
        np.not_equal(terms[1:], terms[:-1], out=boundary[1:])
        boundary[1:] |= episodes[1:] != episodes[:-1]
        starts = np.flatnonzero(boundary)
        counts = np.diff(starts, append=len(terms))
        chapters = np.diff(self._episode_start)[episodes[starts]]
        theme = np.flatnonzero((counts >= THEME_SHARE * chapters) & (chapters >= THEME_MIN_CHAPTERS))
        if not len(theme):
            return weights
        first, size = starts[theme], counts[theme]
        offsets = np.concatenate(([0], np.cumsum(size)[:-1]))
        members = kept[np.repeat(first - offsets, size) + np.arange(int(size.sum()))]  # the postings of theme runs
        weights[members] = np.repeat(np.maximum.reduceat(weights[members], offsets), size)
        return weights

    def _field_keys(self, texts: list[str], first_segment: int, code: int) -> np.ndarray:
        """Posting keys for one field of consecutive chapters: words get `code`, compound parts `code + 1`."""
        self._pace()
        tokens = _fold_ascii(texts).split()
        known = self._token_ids
        new = set(tokens).difference(known)
        if new:
            self._add_tokens(sorted(new))
        ids = np.fromiter(map(known.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        segment = first_segment + np.cumsum(ids == _IS_SEP)
        kept = ids >= 0
        out = [(ids[kept] << 32) | (segment[kept] << 3) | code]
        for i in np.flatnonzero(ids <= -3):  # hyphens and apostrophes: rare
            s = int(segment[i]) << 3
            out.append(np.array([(term << 32) | s | (code + part) for term, part in self._compounds[-3 - int(ids[i])]], dtype=np.int64))
        return np.concatenate(out) if len(out) > 1 else out[0]

    def _add_tokens(self, tokens: Iterable[bytes]) -> None:
        """Give new tokens their ids, as text.words() and text.compound_parts() would split them."""
        for raw in tokens:
            self._pace()
            token = raw.decode("ascii")
            if token.isalnum():  # a plain word: the usual case
                self._token_ids[raw] = self._term(token) if len(token) > 1 else _DROPPED
                continue
            terms: list[tuple[int, int]] = []
            for w in _WORD.findall(APOSTROPHES.sub("", token)):
                if len(w) > 1:
                    terms.append((self._term(w.replace("-", "")), 0))
                if "-" in w:
                    terms.extend((self._term(p), 1) for p in w.split("-") if len(p) > 1)
            if len(terms) == 1 and terms[0][1] == 0:
                self._token_ids[raw] = terms[0][0]
            elif terms:
                self._token_ids[raw] = -3 - len(self._compounds)
                self._compounds.append(tuple(terms))
            else:
                self._token_ids[raw] = _DROPPED

    def _term(self, word: str) -> int:
        """A word's id: its stem's. The stem itself is also entered, as an alias, unless it is a word."""
        term = self._word_ids.get(word)
        if term is None or word in self._aliases:
            root = stem(word)
            term = self._word_ids[word] = self._stem_ids.setdefault(root, len(self._stem_ids))
            self._aliases.discard(word)
            if root not in self._word_ids:
                self._word_ids[root] = term
                self._aliases.add(root)
        return term

    def _build_typo_index(self) -> None:
        """Every vocabulary word and its one-letter deletions, hashed and sorted for searchsorted.

        A typo within distance 1 of a word shares a deletion with it (SymSpell's idea); the
        candidates are then checked with a real edit distance.
        """
        keys: list[int] = []
        owners: list[int] = []
        for index, word in enumerate(self._sorted_words):
            self._pace()
            if len(word) < 4:
                continue
            variants = {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
            keys.extend(hash(v) for v in variants)
            owners.extend([index] * len(variants))
        key_arr = np.array(keys, dtype=np.int64)
        order = np.argsort(key_arr)
        self._typo_keys = key_arr[order]
        self._typo_owner = np.array(owners, dtype=np.int32)[order]

    def _build_heavy_prefixes(self) -> None:
        """Merged postings of the prefixes whose completions cover many segments.

        A prefix can only be heavy if a shorter one is, so the search grows prefixes one letter at a
        time from two letters (one-letter words are not words) and stops where they get light.
        """
        self._heavy: dict[str, tuple[dict[int, float], tuple[np.ndarray, np.ndarray], float]] = {}
        limit = max(HEAVY_PREFIX_POSTINGS, self.size // 8)
        vocabulary = self._sorted_words
        volume = np.concatenate(([0], np.cumsum(self._sorted_word_df)))
        frontier = sorted({w[:2] for w in vocabulary if len(w) >= 2})
        best = np.zeros(self.size, dtype=np.float32)
        while frontier:
            longer: set[str] = set()
            for prefix in frontier:
                self._pace()
                lo, hi = self._prefix_range(prefix)
                if volume[hi] - volume[lo] <= limit:  # every completion together: an upper bound
                    continue
                completions = self._completions(prefix)
                sizes = [int(self._post_start[t + 1] - self._post_start[t]) for t in completions]
                # Worth merging when big, and not one word's list with a few small ones ("abou").
                if sum(sizes) > limit and sum(sizes) - max(sizes) > limit // 4:
                    merged = self._merge(completions, best)
                    self._heavy[prefix] = (completions, merged, float(merged[1].max()))
                longer.update(w[: len(prefix) + 1] for w in vocabulary[lo:hi] if len(w) > len(prefix))
            frontier = sorted(longer)

    def _merge(self, found: dict[int, float], best: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One posting list for several matched words: each segment's best value (`best`: zeros, scratch)."""
        parts = [self._posting(t, sim) for t, sim in found.items()]
        if len(parts) == 1:
            return parts[0]
        segs, vals = _best_of(parts, best)
        segs = _unique(segs)
        vals = best[segs]
        best[segs] = 0.0
        return segs, vals

    def _sponsor_names(self) -> dict[int, tuple[tuple[str, ...], ...]]:
        """For each sponsor segment, the sponsors it names, each as its words' stems.

        A sponsor chapter's title lists the sponsors ("Sponsors: ROKA & Eight Sleep"); its keywords
        are other names for them ("athletic greens" for AG1). Only sponsor segments are listed, and
        as tuples of strings, which the garbage collector stops tracking: a reload that adds tens of
        thousands of objects it must track triggers a full collection, which stalls every thread for
        a tenth of a second in a catalog of 100,000 chapters.
        """
        names: dict[int, tuple[tuple[str, ...], ...]] = {}
        read: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, ...], ...]] = {}  # the same reads recur
        seg = 0
        for episode in self.episodes:
            self._pace()
            for chapter in episode.chapters:
                if chapter.kind == "sponsor":
                    key = (chapter.title, chapter.keywords)
                    if key not in read:
                        listed = re.split(r",|&|\band\b|/", _SPONSOR_PREFIX.sub("", chapter.title))
                        found = (_words(n) for n in (*listed, *chapter.keywords))
                        read[key] = tuple(tuple(sorted({stem(w) for w in name})) for name in found if name)
                    names[seg] = read[key]
                seg += 1
        return names

    def _buffers(self) -> tuple[np.ndarray, np.ndarray]:
        """This thread's scoring arrays, one slot per segment, all zero between uses."""
        local = self._local
        if not hasattr(local, "total"):
            local.total = np.zeros(self.size, dtype=np.float32)
            local.best = np.zeros(self.size, dtype=np.float32)
        return local.total, local.best

    # ---- matching words ---------------------------------------------------------------------

    def _prefix_range(self, prefix: str) -> tuple[int, int]:
        return bisect.bisect_left(self._sorted_words, prefix), bisect.bisect_left(self._sorted_words, prefix + "\x7f")

    def _completions(self, prefix: str) -> dict[int, float]:
        """The words that start with `prefix` (the most common ones of a short prefix), with similarities."""
        lo, hi = self._prefix_range(prefix)
        span: Iterable[int] = range(lo, hi)
        if hi - lo > MAX_PREFIX_EXPANSION:  # keep the most common completions of a short prefix
            top = np.argpartition(self._sorted_word_df[lo:hi], -MAX_PREFIX_EXPANSION)[-MAX_PREFIX_EXPANSION:]
            span = (lo + int(i) for i in top)
        found: dict[int, float] = {}
        for i in span:
            term = int(self._sorted_word_ids[i])
            sim = PREFIX_BASE + (1 - PREFIX_BASE) * len(prefix) / len(self._sorted_words[i])
            if sim > found.get(term, 0.0):
                found[term] = sim
        return found

    def _match_word(self, word: str, *, partial: bool) -> _Term:
        """Vocabulary entries for one question word. `partial`: the word may be unfinished."""
        found: dict[int, float] = {}

        def offer(term_id: int, sim: float) -> None:
            if sim > found.get(term_id, 0.0):
                found[term_id] = sim

        exact = self._stem_ids.get(stem(word), self._word_ids.get(word))
        if exact is not None:
            offer(exact, EXACT)
        completions: dict[int, float] = {}
        merged, merged_top = None, 0.0
        if partial or len(word) >= 3:
            heavy = self._heavy.get(word)
            completions, merged, merged_top = heavy if heavy is not None else (self._completions(word), None, 0.0)
            for term_id, sim in completions.items():
                offer(term_id, sim)
        if exact is None:
            # A form the stemmer leaves alone ("faster", "helplessly"): its longest known beginning.
            for cut in range(len(word) - 1, max(3, len(word) - 4), -1):
                base = self._word_ids.get(word[:cut])
                if base is not None:
                    offer(base, PREFIX_BASE + (1 - PREFIX_BASE) * cut / len(word))
                    break
        if len(word) >= 4 and exact is None:
            for candidate, distance in self._typo_candidates(word):
                offer(self._word_ids[candidate], TYPO_1 if distance == 1 else TYPO_2)
        if not found:
            return _Term([], self._unmatched_weight)
        postings = []
        if merged is not None:  # the heavy prefix's completions in one list; the other matches on their own
            postings.append(merged)
            own = [(t, sim) for t, sim in found.items() if sim > completions.get(t, -1.0)]
        else:
            own = list(found.items())
        postings.extend(self._posting(t, sim) for t, sim in own)
        top = max([merged_top, *(float(np.float32(sim) * self._term_top[t]) for t, sim in own)])
        # The word weighs as its likeliest meaning: the most similar match, the commoner on a tie.
        best = max(found, key=lambda t: (found[t], -self._idf[t]))
        return _Term(postings, float(self._idf[best]), top, tuple(found.items()))

    def _posting(self, term_id: int, sim: float) -> tuple[np.ndarray, np.ndarray]:
        s, e = self._post_start[term_id], self._post_start[term_id + 1]
        return self._post_seg[s:e], self._post_weight[s:e] * np.float32(sim)

    def _typo_candidates(self, word: str) -> Iterable[tuple[str, int]]:
        # One deletion from the question word meets one deletion from a vocabulary word: distance
        # 1 for sure, and many distance-2 typos; long words get a second deletion on the question
        # side so that two slips in a long word are still found.
        variants = {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
        if len(word) >= 8:
            variants |= {v[:i] + v[i + 1 :] for v in list(variants) for i in range(len(v))}
        keys = np.fromiter((hash(v) for v in variants), dtype=np.int64, count=len(variants))
        left = np.searchsorted(self._typo_keys, keys, side="left")
        right = np.searchsorted(self._typo_keys, keys, side="right")
        owners = {int(o) for lo, hi in zip(left, right) if hi > lo for o in self._typo_owner[lo:hi]}
        limit = 2 if len(word) >= 8 else 1
        for owner in owners:
            candidate = self._sorted_words[owner]
            distance = OSA.distance(word, candidate, score_cutoff=limit)
            if distance <= limit:
                yield candidate, distance

    # ---- scoring ----------------------------------------------------------------------------

    def _question_words(self, query: str, *, partial: bool) -> list[str]:
        """text.words(), except that a lone letter joins the next word when that spells a known word.

        People type "k hole" or "x ray" for "K-hole" and "X-ray"; the letter alone says nothing and
        is dropped, like "a" and "I", which never join ("a typical" is not "atypical").
        """
        tokens = _WORD.findall(fold(query))
        found: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if len(token) == 1 and token not in "ai" and i + 1 < len(tokens) and "-" not in tokens[i + 1]:
                joined = token + tokens[i + 1]
                if self._known(joined, partial=partial and i + 2 == len(tokens)):
                    found.append(joined)
                    i += 2
                    continue
            if len(token) > 1:
                found.append(token.replace("-", ""))
            i += 1
        return found

    def _known(self, word: str, *, partial: bool) -> bool:
        if word in self._word_ids or stem(word) in self._stem_ids:
            return True
        lo, hi = self._prefix_range(word) if partial or len(word) >= 3 else (0, 0)
        return hi > lo

    def _terms(self, query: str, *, partial: bool) -> tuple[list[str], list[_Term]]:
        found = self._question_words(query, partial=partial)
        kept = [w for w in found if w not in STOPWORDS] or found
        # Only the word being typed may be unfinished; the ones before it were typed in full.
        return kept, [self._match_word(w, partial=partial and i == len(kept) - 1) for i, w in enumerate(kept)]

    def _score(self, terms: list[_Term], episode: str | None) -> tuple[np.ndarray, np.ndarray, list[_Active], float]:
        """The segments that can be shown (coverage at least SUGGEST) and their coverage (0..1).

        Also the question's words that matched in the searched stretch, for counting hits later.
        """
        nothing: tuple[np.ndarray, np.ndarray, list[_Active], float] = (np.zeros(0, np.int64), np.zeros(0, np.float32), [], 1.0)
        stretch = self._stretch(episode)
        if stretch is None:
            return nothing
        lo, hi = stretch
        total_weight = sum(t.weight for t in terms)
        bar = np.float32(SUGGEST * total_weight * (1 - 1e-5))  # nothing below the bar is ever shown
        active: list[_Active] = []
        for term in terms:
            postings = term.postings
            if episode is not None:  # postings are in segment order: keep the episode's stretch
                postings = [(s[a:b], v[a:b]) for s, v in postings for a, b in [np.searchsorted(s, (lo, hi))] if b > a]
            if postings:
                weight = np.float32(term.weight)
                active.append(_Active(weight, postings, sum(len(s) for s, _ in postings), weight * np.float32(term.top), term))
        if not active:
            return nothing
        # MaxScore: the weakest words together may fall short of the bar; then a segment that can be
        # shown has one of the others, and only their postings need to be walked to find it.
        reach, essential = np.float32(0.0), []
        for a in sorted(active, key=lambda a: a.ceiling):
            if reach + a.ceiling >= bar * np.float32(0.999):  # (a margin for rounding: prune only the sure)
                essential.append(a)
            else:
                reach += a.ceiling
        if not essential:
            return nothing[0], nothing[1], active, total_weight
        if sum(a.volume for a in essential) * 16 <= hi - lo:  # few candidates: score just those
            candidates = _unique(np.concatenate([s for a in essential for s, _ in a.postings]))
            scores = np.zeros(len(candidates), dtype=np.float32)
            for a in active:
                scores += a.weight * self._values_at(a, candidates)
            keep = scores >= bar
            candidates, scores = candidates[keep], scores[keep]
        elif len(active) == 1 and len(active[0].postings) == 1:  # one word, one list: nothing to add up
            segs, vals = active[0].postings[0]
            scores = active[0].weight * vals
            keep = scores >= bar
            candidates, scores = segs[keep], scores[keep]
        else:
            total, best = self._buffers()
            for a in active:
                if len(a.postings) == 1:
                    segs, vals = a.postings[0]
                    total[segs] += a.weight * vals
                    continue
                # Several lists may share segments: each segment counts its best value, once (a
                # segment repeated in `segs` reads and writes the same sum: it is added once).
                segs, _ = _best_of(a.postings, best)
                total[segs] += a.weight * best[segs]
                best[segs] = 0.0
            candidates = np.flatnonzero(total[lo:hi] >= bar) + lo
            scores = total[candidates]
            total[lo:hi] = 0.0
        return candidates, scores / np.float32(total_weight), active, total_weight

    def _values_at(self, term: _Active, segments: np.ndarray) -> np.ndarray:
        """A matched word's best value in each of `segments` (sorted), 0 where it is absent."""
        out = np.zeros(len(segments), dtype=np.float32)
        if not len(segments):
            return out
        by_search = sum(len(segments) * max(len(s), 2).bit_length() + 200 for s, _ in term.postings)
        if by_search <= 2 * term.volume + 4 * len(segments):
            for segs, vals in term.postings:
                at = np.minimum(np.searchsorted(segs, segments), len(segs) - 1)
                np.maximum(out, np.where(segs[at] == segments, vals[at], np.float32(0.0)), out=out)
            return out
        best = self._buffers()[1]
        segs, _ = _best_of(term.postings, best)
        out = best[segments]
        best[segs] = 0.0
        return out

    def _rank(
        self, kept: list[str], found: tuple[np.ndarray, np.ndarray, list[_Active], float], limit: int,
        question: np.ndarray | None = None, stretch: tuple[int, int] = (0, 0),
    ) -> list[tuple[int, float, bool]]:  # fmt: skip
        """(segment, score, confident), best first.

        With a `question` vector, the chapters nearest to it in meaning within `stretch` are
        candidates too, and the score blends words and meaning (see blend.py).
        """
        candidates, scores, active, total_weight = found
        # Only the best few need the slower per-segment adjustments.
        pool = min(len(candidates), max(limit * 4, 20))
        top = _top(scores, pool) if len(candidates) else np.zeros(0, np.int64)
        segments, scores = candidates[top], scores[top].astype(np.float64)
        if question is not None and self._semantic is not None:
            near = np.setdiff1d(self._semantic.nearest(question, *stretch, SEMANTIC_POOL), segments)
            segments = np.concatenate([segments, near])
            scores = np.concatenate([scores, np.zeros(len(near))])
        if not len(segments):
            return []
        order = np.argsort(segments)
        segments, scores = segments[order], scores[order]
        values = [self._values_at(a, segments) for a in active]
        if question is not None and len(values):  # the near ones' word scores, as _score would give
            scores = np.maximum(scores, np.sum([float(a.weight) * v for a, v in zip(active, values)], axis=0) / total_weight)
        hits = np.sum([v > 0 for v in values], axis=0, dtype=np.int16) if len(active) >= 2 else np.zeros(len(segments), np.int16)
        scores += self._context_lift(active, values, segments, total_weight)
        penalty = np.ones(len(segments))
        if len(active) >= 2:
            for i in np.flatnonzero(self._introductions[segments]):
                if self._asks_beyond(active, int(segments[i])):
                    penalty[i] = INTRO_PENALTY
        stems = {stem(w) for w in kept}
        if not stems & {"sponsor", "ad"}:
            for i, seg in enumerate(segments.tolist()):
                sponsors = self._sponsor_terms.get(seg)
                if sponsors and not any(all(w in stems for w in name) for name in sponsors):
                    penalty[i] = SPONSOR_PENALTY
        titles = [self._titles[seg] for seg in segments.tolist()]
        tie_break = process.cdist([" ".join(kept)], titles, scorer=fuzz.token_sort_ratio, dtype=np.float64)[0] / 100
        if question is not None and self._semantic is not None:
            meaning = self._semantic.similarity(question, segments, self._seg_episode[segments])
            scores, confident = blend(scores, hits, len(active), *meaning, penalty)
        else:
            scores *= penalty
            # One word of several found in a chapter is a coin toss ("lsd microdosing": micro-dosing
            # ketamine), however rare that word, when the others are found elsewhere.
            confident = ((scores > CONFIDENT) & ((hits >= 2) | (len(active) < 2))) | ((hits >= AGREEING_WORDS) & (scores >= SUGGEST))
        order = np.lexsort((segments, -tie_break, -scores))
        return [(int(segments[i]), float(scores[i]), bool(confident[i])) for i in order]

    def _asks_beyond(self, active: list[_Active], segment: int) -> bool:
        """Whether some matched question word is not in the segment's own title."""
        in_title = {self._word_ids.get(w) for w in self._titles[segment].split()}
        return any(not in_title.intersection(t for t, _ in a.term.matched) for a in active)

    def _context_lift(self, active: list[_Active], values: list[np.ndarray], segments: np.ndarray, total_weight: float) -> np.ndarray:
        """What the episode's title adds to each segment's score when the question also asks about a topic.

        "zach lloyd rust": the guest's name is in the episode's title, so it says which episode, not
        which chapter; the chapter on Rust answers, not "Who is Zach Lloyd?". So when some question
        word is not in a segment's episode title, the words that are count in full in every chapter
        of that episode. When all of them are ("ketamine ptsd" in "Ketamine: ... PTSD ..."), the
        chapters that name them themselves still come first.
        """
        lift = np.zeros(len(segments), dtype=np.float64)
        if len(active) < 2:
            return lift
        episodes = self._seg_episode[segments]
        in_title = [self._in_episode_title(a.term, episodes) for a in active]
        topic_asked = np.any([t == 0 for t in in_title], axis=0)
        for a, value, title in zip(active, values, in_title):
            lift += np.where(topic_asked, float(a.weight) * np.maximum(title - value, 0.0), 0.0)
        return lift / total_weight

    def _match(self, seg: int, score: float) -> Match:
        e = int(self._seg_episode[seg])
        return Match(self.episodes[e], seg - int(self._episode_start[e]), round(min(score, 1.0) * 100, 1))

    # ---- public -----------------------------------------------------------------------------

    def search(self, query: str, *, episode: str | None = None, limit: int = 5) -> Answer:
        """The confident answers to a question, or "did you mean" suggestions when there are none."""
        with answering():  # a reload in a worker thread steps aside meanwhile (pacing.py)
            return self._search(query, episode, limit)

    def complete(self, partial: str, *, episode: str | None = None, limit: int = 25) -> list[Match]:
        """Suggestions while a question is typed: the last word may be unfinished."""
        with answering():
            kept, terms = self._terms(partial, partial=True)
            if not terms:
                return []
            ranked = self._rank(kept, self._score(terms, episode), limit)  # words only: instant
            return [self._match(s, v) for s, v, _ in ranked[:limit] if v >= SUGGEST]

    def _search(self, query: str, episode: str | None, limit: int) -> Answer:
        direct = self.chapter(query, episode=episode)
        if direct is not None:
            return Answer(query, [direct], [])
        stretch = self._stretch(episode)
        kept, terms = self._terms(query, partial=False)
        if stretch is None or not (terms or self._semantic):
            return Answer(query, [], [])
        found = self._score(terms, episode) if terms else (np.zeros(0, np.int64), np.zeros(0, np.float32), [], 1.0)
        # Folded, like the words: quotes, accents and case change nothing.
        question = self._semantic.question(fold(query)) if self._semantic is not None else None
        ranked = self._rank(kept, found, limit, question, stretch)
        if any(confident for _, _, confident in ranked):
            # The question is on topic: the best confident chapter answers it (a higher-scoring one
            # that is not confident comes after it), and the runners-up are related chapters.
            ranked.sort(key=lambda r: not r[2])  # stable: best first within each group
        if ranked and ranked[0][2]:
            related = [s for s, v, _ in ranked[1:] if v >= (RELATED if question is not None else SUGGEST)]
            return Answer(query, self._distinct([ranked[0][0], *related], ranked, limit), [])
        offered = [s for s, v, _ in ranked if v >= (DID_YOU_MEAN if question is not None else SUGGEST)]
        return Answer(query, [], self._distinct(offered, ranked, 3))

    def _stretch(self, episode: str | None) -> tuple[int, int] | None:
        """The segments searched: all, or one episode's (None for an unknown episode)."""
        if episode is None:
            return 0, self.size
        e = self._episode_by_id.get(episode)
        return None if e is None else (int(self._episode_start[e]), int(self._episode_start[e + 1]))

    def _distinct(self, segments: list[int], ranked: list[tuple[int, float, bool]], limit: int) -> list[Match]:
        """Matches for `segments`, each moment once: the same chapter in two episode files (same
        podcast, episode title and start) or two chapters starting at the same second show once."""
        score = {s: v for s, v, _ in ranked}
        seen: set[tuple[str, ...]] = set()
        out: list[Match] = []
        for seg in segments:
            match = self._match(seg, score[seg])
            e = match.episode
            moments = {(e.id, str(match.chapter.start)), (fold(e.podcast), fold(e.title), str(match.chapter.start))}
            if moments & seen:
                continue
            seen |= moments
            out.append(match)
            if len(out) == limit:
                break
        return out

    def chapter(self, chapter_id: str, *, episode: str | None = None) -> Match | None:
        """The chapter named by an id such as `huberman-ketamine@5164` (an autocomplete value)."""
        found = _CHAPTER_ID.match(chapter_id.strip())
        if not found or (episode is not None and found.group(1) != episode):
            return None
        e = self._episode_by_id.get(found.group(1))
        if e is None:
            return None
        start = int(found.group(2))
        for index, chapter in enumerate(self.episodes[e].chapters):
            if chapter.start == start:
                return Match(self.episodes[e], index, 100.0)
        return None

    def episode(self, episode_id: str) -> Episode | None:
        e = self._episode_by_id.get(episode_id)
        return None if e is None else self.episodes[e]


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest scores, in no particular order; ties go to the earlier position.

    A short prefix ("th") gives tens of thousands of equal scores, where np.argpartition slows down
    twentyfold; so the usual case, enough ties at the top, is taken first, and otherwise the ties
    are broken by position before partitioning.
    """
    n = len(scores)
    if k >= n:
        return np.arange(n)
    ties = np.flatnonzero(scores == scores.max())
    if len(ties) >= k:
        return ties[:k]
    key = scores.astype(np.float64) - np.arange(n) * 1e-14  # below float32's resolution
    return np.argpartition(key, n - k)[n - k :]


def _best_of(postings: list[tuple[np.ndarray, np.ndarray]], best: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each segment's best value over several posting lists, written into `best` (zero before).

    The concatenated lists are returned: the caller reads `best` at them, then zeroes it there.
    """
    segs = np.concatenate([s for s, _ in postings])
    vals = np.concatenate([v for _, v in postings])
    np.maximum.at(best, segs, vals)
    return segs, vals


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique's hashing is slow on the short arrays of a query)."""
    values = np.sort(values)
    return values[_first_of_runs(values)]


def _first_of_runs(values: np.ndarray) -> np.ndarray:
    """A mask of the entries of a sorted array that differ from the one before."""
    mask = np.ones(len(values), dtype=bool)
    if len(values) > 1:
        np.not_equal(values[1:], values[:-1], out=mask[1:])
    return mask
