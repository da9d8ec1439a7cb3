"""Chapters found in real transcripts, measured against the chapter lists their podcasts published
(../shared/corpora/transcripts): The Dissenter's show notes (the constants of topics.py were chosen
on it) and the WAN Show's community timestamps (held out: never used to choose anything).

Boundary F1: a found chapter start matches a published one within the tolerance, each at most once;
the published starts are those after 0 and before the end, duplicates merged. Pk (Beeferman 1999,
lower is better): how often a probe k seconds wide (half a published chapter) disagrees on whether
its two ends are in the same chapter. Baseline: as many starts, evenly spaced. Titles: the share of
found chapters whose title shares a word stem with a published title of the chapters it overlaps.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

import pytest

from bot.core.shownotes import read_chapters
from bot.core.text import STOPWORDS, stem, words
from bot.core.transcripts import read_transcript_file
from bot.core.transcripts.topics import find_chapters
from tests.support.paths import CORPORA

FOLDER = CORPORA / "transcripts"
TUNED, HELD_OUT = "thedissenter", "wan-show"
PROBE_STEP = 10  # seconds between Pk's probes

pytestmark = pytest.mark.skipif(not (FOLDER / "index.tsv").exists(), reason=f"{FOLDER} (real transcripts) is absent")


@dataclass
class Tally:
    episodes: int = 0
    published: int = 0
    found: int = 0
    hits: dict[tuple[str, int], int] = field(default_factory=dict)  # (method, tolerance) -> matched starts
    pk: dict[str, list[float]] = field(default_factory=dict)
    titled: int = 0
    titles: int = 0

    def f1(self, method: str, tolerance: int) -> float:
        hits = self.hits.get((method, tolerance), 0)
        precision, recall = hits / self.found, hits / self.published
        return 2 * precision * recall / (precision + recall) if hits else 0.0

    def mean_pk(self, method: str) -> float:
        return sum(self.pk[method]) / len(self.pk[method])


def matched(found: list[int], published: list[int], tolerance: int) -> int:
    free, hits = sorted(published), 0
    for start in sorted(found):
        near = [p for p in free if abs(p - start) <= tolerance]
        if near:
            free.remove(min(near, key=lambda p: abs(p - start)))
            hits += 1
    return hits


def pk(found: list[int], published: list[int], duration: int) -> float:
    """Beeferman's Pk over probes every PROBE_STEP seconds."""
    edges = [0, *published, duration]
    k = max(PROBE_STEP, round(sum(b - a for a, b in zip(edges, edges[1:])) / (len(edges) - 1) / 2))

    def chapter_at(starts: list[int], second: int) -> int:
        return sum(1 for start in starts if start <= second)

    probes = range(0, duration - k, PROBE_STEP)
    wrong = sum(
        (chapter_at(found, t) == chapter_at(found, t + k)) != (chapter_at(published, t) == chapter_at(published, t + k))
        for t in probes
    )  # fmt: skip
    return wrong / max(1, len(probes))


def _stems(text: str) -> set[str]:
    return {stem(word) for word in words(text) if word not in STOPWORDS}


@pytest.fixture(scope="module")
def tallies() -> dict[str, Tally]:
    with (FOLDER / "index.tsv").open(encoding="utf-8") as listed:
        rows = list(csv.DictReader(listed, delimiter="\t"))
    tallies: dict[str, Tally] = {}
    for row in rows:
        path = FOLDER / row["file"]
        listed_chapters = path.with_name(path.stem + ".chapters.txt")
        if not listed_chapters.exists():
            continue  # Oxide and Friends publishes none: nothing to measure against
        transcript = read_transcript_file(path)
        duration = int(transcript.end) + 1
        chapters = [c for c in read_chapters(listed_chapters.read_text(encoding="utf-8")).chapters if c.start < duration]
        published = sorted({c.start for c in chapters if c.start > 0})
        found_chapters = find_chapters(transcript, duration)
        found = [c.start for c in found_chapters if c.start > 0]
        step = duration / (len(found) + 1)
        even = [round(step * (i + 1)) for i in range(len(found))]
        tally = tallies.setdefault(path.parent.name, Tally())
        tally.episodes += 1
        tally.published += len(published)
        tally.found += len(found)
        for method, starts in (("found", found), ("even", even)):
            for tolerance in (60, 90):
                tally.hits[(method, tolerance)] = tally.hits.get((method, tolerance), 0) + matched(starts, published, tolerance)
            tally.pk.setdefault(method, []).append(pk(starts, published, duration))
        ends = [c.start for c in found_chapters[1:]] + [duration]
        for chapter, end in zip(found_chapters, ends):
            overlapped = [c.title for c, nxt in zip(chapters, [*chapters[1:], None]) if c.start < end and (nxt is None or nxt.start > chapter.start)]
            tally.titles += 1
            tally.titled += bool(_stems(chapter.title) & set().union(*map(_stems, overlapped)))
    return tallies


def test_found_chapters_against_the_published_lists(tallies: dict[str, Tally]) -> None:
    print("\npodcast (episodes)        published found | F1±60s  (even) | F1±90s  (even) | Pk    (even) | titles")
    for podcast, tally in sorted(tallies.items()):
        label = f"{podcast} ({tally.episodes}){' held out' if podcast == HELD_OUT else ''}"
        print(f"{label:26} {tally.published:9} {tally.found:5} | {tally.f1('found', 60):.2f}    ({tally.f1('even', 60):.2f}) "
              f"| {tally.f1('found', 90):.2f}    ({tally.f1('even', 90):.2f}) | {tally.mean_pk('found'):.2f}  ({tally.mean_pk('even'):.2f}) "
              f"| {tally.titled / tally.titles:.2f}")  # fmt: skip
    tuned, held_out = tallies[TUNED], tallies[HELD_OUT]
    # Floors a little under what was measured (tuned 0.54 / 0.62, held out 0.53 / 0.57): a change that
    # loses more than noise fails here.
    assert tuned.f1("found", 60) >= 0.50 and tuned.f1("found", 90) >= 0.57
    assert held_out.f1("found", 60) >= 0.48 and held_out.f1("found", 90) >= 0.52
    for tally in (tuned, held_out):  # better than starts spread evenly, by both measures
        assert tally.f1("found", 60) > tally.f1("even", 60) + 0.05 and tally.mean_pk("found") < tally.mean_pk("even")
        assert tally.titled / tally.titles >= 0.40
