"""Chapters found in a transcript, for an episode published without a chapter list: where the talk
turns to another topic, and what each stretch is about, in its own words.

Where: lexical cohesion (TextTiling, Hearst 1997) over what was said. The talk is cut into blocks
of BLOCK_SECONDS; at each gap between blocks, the words of the WINDOW_BLOCKS blocks before are
compared with those of the blocks after (cosine of their stem counts). A topic ends where that
similarity dips deeply relative to the peaks on both sides. The deepest dips become boundaries,
while they are deep enough (at least the mean dip less DEPTH_CUT standard deviations) and no chapter
gets shorter than MIN_SECONDS; a stretch longer than MAX_SECONDS is then cut at its deepest dip. Each
boundary moves to the start of the nearest cue, so a chapter starts when someone starts talking.
Time and memory grow linearly with the transcript's length.

What: a chapter's title is its most distinctive phrases (TITLE_PHRASES at most), by TF-IDF against
the rest of the episode, as they were said: words of the transcript, never invented, capitalised
and at most TITLE_CHARS long. How this was tuned and what it scores against published chapter
lists: docs/transcripts.md.
"""

from __future__ import annotations

import math
import re
import statistics
from bisect import bisect_left
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from bot.core.episodes.model import Chapter, Episode
from bot.core.text import STOPWORDS, fold, stem
from bot.core.transcripts.model import Transcript

BLOCK_SECONDS = 30  # the unit of talk compared
WINDOW_BLOCKS = 6  # blocks on each side of a gap (3 minutes)
DEPTH_CUT = 0.5  # a dip is a boundary when at least mean - DEPTH_CUT * stdev of all dips deep
MIN_SECONDS = 180  # no chapter shorter than 3 minutes...
MAX_SECONDS = 20 * 60  # ...nor longer than 20, where a dip allows
# A phrase scores count x rarity ** RARITY x words ** LONGER; rarity is its IDF over the chapters.
# The square root of the IDF: a chapter's title may name the episode's subject too (measured).
RARITY = 0.5
LONGER = 0.5
TITLE_PHRASES = 2  # the title names this many of the chapter's most distinctive phrases
TITLE_CHARS = 60  # well within the episode format's title limit, and readable in a list
# How a reply marks a chapter found here, and says what that means, so no one takes it for the publisher's.
AUTOMATIC_CHAPTER = "(automatic chapter)"
AUTOMATIC_CHAPTERS_NOTE = "Chapters found automatically in the transcript, titled from its words: none were published."
# Words of conversation that say nothing of the topic, beside the search's STOPWORDS.
SPOKEN = frozenset(
    """
    um uh ah oh hmm mm yeah yes yep no nope okay ok right well sure like just so gonna wanna
    gotta kinda sorta dunno im ive youre youve theyre weve thats theres heres lets ill id hes shes
    one two three first also guess mean guys hey thank thanks welcome today great cool
    little bit pretty quite lot totally exactly absolutely definitely interesting look see
    take put give back around anyway stuff whatever sense true went saying talking things
    going doing getting year years time times day days many may us new old big long last next
    sometimes yourself myself himself herself themselves ourselves blah gave tend man guy whole
    start started end ended part point case able certain real reason place
    """.split()
)
# A phrase of one word ending so is mostly a verb or adverb said in passing, not what a chapter is about.
_NOT_A_TOPIC = re.compile(r"(?:ing|ed|ly)$")
# A word as said, with its capitals; or a stop a phrase must not run across.
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*|[.,;:!?…]")
_DROPPED = STOPWORDS | SPOKEN


def with_found_chapters(episode: Episode, transcript: Transcript) -> Episode:
    """`episode` with chapters found in `transcript` when it has no chapter list of its own (none,
    or one chapter for the whole episode), marked as automatic; otherwise `episode` as it is."""
    if len(episode.chapters) > 1 or episode.chapters and episode.chapters[0].start > 0 or not len(transcript):
        return episode
    chapters = find_chapters(transcript, max(episode.duration, int(transcript.end)))
    if not chapters:
        return episode
    return replace(episode, chapters=chapters, replaced_chapters=episode.chapters)


