"""Telling a transcript, subtitles or quotes from a chapter list, by the shape of a run of timed lines.

Speech, not chapters: turns of two or more speakers (`Ben: ...`, `Tim: ...`); a speaker log, a few
short titles (who speaks) over and over (`*Joe Patti (00:00)*` / `*Adam Roth (00:15)*` / ...), unless
three or more come in one fixed round (`Overview`, `Monday` ... `Sunday` under each week: sections); more
than 50 timed lines, most of them whole sentences of fifteen words on average; times seconds apart over
sentences starting mid-sentence in lower case, whole sentences (as close as they take to say), or as long as paragraphs; captions
seconds apart starting mid-sentence, however short; sayings with who said them
(`"The goal is ..." - Darcy`); subtitle cues (times to the millisecond, `00:00:01.000 --> ...`, dense);
interview excerpts (titles that are whole quoted sentences, `"I never planned it." (04:12)`); a
line every few seconds, whatever is said (`00:00:11 - Qué buena forma de iniciar`), as no list of
topics is; a chat log, one voice or more leading nearly every line seconds apart; a log by the time of
day (`08:01` ... `08:34`, a day's posts). Nor is a numbered text whose numbers look like times: verses `1:1`, `1:2`, ... `1:18`,
each one "second" after the one before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from bot.core.shownotes.list_times import HM_GAP
from bot.core.shownotes.model import Found, Line

_DENSE_GAP = 90  # seconds between times on average: a transcript's lines, not chapters
_UTTERANCE_GAP = 15  # seconds between times (h:mm:ss) on average over many lines: each line is one thing said
_UTTERANCES = 8
_TURN_WORDS = 8  # words in a title that make alternating turns speech even when sparse
_LOWER_WORDS = 4  # ... and lower-case titles in a dense run ("and then we said ...", not "`noImplicitAny`")
_SPEECH_LOWER = 0.6  # share of titles starting in lower case, mid-sentence
_SPEAKER_SHARE = 0.5  # share of titles that are turns ("Ben: ...") or quotes
_SPEAKERS = 8
_QUOTE_WORDS = 12
# A saying and who said it: '"The goal is ... interviewee." - Darcy Clarke'.
_ATTRIBUTED_QUOTE = re.compile(r"[\"”»'’]\s{0,3}[-–—]\s{0,3}\w")
_PARAGRAPH_WORDS = 20
# Whole sentences of this many words on average, most lines, with times under _DENSE_GAP apart: what was said
# (`[00:00:12] So welcome back everyone to the show today.`); a list's topics are minutes apart.
_SENTENCE_WORDS = 6
# ... as long as the times leave no more room than the sentence takes to say (150 words a minute, so a
# sentence of twelve words takes five seconds): sentences a minute apart are topics written down, a
# listener mail show's list (`9:40 Carrie's blue feather: how do you get out of your own way?`).
_SECONDS_A_WORD = 4
_NAME_WORDS = 3  # a title this short, repeated, is who speaks (`*Joe Patti (00:00)*`), not a topic
_MIN_LOG = 6  # ... in a run of at least this many times
_CYCLE = 3  # distinct titles repeated in one fixed round: a list's recurring sections (_cycled)
# Two voices or more that title nearly every time: a list repeats a few titles too ("Listener
# question", "Ad break"), between topics of their own.
_VOICES_SHARE = 0.8
# Many timed lines, most of them whole sentences as long as people speak them: the lines of a
# transcript, however its times run (a video page's transcript jumps about). A long chapter list may
# end its titles with a full stop too (The WAN Show: 77 of them), but in eight words, not fifteen.
_MANY_LINES = 50
_SENTENCE_SHARE = 0.6
_SPOKEN_WORDS = 15
_DAY_HOURS = 6  # hours and minutes from this on are a time of day, not a start in an episode
_VERSES = 3  # times this many, each one second after the one before, are numbered verses
_CUE_TIME = re.compile(r"[.,]\d{3}$")  # "00:00:01.000": subtitles are timed to the millisecond
# A whole quoted sentence: '"I never planned to start a company."', '„Wir wussten es nicht.“'.
_QUOTED_SENTENCE = re.compile(r"^[\"“„«‘'].{0,400}[.!?…][\"”“»’']$")


def is_speech(run: list[Found]) -> bool:
    """A transcript, subtitles or quotes, not a chapter list (see the module's docstring)."""
    titled = [chapter.title for chapter in run if chapter.title]
    if not titled:
        return False
    words = sum(len(title.split()) for title in titled) / len(titled)
    lower = _share(titled, lambda title: title[0].islower())
    quoted = _share(titled, lambda title: _ATTRIBUTED_QUOTE.search(title) is not None)
    labels = Counter(title.split(": ", 1)[0] for title in titled if ": " in title[:30])
    names = [count for label, count in labels.most_common(_SPEAKERS) if count > 1 and len(label.split()) <= 2]
    turns = len(names) >= 2 and sum(names) >= _SPEAKER_SHARE * len(titled)
    repeated = [count for title, count in Counter(titled).most_common(_SPEAKERS) if count > 1 and len(title.split()) <= _NAME_WORDS]
    speaker_log = (
        len(titled) >= _MIN_LOG
        and len(repeated) >= 2
        and sum(repeated) >= _VOICES_SHARE * len(titled)
        and not _cycled(titled)
    )
    starts = [chapter.start for chapter in run if chapter.start >= 0]
    gap = (max(starts) - min(starts)) / (len(starts) - 1) if len(starts) > 1 else 0
    dense = len(starts) > 2 and gap < _DENSE_GAP
    # A chat log: one voice or more (`Ann: ...`) leading nearly every line, seconds apart.
    chat = dense and len(titled) >= _MIN_LOG and sum(names) >= _VOICES_SHARE * len(titled)
    sentences = (
        len(titled) > _MANY_LINES
        and words >= _SPOKEN_WORDS
        and _share(titled, lambda title: title.endswith(tuple(".!?…"))) >= _SENTENCE_SHARE
    )
    # Only times written with their hours: "[01:05]" may be hours and minutes (list_times.py reads that later).
    with_hours = sum(chapter.time.count(":") == 2 for chapter in run) * 2 > len(run)
    utterances = with_hours and len(starts) >= _UTTERANCES and gap < _UTTERANCE_GAP
    cues = sum(_CUE_TIME.search(chapter.time) is not None for chapter in run) * 2 >= len(run)
    whole = _share(titled, lambda title: title[0].isupper() and title.endswith(tuple(".!?…")))
    excerpts = _share(titled, lambda title: _QUOTED_SENTENCE.match(title) is not None)
    verses = len(starts) >= _VERSES and all(later - earlier == 1 for earlier, later in zip(starts, starts[1:]))
    return (
        verses
        or speaker_log
        or chat
        or _by_the_clock(run, starts, gap)
        or sentences
        or (cues and dense)
        or utterances
        or excerpts >= _SPEAKER_SHARE
        or (turns and (dense or words >= _TURN_WORDS))
        or (dense and lower >= _SPEECH_LOWER and words >= _LOWER_WORDS)
        or (quoted >= _SPEAKER_SHARE and words >= _QUOTE_WORDS)
        or (dense and words >= _PARAGRAPH_WORDS)
        or (dense and whole >= _SENTENCE_SHARE and words >= _SENTENCE_WORDS and gap < words * _SECONDS_A_WORD)
        # Captions seconds apart, mid-sentence (`0:03` / `everyone to the`), however short.
        or (len(starts) >= _MIN_LOG and gap < _UTTERANCE_GAP and lower >= _SPEECH_LOWER)
    )


def _cycled(titles: list[str]) -> bool:
    """Whether the titles are one section's parts over and over in the same order, each once a round
    (`Overview`, `Monday` ... `Sunday` under each week's heading): a list's recurring sections, not who
    speaks. Voices take turns as the talk goes; _CYCLE distinct titles or more in a fixed round do not."""
    length = titles.index(titles[0], 1) if titles.count(titles[0]) > 1 else 0
    return (
        length >= _CYCLE
        and len(set(titles[:length])) == length
        and len(titles) >= 2 * length
        and all(title == titles[place % length] for place, title in enumerate(titles))
    )


def _by_the_clock(run: list[Found], starts: list[int], gap: float) -> bool:
    """A log by the time of day (`08:01` / `08:06` / ... `08:34`, each a post): hours and minutes
    (two-part times, padded as a clock's, too close as minutes and seconds, as list_times.py reads
    them) that start at _DAY_HOURS or later and span less than the time before the first. A chapter
    list starts near the episode's start."""
    return (
        len(starts) >= _MIN_LOG
        and all(chapter.time.count(":") == 1 and len(chapter.time.split(":")[0]) == 2 for chapter in run)
        and gap < HM_GAP
        and min(starts) >= _DAY_HOURS * 60
        and max(starts) - min(starts) < min(starts)
    )


# A speaker's turn in a transcript: `**Ann:** ...`, `**Łukasz Kałużny**: ...`, `Ann Lee: ...`.
_TURN = re.compile(r"\s{0,8}(?:\*\*|__)?[^\W\d_][\w.'’-]{0,30}(?: [^\W\d_][\w.'’-]{0,30}){0,2}(?:\*\*|__)?\s{0,2}:(?:\*\*|__)?\s")
_TURNS_PER_ENTRY = 2


def turn_counts(lines: list[Line]) -> list[int]:
    """How many lines before each line are speaker turns (one pass; among_turns reads it)."""
    counts = [0]
    for line in lines:
        counts.append(counts[-1] + (_TURN.match(line.text) is not None))
    return counts


def among_turns(run: list[Found], counts: list[int]) -> bool:
    """Whether a run's lines stand among a transcript's turns, several between each entry and the next:
    the section headings of a transcript (`## [00:01:10] Why we are here` over `**Ann:** ...`), not a list."""
    places = [chapter.index for chapter in run if chapter.index is not None]
    if len(places) < 2:
        return False
    return counts[max(places)] - counts[min(places)] >= _TURNS_PER_ENTRY * (len(places) - 1)


def _share(titles: list[str], test: Callable[[str], bool]) -> float:
    return sum(map(test, titles)) / len(titles)
