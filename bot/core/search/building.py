"""Building the word index (index.py): posting lists of every word, typo and prefix tables, episode context.

build_index() is the one way to make a WordIndex; nothing changes it afterwards. A chapter is
indexed under the words of its title (with its kind as words, so "intro" or "sponsors" finds those
chapters), keywords and summary, and under its episode's title, people and description; each
posting keeps the best field the word was found in (FIELD_WEIGHT). An episode's theme (a word in at
least half its chapters) counts at its best field in each of its chapters that has it. Moderators'
synonyms (synonyms.py) are indexed beside the title words they stand for.

How it stays fast and light at catalog scale:
- All posting lists are numpy arrays sorted by chapter, so a question touches only the chapters
  sharing a word with it, and an episode filter is a binary search into each list.
- The build tokenizes chapters in chunks (tokens.py), mapping words to ids with one dictionary
  lookup each; the postings are then ordered with one numpy sort. The episode's own words are
  tokenized once per episode and repeated for its chapters.
- A short prefix ("th", "re") expands to up to 64 common words whose postings together cover much
  of the catalog. The merged posting list of every such heavy prefix is computed when the index is
  built, so typing one costs one array instead of 64.
- The lists of words in a third of the chapters or more (and of such prefixes) are also kept as
  rows, one value per chapter, which a question adds to its scores in one pass (index.ROW_SHARE).
- It runs in a worker thread on reload and steps aside while a question is answered (yielding.py);
  it keeps few objects for the garbage collector to track, since a full collection over a large
  heap stalls every thread.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Sequence

import numpy as np

from bot.core.episodes import Chapter, Episode
from bot.core.search.arrays import best_of, first_of_runs, sorted_counts, spans, unique
from bot.core.search.index import LEADERS, ROW_SHARE, HeavyPrefix, WordIndex, as_row
from bot.core.search.matching import completions, prefix_range
from bot.core.search.semantic import EPISODE_DESCRIPTION_CHARS
from bot.core.search.synonyms import Synonyms
from bot.core.search.tokens import Vocabulary, fast_words, folded_titles, spoken_dots, title_initials
from bot.core.text import stem
from bot.core.yielding import Pacer

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
# catalog, whichever is more) gets its merged posting list computed at build time; so does one of
# more than this many entries with at least MANY_COMPLETIONS completions ("do", "pri"), which
# autocomplete would otherwise read as that many lists, in a prefix as common as "how do".
HEAVY_PREFIX_POSTINGS = 4096
MANY_COMPLETIONS = 8
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

_pace = Pacer()  # the build runs in a reload's worker thread: step aside for questions (yielding.py)


def build_index(episodes: Sequence[Episode], synonyms: Synonyms) -> WordIndex:
    """The word index of `episodes` (each with at least one chapter), with the moderators' `synonyms`."""
    counts = [len(e.chapters) for e in episodes]
    episode_start = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    chapter_episode = np.repeat(np.arange(len(episodes), dtype=np.int32), counts)
    size = int(episode_start[-1])
    sponsors = _sponsor_names(episodes)
    vocabulary = Vocabulary(_pace)
    titles, chapter_keys = _chapter_keys(episodes, chapter_episode, synonyms, vocabulary)
    episode_keys, title_pairs, episode_word_counts = _episode_keys(episodes, episode_start, synonyms, vocabulary)
    # key = term << 32 | chapter << 3 | field code: sorted, the postings of each term in chapter order.
    key = np.concatenate([*chapter_keys, episode_keys])
    del chapter_keys, episode_keys
    key.sort()
    key = key[first_of_runs(key >> 3)]  # a word in a chapter and in its episode: the best field
    terms = (key >> 32).astype(np.int32)
    codes = (key & 7).astype(np.int8)
    weights = FIELD_WEIGHT[codes]
    key >>= 3
    key &= 0x1FFFFFFF
    post_chapter = key  # int64: numpy indexes fastest with its own index type
    del key
    own = codes < EPISODE
    post_weight = _theme_weights(terms, weights, own, post_chapter, chapter_episode, episode_start)
    df = sorted_counts(terms, len(vocabulary.stem_ids))  # postings
    # How many chapters use a word, each episode's own text counted once: repeating an episode's
    # title for each of its chapters must not make its words look common.
    used = sorted_counts(terms[own], len(df)) + episode_word_counts
    del terms, weights, codes, own, episode_word_counts
    post_start = np.concatenate(([0], np.cumsum(df))).astype(np.int64)
    n = max(size, 1)
    word_ids, stem_ids = vocabulary.word_ids, vocabulary.stem_ids
    del vocabulary  # its tables of tokens: only needed while tokenizing
    sorted_words = sorted(word_ids)
    sorted_word_ids = np.array([word_ids[w] for w in sorted_words], dtype=np.int64)
    introductions, title_pairs = _introductions(episodes, episode_start, titles, word_ids, title_pairs, synonyms)
    typo_keys, typo_owner = _typo_table(sorted_words)
    index = WordIndex(
        size=size, episode_start=episode_start, chapter_episode=chapter_episode, titles=titles,
        word_ids=word_ids, stem_ids=stem_ids, sorted_words=sorted_words, sorted_word_ids=sorted_word_ids,
        sorted_word_df=df[sorted_word_ids] if sorted_words else np.zeros(0, np.int64),
        post_start=post_start, post_chapter=post_chapter, post_weight=post_weight,
        term_top=np.maximum.reduceat(post_weight, post_start[:-1]) if len(df) else np.zeros(0, np.float32),
        # BM25's idf: always positive, so a word found everywhere still counts a little.
        idf=np.log1p((n - used + 0.5) / (used + 0.5)).astype(np.float32),
        unmatched_weight=float(math.log1p((n - 0.5) / 1.5)) if size else 1.0,
        typo_keys=typo_keys, typo_owner=typo_owner, heavy={},
        introductions=introductions, sponsors=sponsors, **_by_episode(title_pairs, len(episodes)),
        title_initials=title_initials(titles),
    )  # fmt: skip
    # The heavy prefixes are found with matching's own completions of a prefix, which read the index.
    return replace(index, heavy=_heavy_prefixes(index), rows=_rows(index))