def find_chapters(transcript: Transcript, duration: int) -> tuple[Chapter, ...]:
    """The chapters of the talk in `transcript`: their starts (the first at 0) and titles."""
    timed = _timed_words(transcript)
    if not timed:
        return ()
    blocks = _blocks(timed, duration)
    gaps = _boundaries(blocks, duration)
    starts = [0] + [_cue_start(transcript, gap * BLOCK_SECONDS) for gap in gaps]
    starts = sorted(set(starts))
    seconds = [second for second, _ in timed]
    cuts = [bisect_left(seconds, start) for start in starts] + [len(timed)]
    spans = [[word for _, word in timed[a:b]] for a, b in zip(cuts, cuts[1:])]
    # A stretch with no topic word to name it (all "yeah, right") joins the chapter before it (the first, the one after).
    titled = [(start, title) for start, title in zip(starts, _titles(spans)) if title]
    return tuple(Chapter(0 if i == 0 else start, title) for i, (start, title) in enumerate(titled))


def _timed_words(transcript: Transcript) -> list[tuple[float, str]]:
    """Every word said, as written, with the second it is said at (shared out along its cue)."""
    out: list[tuple[float, str]] = []
    text, bounds, starts, ends = transcript.text, transcript.bounds, transcript.starts, transcript.ends
    for i in range(len(transcript)):
        said = _WORD.findall(text[bounds[i] : bounds[i + 1] - 1])
        if not said:
            continue
        start, step = starts[i] / 1000, (ends[i] - starts[i]) / 1000 / len(said)
        out.extend((start + k * step, word) for k, word in enumerate(said))
    return out


@lru_cache(maxsize=100_000)
def _term(word: str) -> str | None:
    """The stem a word as said counts as for the topic, or None for a word of no topic."""
    word = fold(word).replace(" ", "").replace("-", "")
    if len(word) < 3 or word in _DROPPED or word.isdigit():
        return None
    return stem(word)


