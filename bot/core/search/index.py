"""The word index of a catalog: built once (building.py), then only read.

Chapters are numbered across the catalog, episode after episode: chapter c of the index is chapter
c - episode_start[e] of episode e = chapter_episode[c]. Words are numbered by their stem (a "term"):
every form of a word that stems alike shares the term's posting list.

A posting list holds, for one term, the chapters that have it (ascending) and its weight in each:
the best field it was found in (building.FIELD_WEIGHT). The lists of all terms are laid end to end
in two arrays, term t's being post_chapter[post_start[t]:post_start[t + 1]] (likewise post_weight),
so the index is a few large numpy arrays rather than millions of small objects.

WordIndex is frozen, and its arrays are made read-only when it is made: matching.py and scoring.py
take it as an argument and read it from any number of threads at once; a reload builds a new one.
Its dicts and lists are, by this convention only, never written after the build either.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

# One heavy prefix's completions (term -> similarity), their merged posting list, its best value,
# the positions in that list of its LEADERS best postings (by value, then chapter), ascending, and
# the list as a row (see ROW_SHARE) or None.
HeavyPrefix = tuple[dict[int, float], tuple[np.ndarray, np.ndarray], float, np.ndarray, np.ndarray | None]
# A heavy prefix typed alone ("co", "fr") matches most of the catalog, but only the best of its
# chapters can be ranked (scoring.rank takes at most 4 x 25 by score); these are kept at build time.
LEADERS = 256
# A posting list of at least this share of the chapters ("the", "with", a description's words in
# every chapter of its episodes) is also kept as a row: its value for every chapter, 0 where it is
# absent. Adding a row to the scores takes a fifth of the time of writing the list through its
# chapter numbers, and costs a third of the memory of the list itself.
ROW_SHARE = 1 / 3


@dataclass(frozen=True, slots=True, eq=False)
class WordIndex:
    # The catalog's layout.
    size: int  # chapters
    episode_start: np.ndarray  # int64, one per episode and one more: its first chapter (the last: size)
    chapter_episode: np.ndarray  # int32, one per chapter: its episode
    titles: list[str]  # one per chapter: its title, folded (text.fold)

    # The vocabulary.
    word_ids: dict[str, int]  # a word as written (folded), or a stem -> its term
    stem_ids: dict[str, int]  # a stem -> its term
    sorted_words: list[str]  # the keys of word_ids, sorted: prefixes are ranges of it
    sorted_word_ids: np.ndarray  # int64, the term of each of sorted_words
    sorted_word_df: np.ndarray  # int64, the length of the posting list of each of sorted_words

    # The posting lists, and what a term weighs.
    post_start: np.ndarray  # int64, one per term and one more
    post_chapter: np.ndarray  # int64 (numpy indexes fastest with its own index type)
    post_weight: np.ndarray  # float32
    term_top: np.ndarray  # float32, one per term: its highest weight, the most it adds to a chapter
    idf: np.ndarray  # float32, one per term: BM25's inverse document frequency
    unmatched_weight: float  # what a question word found nowhere weighs: as the rarest word

    # Tables that make matching fast (matching.py).
    typo_keys: np.ndarray  # int64, sorted hashes of each word and its one-letter deletions...
    typo_owner: np.ndarray  # int32, ...and the position in sorted_words of the word each came from
    heavy: dict[str, HeavyPrefix]  # prefixes whose completions cover much of the catalog, merged

    # What scoring needs to know about chapters beyond their words (scoring.py).
    introductions: np.ndarray  # bool, one per chapter: it introduces its episode or its guest
    # The terms of each episode's title and guests, episode after episode (ascending within one):
    # episode e's are title_terms[title_start[e]:title_start[e + 1]].
    title_start: np.ndarray  # int64, one per episode and one more
    title_terms: np.ndarray  # int64
    sponsors: dict[int, tuple[tuple[str, ...], ...]]  # sponsor chapter -> the sponsors it names, as stems
    # Acronyms (matching.py): sorted (initials << 32 | chapter) of topic words side by side in titles.
    title_initials: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    # The posting lists of the terms in ROW_SHARE of the chapters or more, as rows (float32, read-only).
    rows: dict[int, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for each in fields(self):
            value = getattr(self, each.name)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False

    def posting(self, term: int, similarity: float) -> tuple[np.ndarray, np.ndarray]:
        """A term's posting list: its chapters, and its weight in each times `similarity`."""
        start, end = self.post_start[term], self.post_start[term + 1]
        weights = self.post_weight[start:end]  # read-only: an exact match shares it, copying nothing
        return self.post_chapter[start:end], weights if similarity == 1.0 else weights * np.float32(similarity)


def as_row(size: int, chapters: np.ndarray, values: np.ndarray) -> np.ndarray:
    """A posting list as a read-only row of `size` values (0 where a chapter is not listed)."""
    row = np.zeros(size, dtype=np.float32)
    row[chapters] = values
    row.flags.writeable = False
    return row