def _rows(index: WordIndex) -> dict[int, np.ndarray]:
    """The posting lists of the terms in ROW_SHARE of the chapters or more, as rows."""
    rows = {}
    for term in np.flatnonzero(np.diff(index.post_start) >= max(1, ROW_SHARE * index.size)).tolist():
        _pace()
        rows[term] = as_row(index.size, *index.posting(term, 1.0))
    return rows


def _chapter_keys(
    episodes: Sequence[Episode], chapter_episode: np.ndarray, synonyms: Synonyms, vocabulary: Vocabulary
) -> tuple[list[str], list[np.ndarray]]:  # fmt: skip
    """Each chapter's folded title, and the posting keys of the chapters' own words, a chunk at a time."""
    chapters = [c for e in episodes for c in e.chapters]
    titles: list[str] = []
    keys: list[np.ndarray] = []
    for lo in range(0, len(chapters), BUILD_CHUNK):
        chunk = chapters[lo : lo + BUILD_CHUNK]
        titles.extend(folded_titles([c.title for c in chunk]))
        fields = (
            (TITLE, _title_texts(chunk, lo, episodes, chapter_episode, synonyms)),
            (KEYWORDS, [" ".join(c.keywords) for c in chunk]),
            (SUMMARY, [c.summary for c in chunk]),
        )
        chunk_keys = np.concatenate([vocabulary.keys(texts, lo, code) for code, texts in fields])
        _pace()
        # One posting per (word, chapter): its best field, which is its lowest code.
        chunk_keys.sort()
        keys.append(chunk_keys[first_of_runs(chunk_keys >> 3)])
    return titles, keys


