"""Building the word index: posting lists of every word, typo and prefix tables, episode context.

A chapter (segment) is indexed under the words of its title (with its kind as words, so "intro" or
"sponsors" finds those chapters), keywords and summary, and under its episode's title, people and
description; each posting keeps the best field the word was found in (FIELD_WEIGHT). An episode's
theme (a word in at least half its chapters) counts at its best field in each of its chapters that
has it. Moderators' synonyms (synonyms.py) are indexed beside the title words they stand for.

How it stays fast and light at catalog scale:
- All posting lists are numpy arrays sorted by segment, so a question touches only the segments
  sharing a word with it, and an episode filter is a binary search into each list.
- The build tokenizes chapters in chunks (tokens.py), mapping words to ids with one dictionary
  lookup each; the postings are then ordered with one numpy sort. The episode's own words are
  tokenized once per episode and repeated for its chapters.
- A short prefix ("th", "re") expands to up to 64 common words whose postings together cover much
  of the catalog. The merged posting list of every such heavy prefix is computed when the index is
  built, so typing one costs one array instead of 64.
- It runs in a worker thread on reload and steps aside while a question is answered (yielding.py);
  it keeps few objects for the garbage collector to track, since a full collection over a large
  heap stalls every thread.
"""

from __future__ import annotations

import math
import re
from typing import Iterable

import numpy as np

from bot.core.episodes import Episode
from bot.core.search.arrays import best_of, first_of_runs, sorted_counts, unique
from bot.core.search.semantic import EPISODE_DESCRIPTION_CHARS
from bot.core.search.tokens import DROPPED, IS_SEP, SEP, WORD, fast_words, fold_ascii, folded_titles, spoken_dots
from bot.core.text import APOSTROPHES, stem

TITLE, KEYWORDS, SUMMARY, EPISODE, DESCRIPTION = 0, 2, 4, 6, 7
# Weight by field code: each field, then the parts of its hyphenated compounds ("dosing" in
# "micro-dosing" is weaker evidence of a question about doses than the word "Doses" itself).
# EPISODE (the episode's title and people) and DESCRIPTION (the opening of its description) count
# for each chapter of the episode: they say what the whole episode is about, so less about any one
# chapter than the chapter's own words. (Their compound parts count as the whole word.)
FIELD_WEIGHT = np.array([1.0, 0.8, 0.9, 0.72, 0.6, 0.48, 0.6, 0.3], dtype=np.float32)
# The chapter's kind is indexed as words, so "intro" or "sponsors" finds those chapters.
KIND_WORDS = {"intro": "intro introduction opening beginning", "outro": "outro closing ending end", "sponsor": "sponsor ad", "content": ""}
# A prefix whose completions' postings add up to more than this many entries (or 1/8 of the
# catalog, whichever is more) gets its merged posting list computed at build time.
HEAVY_PREFIX_POSTINGS = 4096
# A word in at least this share of an episode's chapters (of four or more) is its theme: see _theme_weights.
THEME_SHARE, THEME_MIN_CHAPTERS = 0.5, 4
# Chapters tokenized per step of the build: each step's string work holds the GIL for about a
# millisecond at most, and the build yields it between steps (yielding.py).
BUILD_CHUNK = 256
EXPAND_CHUNK = 8192  # episode keys repeated for their chapters per step (a few milliseconds)
_SPONSOR_PREFIX = re.compile(r"^\s*(?:sponsored by|sponsors?|ads?)\b\s*[:\-]?\s*", re.IGNORECASE)
# An introduction ("Who is Zach Lloyd?", "Meet Jen Simmons") is found by a cue word, the rest of its
# title being the episode's own words (scoring.py demotes it when a question asks about more).
INTRO_CUES = frozenset("who introducing introduction introduce meet welcome guest".split())
INTRO_WORDS = INTRO_CUES | frozenset("is are our the and with of dr".split())