def _blocks(timed: list[tuple[float, str]], duration: int) -> list[Counter[str]]:
    blocks: list[Counter[str]] = [Counter() for _ in range(duration // BLOCK_SECONDS + 1)]
    for second, word in timed:
        term = _term(word)
        if term is not None:
            blocks[min(int(second // BLOCK_SECONDS), len(blocks) - 1)][term] += 1
    return blocks


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(count * b[term] for term, count in a.items() if term in b)
    norm = math.sqrt(sum(c * c for c in a.values()) * sum(c * c for c in b.values()))
    return dot / norm if norm else 0.0


def _similarities(blocks: list[Counter[str]]) -> list[float]:
    """At each gap g (before block g), the cohesion of the talk across it, smoothed."""
    n = len(blocks)
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    for block in blocks[:WINDOW_BLOCKS]:
        after.update(block)
    scores = [0.0] * (n + 1)
    for gap in range(n + 1):  # windows slide one block a step: linear in the number of blocks
        if gap:
            before.update(blocks[gap - 1])
            after.subtract(blocks[gap - 1])
            if gap - 1 - WINDOW_BLOCKS >= 0:
                before.subtract(blocks[gap - 1 - WINDOW_BLOCKS])
            if gap - 1 + WINDOW_BLOCKS < n:
                after.update(blocks[gap - 1 + WINDOW_BLOCKS])
            before, after = +before, +after  # drop the terms whose count fell to zero
        scores[gap] = _cosine(before, after)
    return [sum(scores[max(0, g - 1) : g + 2]) / len(scores[max(0, g - 1) : g + 2]) for g in range(n + 1)]


def _depths(scores: list[float]) -> list[float]:
    """How deep each gap's cohesion dips below the highest points reached climbing left and right."""
    n = len(scores)
    left, right = scores[:], scores[:]  # the peak reached from each gap, one pass each way
    for g in range(1, n):
        if scores[g - 1] >= scores[g]:
            left[g] = left[g - 1]
    for g in range(n - 2, -1, -1):
        if scores[g + 1] >= scores[g]:
            right[g] = right[g + 1]
    return [0.0] + [left[g] + right[g] - 2 * scores[g] for g in range(1, n - 1)] + [0.0] * min(1, n - 1)


def _boundaries(blocks: list[Counter[str]], duration: int) -> list[int]:
    """The gaps (block numbers) where one chapter ends and the next begins."""
    shortest, longest = MIN_SECONDS // BLOCK_SECONDS, MAX_SECONDS // BLOCK_SECONDS
    last = duration // BLOCK_SECONDS
    if last < 2 * shortest:
        return []
    depths = _depths(_similarities(blocks))
    valleys = [d for g, d in enumerate(depths) if d > 0 and shortest <= g <= last - shortest]
    cut = statistics.fmean(valleys) - DEPTH_CUT * statistics.pstdev(valleys) if valleys else math.inf
    chosen: list[int] = []
    order = sorted(range(len(depths)), key=lambda g: -depths[g])

    def fits(gap: int) -> bool:
        if not shortest <= gap <= last - shortest:
            return False
        at = bisect_left(chosen, gap)
        return all(abs(gap - other) >= shortest for other in chosen[max(0, at - 1) : at + 1])

    for gap in order:
        if depths[gap] >= cut and depths[gap] > 0 and fits(gap):
            chosen.insert(bisect_left(chosen, gap), gap)
    # A stretch longer than the longest chapter is cut where it dips most, while a cut fits.
    edges = [0, *chosen, last]
    for left, right in zip(edges, edges[1:]):
        while right - left > longest:
            inside = [g for g in range(left + shortest, right - shortest + 1)]
            if not inside:
                break
            gap = max(inside, key=lambda g: depths[g])
            chosen.insert(bisect_left(chosen, gap), gap)
            left = gap
    return chosen


def _cue_start(transcript: Transcript, second: float) -> int:
    """The start of the cue nearest to `second`, in whole seconds."""
    at = bisect_left(transcript.starts, second * 1000)
    near = [i for i in (at - 1, at) if 0 <= i < len(transcript)]
    best = min(near, key=lambda i: abs(transcript.starts[i] - second * 1000))
    return transcript.starts[best] // 1000


def _phrases(words: list[str]) -> tuple[Counter[tuple[str, ...]], dict[tuple[str, ...], str]]:
    """Runs of one to three topic words in a row, counted by their stems, and how each was said
    (in lower case where it ever was: capitals then only come from the start of a sentence)."""
    found: Counter[tuple[str, ...]] = Counter()
    said: dict[tuple[str, ...], str] = {}
    terms: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        term = _term(word) if word else None
        if term is not None:
            terms.append(term)
            run.append(word)
            continue
        for size in (1, 2, 3):
            for i in range(len(run) - size + 1):
                key = tuple(terms[i : i + size])
                found[key] += 1
                known = said.get(key)
                if known is None or not known.islower():
                    phrase = " ".join(run[i : i + size])
                    if known is None or phrase.islower():
                        said[key] = phrase
        terms, run = [], []
    return found, said


def _titles(spans: list[list[str]]) -> list[str]:
    """A title for each span of words: its most distinctive phrases against the other spans."""
    counted = [_phrases(span) for span in spans]
    spread = Counter(key for found, _ in counted for key in found)
    titles = []
    for found, said in counted:
        scored = []
        for key, count in found.items():
            if count < 2 and len(found) > 20:
                continue  # said once, in a chapter of many words: not what it is about
            if len(key) == 1 and _NOT_A_TOPIC.search(said[key]) or len(set(key)) < len(key):
                continue  # a verb in passing, or a stammer ("whoa whoa")
            rarity = math.log((1 + len(spans)) / spread[key]) + 1
            scored.append((count * rarity**RARITY * len(key) ** LONGER, key))  # see RARITY
        scored.sort(reverse=True)
        picked: list[tuple[str, ...]] = []
        for _, key in scored:
            if any(set(key) & set(other) for other in picked):
                continue  # "dark matter" and "matter" name one thing
            picked.append(key)
            if len(picked) == TITLE_PHRASES:
                break
        titles.append(_title(", ".join(said[key] for key in picked)))
    return titles


def _title(text: str) -> str:
    """The phrases within TITLE_CHARS, the first capitalised unless it has capitals of its own (iPad)."""
    if len(text) > TITLE_CHARS:
        text = text[:TITLE_CHARS].rsplit(", ", 1)[0][:TITLE_CHARS]
    first = text.split(" ", 1)[0]
    return text[:1].upper() + text[1:] if first.islower() else text