def _title_texts(chunk: list[Chapter], lo: int, episodes: Sequence[Episode], chapter_episode: np.ndarray, synonyms: Synonyms) -> list[str]:
    """The TITLE field of chapters lo, lo + 1, ...: the title, its dotted words spoken, the kind as
    words, and the moderators' synonyms of what the title says (synonyms.py)."""
    texts = [c.title + spoken_dots(c.title) + " " + KIND_WORDS[c.kind] for c in chunk]
    if not synonyms.groups:
        return texts
    podcasts = [episodes[e].podcast for e in chapter_episode[lo : lo + len(chunk)].tolist()]
    return [t + " " + synonyms.expansion(p, c.title) for t, p, c in zip(texts, podcasts, chunk)]


def _episode_keys(
    episodes: Sequence[Episode], episode_start: np.ndarray, synonyms: Synonyms, vocabulary: Vocabulary
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Posting keys of each episode's own words (EPISODE and DESCRIPTION fields), for every chapter of
    the episode; the (term << 32 | episode) pairs of the episodes' titles; and in how many episodes
    each term is.

    Tokenized once per episode (with the episode's index in the chapter bits), then repeated.
    """
    fields = (
        (EPISODE, [_episode_name(e, synonyms) for e in episodes]),
        (DESCRIPTION, [e.description[:EPISODE_DESCRIPTION_CHARS] for e in episodes]),
    )
    parts: list[np.ndarray] = []
    for code, texts in fields:
        for lo in range(0, len(texts), BUILD_CHUNK):
            # Built as EPISODE, whose compound parts get EPISODE + 1; then every key gets `code`.
            field_keys = vocabulary.keys(texts[lo : lo + BUILD_CHUNK], lo, EPISODE)
            field_keys &= ~np.int64(7)
            field_keys |= code
            parts.append(field_keys)
    keys = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    if not len(keys):  # no episodes, or none with a word in its title or description ("#1", "第1話")
        return keys, keys, np.zeros(len(vocabulary.stem_ids), np.int64)
    # Which words each episode's title (and people) holds, for the context lift (episode_titles.py).
    title_pairs = _word_episode_pairs(keys[(keys & 7) == EPISODE])
    word_counts = sorted_counts(_word_episode_pairs(keys) >> 32, len(vocabulary.stem_ids))
    # Each key repeated for every chapter of its episode, a slice at a time: np.repeat and
    # np.cumsum hold the interpreter lock, and a question answered meanwhile waits for them.
    chapters = np.diff(episode_start)
    expanded = []
    for lo in range(0, len(keys), EXPAND_CHUNK):
        _pace()
        part = keys[lo : lo + EXPAND_CHUNK]
        episode = (part >> 3) & 0x1FFFFFFF
        counts = chapters[episode]
        chapter = spans(episode_start[episode], counts)
        expanded.append(np.repeat(part & ~np.int64(0x1FFFFFFF << 3), counts) | (chapter << 3))
    return np.concatenate(expanded), title_pairs, word_counts


def _introductions(
    episodes: Sequence[Episode], episode_start: np.ndarray, titles: list[str], word_ids: dict[str, int],
    title_pairs: np.ndarray, synonyms: Synonyms,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Which chapters introduce their episode or its guest: intro chapters, and chapters titled like
    "Who is Zach Lloyd?" (a cue word, and otherwise only words of the episode's own text); and
    `title_pairs` with the guests they name.

    The name such a chapter gives is the episode's guest: it joins the words of the episode's
    title for the context lift (episode_titles.py), as the people listed with an episode do. Show notes
    often name a guest only in the description and in that chapter, and "luca casonato esm"
    asks for the ESM chapter of Luca Casonato's episode.
    """
    flags = np.zeros(len(titles), dtype=bool)
    guests: list[int] = []  # (word id << 32 | episode) of each name found
    for e, episode in enumerate(episodes):
        _pace()
        lo = int(episode_start[e])
        own: set[str] | None = None  # the episode's words, read only if a title has a cue
        for i, chapter in enumerate(episode.chapters):
            words = {w for w in titles[lo + i].split() if len(w) > 1 and not w.isdigit()}
            if chapter.kind == "intro":
                flags[lo + i] = True
            elif words & INTRO_CUES and words - INTRO_WORDS:
                own = own if own is not None else set(fast_words(_episode_name(episode, synonyms) + " " + episode.description))
                name = words - INTRO_WORDS
                flags[lo + i] = name <= own
                if flags[lo + i]:
                    guests.extend(word_ids[w] << 32 | e for w in name if w in word_ids)
    if guests:
        title_pairs = unique(np.concatenate([title_pairs, np.array(guests, dtype=np.int64)]))
    return flags, title_pairs


def _episode_name(episode: Episode, synonyms: Synonyms) -> str:
    name = " ".join((episode.title, *episode.people)) + spoken_dots(episode.title)
    return name + " " + synonyms.expansion(episode.podcast, name) if synonyms.groups else name


def _theme_weights(
    terms: np.ndarray, weights: np.ndarray, counted: np.ndarray, post_chapter: np.ndarray, chapter_episode: np.ndarray,
    episode_start: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """Raise an episode's theme words, in each of its chapters that has them, to their best field there.

    A word in most of an episode's chapters ("ketamine" in a ketamine episode) is the episode's
    theme: whether a chapter names it in its title or only in its summary says little about
    which chapter a question wants. Across a catalog such a word is rare, so it weighs a lot;
    without this, the chapters with the theme in their title would outrank the one that
    answers ("ketamine dose" -> "Ketamine Forms; ...; Micro-Dosing" over "Doses & Routes").
    Only the chapters' own words (`counted`) take part: the episode's title and description are
    in every chapter by construction (see episode_titles.py for what the title does).
    """
    kept = np.flatnonzero(counted)
    if not len(kept):
        return weights
    terms, chapters = terms[kept], post_chapter[kept]
    episodes = chapter_episode[chapters]
    # Postings run by word, then chapter: each (word, episode) pair is one run.
    boundary = np.ones(len(terms), dtype=bool)
    np.not_equal(terms[1:], terms[:-1], out=boundary[1:])
    boundary[1:] |= episodes[1:] != episodes[:-1]
    starts = np.flatnonzero(boundary)
    counts = np.diff(starts, append=len(terms))
    sizes = np.diff(episode_start)[episodes[starts]]
    theme = np.flatnonzero((counts >= THEME_SHARE * sizes) & (sizes >= THEME_MIN_CHAPTERS))
    if not len(theme):
        return weights
    first, size = starts[theme], counts[theme]
    offsets = np.concatenate(([0], np.cumsum(size)[:-1]))
    members = kept[spans(first, size)]  # the postings of theme runs
    weights[members] = np.repeat(np.maximum.reduceat(weights[members], offsets), size)
    return weights


def _typo_table(sorted_words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every vocabulary word and its one-letter deletions, hashed and sorted for searchsorted, with
    the position of the word each came from.

    A typo within distance 1 of a word shares a deletion with it (SymSpell's idea); the
    candidates are then checked with a real edit distance (matching.py).
    """
    keys: list[int] = []
    owners: list[int] = []
    for index, word in enumerate(sorted_words):
        _pace()
        if len(word) < 4:
            continue
        variants = {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
        keys.extend(hash(v) for v in variants)
        owners.extend([index] * len(variants))
    key_arr = np.array(keys, dtype=np.int64)
    order = np.argsort(key_arr)
    return key_arr[order], np.array(owners, dtype=np.int32)[order]


def _heavy_prefixes(index: WordIndex) -> dict[str, HeavyPrefix]:
    """Merged postings of the prefixes whose completions cover many chapters.

    A prefix can only be heavy if a shorter one is, so the search grows prefixes one letter at a
    time from two letters (one-letter words are not words) and stops where they get light.
    """
    heavy: dict[str, HeavyPrefix] = {}
    floor, limit = HEAVY_PREFIX_POSTINGS, max(HEAVY_PREFIX_POSTINGS, index.size // 8)
    vocabulary = index.sorted_words
    post_start = index.post_start
    volume = np.concatenate(([0], np.cumsum(index.sorted_word_df)))
    frontier = sorted({w[:2] for w in vocabulary if len(w) >= 2})
    best = np.zeros(index.size, dtype=np.float32)
    while frontier:
        longer: set[str] = set()
        for prefix in frontier:
            _pace()
            lo, hi = prefix_range(index, prefix)
            if volume[hi] - volume[lo] <= floor:  # every completion together: an upper bound
                continue
            found = completions(index, prefix)
            sizes = [int(post_start[t + 1] - post_start[t]) for t in found]
            # Worth merging when big, and not one word's list with a few small ones ("abou").
            bar = limit if len(found) < MANY_COMPLETIONS else floor
            if sum(sizes) > bar and sum(sizes) - max(sizes) > bar // 4:
                merged = _merge(index, found, best)
                leaders = np.sort(np.lexsort((merged[0], -merged[1]))[:LEADERS])
                row = as_row(index.size, *merged) if len(merged[0]) >= ROW_SHARE * index.size else None
                heavy[prefix] = (found, merged, float(merged[1].max()), leaders, row)
            longer.update(w[: len(prefix) + 1] for w in vocabulary[lo:hi] if len(w) > len(prefix))
        frontier = sorted(longer)
    return heavy


def _merge(index: WordIndex, found: dict[int, float], best: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One posting list for several matched terms: each chapter's best value (`best`: zeros, scratch)."""
    parts = [index.posting(t, sim) for t, sim in found.items()]
    if len(parts) == 1:
        return parts[0]
    chapters = best_of(parts, best)
    chapters = unique(chapters)
    values = best[chapters]
    best[chapters] = 0.0
    return chapters, values


def _sponsor_names(episodes: Sequence[Episode]) -> dict[int, tuple[tuple[str, ...], ...]]:
    """For each sponsor chapter, the sponsors it names, each as its words' stems.

    A sponsor chapter's title lists the sponsors ("Sponsors: ROKA & Eight Sleep"); its keywords
    are other names for them ("athletic greens" for AG1). Only sponsor chapters are listed, and
    as tuples of strings, which the garbage collector stops tracking: a reload that adds tens of
    thousands of objects it must track triggers a full collection, which stalls every thread for
    a tenth of a second in a catalog of 100,000 chapters.
    """
    names: dict[int, tuple[tuple[str, ...], ...]] = {}
    read: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, ...], ...]] = {}  # the same reads recur
    number = 0
    for episode in episodes:
        _pace()
        for chapter in episode.chapters:
            if chapter.kind == "sponsor":
                key = (chapter.title, chapter.keywords)
                if key not in read:
                    listed = re.split(r",|&|\band\b|/", _SPONSOR_PREFIX.sub("", chapter.title))
                    found = (fast_words(n) for n in (*listed, *chapter.keywords))
                    read[key] = tuple(tuple(sorted({stem(w) for w in name})) for name in found if name)
                names[number] = read[key]
            number += 1
    return names


def _by_episode(title_pairs: np.ndarray, episodes: int) -> dict[str, np.ndarray]:
    """WordIndex's title_start and title_terms, from the sorted (word id << 32 | episode) pairs:
    scoring reads a few episodes' title words at a time, and finds them without a search."""
    by_episode = np.sort(((title_pairs & 0xFFFFFFFF) << 32) | (title_pairs >> 32))
    title_start = np.searchsorted(by_episode >> 32, np.arange(episodes + 1)).astype(np.int64)
    return {"title_start": title_start, "title_terms": by_episode & 0xFFFFFFFF}


def _word_episode_pairs(keys: np.ndarray) -> np.ndarray:
    """The distinct (word id << 32 | episode) of episode posting keys (whose chapter bits hold the episode), sorted."""
    return unique(((keys >> 32) << 32) | ((keys >> 3) & 0x1FFFFFFF))
