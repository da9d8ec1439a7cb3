"""A summary for a chapter without one, drawn from what was said in it: its most representative
sentence or two, at most SUMMARY_CHARS characters, in the speaker's own words.

Representative means: closest, in the words it uses, to everything said in the chapter (a TF-IDF
centroid, the chapters of the episode as the documents) and naming what the chapter's title names.
A sentence of filler, a question, or one too short or too long to stand alone is not a candidate.
Machine transcripts without punctuation in a stretch are cut at their cues instead of sentences.
How this was chosen over the first sentence or the centroid alone, and what it scores:
docs/transcripts.md.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import replace

from bot.core.episodes.model import Chapter, Episode
from bot.core.text import STOPWORDS, stem, words
from bot.core.transcripts.model import Transcript

SUMMARY_CHARS = 200
TITLE_WEIGHT = 0.5  # a sentence naming all of the title's words gains this much over the centroid's cosine
SECOND_AT_LEAST = 0.75  # a second sentence joins the best only when it scores this share of the best
_MIN_CHARS, _MIN_WORDS = 40, 7
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z0-9])")
_LEAD_FILLER = re.compile(r"^(?:(?:so|and|but|yeah|yes|well|okay|ok|oh|um|uh|like|right|no|now|I mean),?\s+)+", re.IGNORECASE)
_FILLER = re.compile(r",?\s+\b(?:um|uh|you know|I mean|kind of|sort of)\b,?(?=\s)", re.IGNORECASE)
_WORDS_PER_STOP = 40  # fewer sentence ends than one in this many words: cut at the cues


def with_drawn_summaries(episode: Episode, transcript: Transcript) -> Episode:
    """`episode` whose chapters without a written summary have one drawn from `transcript`."""
    if not episode.chapters or all(chapter.summary for chapter in episode.chapters):
        return episode
    spans = [_said_in(episode, transcript, index) for index in range(len(episode.chapters))]
    documents = [Counter(_terms(" ".join(span))) for span in spans]
    frequency = Counter(term for document in documents for term in document)
    idf = {term: math.log((1 + len(documents)) / (1 + count)) + 1 for term, count in frequency.items()}
    chapters = []
    for chapter, span, document in zip(episode.chapters, spans, documents):
        if not chapter.summary and span:
            chapter = replace(chapter, transcript_summary=_drawn(chapter, span, document, idf))
        chapters.append(chapter)
    return replace(episode, chapters=tuple(chapters))


def _said_in(episode: Episode, transcript: Transcript, index: int) -> list[str]:
    """The sentences (or, without punctuation, the cues) said between the chapter's start and the next one's."""
    start = episode.chapters[index].start * 1000
    end = episode.chapters[index + 1].start * 1000 if index + 1 < len(episode.chapters) else None
    first = bisect_left(transcript.starts, start)
    last = bisect_left(transcript.starts, end) if end is not None else len(transcript)
    cues = [transcript.text[transcript.bounds[i] : transcript.bounds[i + 1] - 1] for i in range(first, last)]
    text = " ".join(cues)
    stops = sum(text.count(mark) for mark in ".!?")
    if stops * _WORDS_PER_STOP < len(text.split()):
        return cues
    return _SENTENCE_END.split(text)


def _terms(text: str) -> list[str]:
    return [stem(word) for word in words(text) if word not in STOPWORDS]


def _tidy(sentence: str) -> str:
    sentence = _FILLER.sub("", _LEAD_FILLER.sub("", sentence.strip()))
    return sentence[:1].upper() + sentence[1:]


def _drawn(chapter: Chapter, span: list[str], document: Counter[str], idf: dict[str, float]) -> str:
    centre = {term: count * idf[term] for term, count in document.items()}
    centre_norm = math.sqrt(sum(value * value for value in centre.values())) or 1.0
    title = set(_terms(chapter.title))
    scored: list[tuple[float, int, str]] = []
    for position, raw in enumerate(span):
        sentence = _tidy(raw)
        if not _MIN_CHARS <= len(sentence) <= SUMMARY_CHARS or len(sentence.split()) < _MIN_WORDS or sentence.endswith("?"):
            continue
        terms = Counter(_terms(sentence))
        if not terms:
            continue
        norm = math.sqrt(sum((count * idf.get(term, 1.0)) ** 2 for term, count in terms.items()))
        cosine = sum(count * idf.get(term, 1.0) * centre.get(term, 0.0) for term, count in terms.items()) / (norm * centre_norm)
        named = len(title & terms.keys()) / len(title) if title else 0.0
        scored.append((cosine + TITLE_WEIGHT * named, position, sentence))
    if not scored:
        return ""
    scored.sort(reverse=True)
    best = scored[0]
    # A second sentence where both fit: the next best, kept in the order they were said.
    second = next((s for s in scored[1:] if len(best[2]) + 1 + len(s[2]) <= SUMMARY_CHARS and s[0] >= SECOND_AT_LEAST * best[0]
                   and s[2] != best[2]), None)  # fmt: skip  # a line said twice is said once here
    chosen = sorted([best, second] if second else [best], key=lambda s: s[1])
    return " ".join(sentence for _, _, sentence in chosen)
