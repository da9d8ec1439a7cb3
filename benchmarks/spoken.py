"""Synthetic transcripts for the synthetic catalog (synthetic.py): what is said in each chapter.

A transcript is a conversation between the podcast's host and the episode's guest (a third voice
now and then), in turns of one to six sentences. A sentence is 4 to 40 words (about 15 on
average, as speech transcripts run), drawn from a Zipf law over everyday spoken English (the
function words and fillers most of speech is made of), with the chapter's own subjects, the
episode's focus subjects, the guest, coined names (synthetic.Generator.coined: a heavy tail, so
the vocabulary grows with the catalog) and years mixed in the way a conversation keeps coming
back to its topic. Speech runs at about 2.7 words a second, so a two-hour episode says about
17,500 words. Each sentence is one cue (as WebVTT captions of a transcription service are).

Everything is a function of (seed, episode number), like the episodes themselves.
"""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import accumulate

from bot.core.episodes import Episode
from bot.core.transcripts import Cue, Transcript

from .synthetic import DEFAULT_SEED, Generator

WORDS_A_SECOND = 2.7
# Everyday spoken English, most common first (drawn by Zipf's law: "the" far more often than "notice").
EVERYDAY = """
the and i you to a of that it is in so like we know yeah was they but what this just think it's
have for be on with do not about there really right people can are at if or all one um uh going
thing an get there's because when don't would how more then some he she them lot very well
actually mean kind sort things those these out up time now see say said want way also even
much why where who which been being had has were could should probably maybe good other first
different something anything everything nothing really pretty interesting important point
question idea work years year day life world make made talk talking look looking try trying
understand problem example part whole number study research data body brain go come back little
big same new old long start started case fact sense course actually basically exactly totally
absolutely okay sure true obviously especially often never always sometimes usually again still
already together around through over under between against during without within across toward
happen happened happens thought feel felt find found give gave keep kept let put seem seemed
tell told call called ask asked use used help helped show showed turn turned move moved play
believe become became change changed learn learned read write wrote watch remember notice
better best worse worst high low early late hard easy small large human social public real
""".split()
COMMON_SHARE = 0.78  # of the words said: everyday words; the rest are the topic's
TOPIC_SHARE = 0.85  # of the topic's words: the chapter's and episode's subjects; the rest names, places, years


class Speech:
    """Deterministic transcripts of synthetic.Generator's episodes."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.generator = Generator(seed)
        self.seed = seed
        self.everyday_cum = list(accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(len(EVERYDAY))))

    def transcript(self, episode: Episode, number: int) -> Transcript:
        """What is said in `episode` (episode `number` of the generator), chapter by chapter."""
        rng = random.Random(self.seed * 7_919 + number)
        g = self.generator
        focus = [w for w in episode.description.split(" about ", 1)[-1].split(",")[0].split() if w.isalpha()]
        host = episode.podcast.split()[-1] + " host"
        guest = episode.title.split(":")[0] if ":" in episode.title else g.person(rng)
        voices = [host, guest]
        cues: list[Cue] = []
        ends = [c.start for c in episode.chapters[1:]] + [episode.duration]
        for chapter, end in zip(episode.chapters, ends):
            topic = [w.lower().strip(".,:&!?") for w in f"{chapter.title} {chapter.summary} {' '.join(chapter.keywords)}".split()]
            topic = [w for w in topic if len(w) > 3] or focus or ["podcast"]
            t = float(chapter.start)
            speaker = voices[0]
            while t < end - 1:
                for _ in range(rng.randint(1, 6)):
                    said = self._sentence(rng, topic, focus, guest)
                    length = len(said.split()) / WORDS_A_SECOND
                    if t + length > end:
                        break
                    cues.append(Cue(t, t + length, said, speaker))
                    t += length + rng.uniform(0.0, 0.6)
                else:
                    speaker = voices[1] if speaker == voices[0] else voices[0]
                    if rng.random() < 0.03:
                        speaker = g.person(rng)
                    continue
                break
        return Transcript.of("WebVTT", cues)

    def _sentence(self, rng: random.Random, topic: list[str], focus: list[str], guest: str) -> str:
        count = min(40, max(4, int(rng.lognormvariate(2.6, 0.5))))
        out = rng.choices(EVERYDAY, cum_weights=self.everyday_cum, k=count)
        for i in range(count):
            if rng.random() < COMMON_SHARE:
                continue
            r = rng.random()
            if r < TOPIC_SHARE:
                out[i] = rng.choice(topic) if rng.random() < 0.7 or not focus else rng.choice(focus)
            elif r < TOPIC_SHARE + 0.06:
                out[i] = self.generator.coined(rng)
            elif r < TOPIC_SHARE + 0.1:
                out[i] = guest.split()[-1]
            else:
                out[i] = str(rng.randint(1900, 2025))
        out[0] = out[0].capitalize()
        return " ".join(out) + rng.choice(".....?!")


def transcribed(count: int, seed: int = DEFAULT_SEED) -> list[Episode]:
    """The first `count` synthetic episodes, each with its transcript."""
    speech = Speech(seed)
    return [replace(e, transcript=speech.transcript(e, n)) for n, e in enumerate(speech.generator.episodes(count))]