class IndexBuilder:
    """The building half of SearchIndex (index.py), which calls these in its constructor."""

    def _build_postings(self) -> None:
        self._word_ids: dict[str, int] = {}  # a word as written (folded), or a stem -> the stem's id
        self._stem_ids: dict[str, int] = {}
        self._aliases: set[str] = set()  # stems entered in _word_ids that are not (yet) words seen
        self._token_ids: dict[bytes, int] = {SEP.encode(): IS_SEP}  # a token as split -> id or code
        self._compounds: list[tuple[tuple[int, int], ...]] = []  # the (id, field offset) of a token's terms
        self._titles: list[str] = []
        chapters = [c for e in self.episodes for c in e.chapters]
        keys: list[np.ndarray] = []
        for lo in range(0, len(chapters), BUILD_CHUNK):
            chunk = chapters[lo : lo + BUILD_CHUNK]
            self._titles.extend(folded_titles([c.title for c in chunk]))
            fields = (
                (TITLE, [c.title + spoken_dots(c.title) + " " + KIND_WORDS[c.kind] + self._synonyms_of(c.title, seg) for seg, c in enumerate(chunk, lo)]),
                (KEYWORDS, [" ".join(c.keywords) for c in chunk]),
                (SUMMARY, [c.summary for c in chunk]),
            )  # fmt: skip
            chunk_keys = np.concatenate([self._field_keys(texts, lo, code) for code, texts in fields])
            self._pace()
            # One posting per (word, segment): its best field, which is its lowest code.
            chunk_keys.sort()
            keys.append(chunk_keys[first_of_runs(chunk_keys >> 3)])
        keys.append(self._episode_keys())
        # key = word id << 32 | segment << 3 | field code: sorted, the postings of each word in segment order.
        key = np.concatenate(keys) if keys else np.zeros(0, np.int64)
        del keys
        key.sort()
        key = key[first_of_runs(key >> 3)]  # a word in a chapter and in its episode: the best field
        terms = (key >> 32).astype(np.int32)
        codes = (key & 7).astype(np.int8)
        weights = FIELD_WEIGHT[codes]
        key >>= 3
        key &= 0x1FFFFFFF
        self._post_seg = key  # int64: numpy indexes fastest with its own index type
        del key
        own = codes < EPISODE
        self._post_weight = self._theme_weights(terms, weights, own)
        df = sorted_counts(terms, len(self._stem_ids))  # postings
        # How many chapters use a word, each episode's own text counted once: repeating an episode's
        # title for each of its chapters must not make its words look common.
        used = sorted_counts(terms[own], len(df)) + self._episode_word_counts
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
        keys = np.concatenate(parts) if parts else np.zeros(0, np.int64)
        if not len(keys):  # no episodes, or none with a word in its title or description ("#1", "第1話")
            self._episode_word_counts = np.zeros(len(self._stem_ids), np.int64)
            self._title_pairs = keys
            return keys
        # Which words each episode's title (and people) holds, for _context_lift (scoring.py).
        self._title_pairs = _word_episode_pairs(keys[(keys & 7) == EPISODE])
        self._episode_word_counts = sorted_counts(_word_episode_pairs(keys) >> 32, len(self._stem_ids))
        # Each key repeated for every chapter of its episode, a slice at a time: np.repeat and
        # np.cumsum hold the interpreter lock, and a question answered meanwhile waits for them.
        chapters = np.diff(self._episode_start)
        expanded = []
        for lo in range(0, len(keys), EXPAND_CHUNK):
            self._pace()
            part = keys[lo : lo + EXPAND_CHUNK]
            episode = (part >> 3) & 0x1FFFFFFF
            counts = chapters[episode]
            first = np.repeat(self._episode_start[episode], counts)
            runs = np.concatenate(([0], np.cumsum(counts)[:-1]))
            segment = first + np.arange(int(counts.sum())) - np.repeat(runs, counts)
            expanded.append(np.repeat(part & ~np.int64(0x1FFFFFFF << 3), counts) | (segment << 3))
        return np.concatenate(expanded)

    def _find_introductions(self) -> np.ndarray:
        """Which segments introduce their episode or its guest: intro chapters, and chapters titled like
        "Who is Zach Lloyd?" (a cue word, and otherwise only words of the episode's own text).

        The name such a chapter gives is the episode's guest: it joins the words of the episode's
        title for _context_lift (scoring.py), as the people listed with an episode do. Show notes
        often name a guest only in the description and in that chapter, and "luca casonato esm"
        asks for the ESM chapter of Luca Casonato's episode.
        """
        flags = np.zeros(self.size, dtype=bool)
        guests: list[int] = []  # (word id << 32 | episode) of each name found
        for e, episode in enumerate(self.episodes):
            self._pace()
            lo = int(self._episode_start[e])
            own: set[str] | None = None  # the episode's words, read only if a title has a cue
            for i, chapter in enumerate(episode.chapters):
                words = {w for w in self._titles[lo + i].split() if len(w) > 1 and not w.isdigit()}
                if chapter.kind == "intro":
                    flags[lo + i] = True
                elif words & INTRO_CUES and words - INTRO_WORDS:
                    own = own if own is not None else set(fast_words(self._episode_name(episode) + " " + episode.description))
                    name = words - INTRO_WORDS
                    flags[lo + i] = name <= own
                    if flags[lo + i]:
                        guests.extend(self._word_ids[w] << 32 | e for w in name if w in self._word_ids)
        if guests:
            self._title_pairs = unique(np.concatenate([self._title_pairs, np.array(guests, dtype=np.int64)]))
        return flags

    def _episode_name(self, episode: Episode) -> str:
        name = " ".join((episode.title, *episode.people)) + spoken_dots(episode.title)
        return name + " " + self._synonyms.expansion(episode.podcast, name) if self._synonyms.groups else name

    def _synonyms_of(self, title: str, segment: int) -> str:
        """The moderators' synonyms of what a chapter title says (see synonyms.py), with a leading space."""
        if not self._synonyms.groups:
            return ""
        return " " + self._synonyms.expansion(self.episodes[int(self._seg_episode[segment])].podcast, title)

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
        tokens = fold_ascii(texts).split()
        known = self._token_ids
        new = set(tokens).difference(known)
        if new:
            self._add_tokens(sorted(new))
        ids = np.fromiter(map(known.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        segment = first_segment + np.cumsum(ids == IS_SEP)
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
                self._token_ids[raw] = self._term(token) if len(token) > 1 else DROPPED
                continue
            terms: list[tuple[int, int]] = []
            for w in WORD.findall(APOSTROPHES.sub("", token)):
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
                self._token_ids[raw] = DROPPED

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
        segs, vals = best_of(parts, best)
        segs = unique(segs)
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
                        found = (fast_words(n) for n in (*listed, *chapter.keywords))
                        read[key] = tuple(tuple(sorted({stem(w) for w in name})) for name in found if name)
                    names[seg] = read[key]
                seg += 1
        return names


def _word_episode_pairs(keys: np.ndarray) -> np.ndarray:
    """The distinct (word id << 32 | episode) of episode posting keys (whose segment bits hold the episode), sorted."""
    return unique(((keys >> 32) << 32) | ((keys >> 3) & 0x1FFFFFFF))
