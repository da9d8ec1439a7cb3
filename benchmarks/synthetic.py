"""A deterministic synthetic podcast catalog: episodes, chapters and the questions people ask of them.

Each podcast of a network covers one domain (health, science, business, history, tech, ...) and
borrows from related ones. An episode has a guest and a few focus subjects that most of its
chapters come back to, the way a real episode does; about 25 chapters: an intro, one to three
sponsor reads, content chapters, an outro. Titles and summaries are written from templates with
subjects, adjectives, people, organisations, places and years.

The vocabulary grows with the catalog like a real one: besides ~1,100 subjects (~1,500 distinct
words) and a few hundred real first and last names, cities and advertisers, every catalog coins
surnames, labs, brands and compounds from syllables, drawn from a heavy-tailed (Pareto) law, so a
bigger catalog keeps meeting new words (Heaps' law), a few of them often and most of them rarely.

Everything is a function of (seed, episode number): episode i is the same in every catalog size,
so the 10k catalog is the first 400 episodes of the 100k one.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Iterator

from bot.core.episodes import Chapter, Episode
from bot.core.episodes.codec import dump_episode, load_episode_file
from bot.core.text import STOPWORDS, words

from . import vocabulary as V

ROOT = Path(__file__).resolve().parents[1]
SEED_EPISODE = ROOT / "data" / "huberman-ketamine.json"
SEED_QUESTIONS = ROOT / "tests" / "core" / "search" / "questions" / "huberman-ketamine.json"
CHAPTERS_PER_EPISODE = 25  # the mean; used to turn a chapter count into an episode count
# Every COMPETITOR_EVERY-th episode competes with the seed: two of its focus subjects are the seed's
# themes, so "ketamine dose" or "ketamine depression" find chapters outside the seed too and must be
# told apart by their other words, and the quality at scale can fail. (The seed's one-chapter topics,
# such as "learned helplessness", stay its own: a competitor about them would rightly win
# one-keyword questions that the seed's question set expects the seed to answer.)
COMPETITOR_EVERY = 40
SEED_TOPICS = ("ketamine", "ketamine therapy", "depression", "PTSD", "psychedelic therapy", "mood disorders")
DEFAULT_SEED = 20240601
_ARTICLE = re.compile(r"\b([Aa]) ([aeiou])")
_SMALL = {"a", "an", "and", "the", "of", "for", "in", "on", "to", "vs.", "with", "at", "by", "or"}


def title_case(text: str) -> str:
    out = []
    for i, w in enumerate(text.split(" ")):
        out.append(w if (i and w in _SMALL) or not w else w[0].upper() + w[1:])
    return " ".join(out)


def _zipf_cum(n: int, exponent: float = 0.9) -> list[float]:
    return list(accumulate(1.0 / (rank + 1) ** exponent for rank in range(n)))


@dataclass(frozen=True)
class Podcast:
    slug: str
    name: str
    host: str
    domain: str


class Generator:
    """Deterministic: the same seed gives the same podcasts, episodes and questions."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.seed = seed
        rng = random.Random(seed)
        # Each domain's subjects in a seeded order of popularity (Zipf): a few come up all the time.
        self.subjects = {d: rng.sample(s, len(s)) for d, s in sorted(V.DOMAINS.items())}
        self.subject_cum = {d: _zipf_cum(len(s)) for d, s in self.subjects.items()}
        self.sponsors = rng.sample(V.SPONSORS, len(V.SPONSORS))
        self.sponsor_cum = _zipf_cum(len(self.sponsors), 1.0)
        self.podcasts = self._podcasts(rng, 60)
        self.podcast_cum = _zipf_cum(len(self.podcasts), 0.7)

    # ---- coined names -------------------------------------------------------------------------

    def coined(self, rng: random.Random, scale: float = 1000.0) -> str:
        """A made-up name (surname, brand, compound), drawn from a heavy tail of an unbounded pool."""
        index = int((rng.paretovariate(0.85) - 1.0) * scale)
        return self._coin(index)

    def _coin(self, index: int) -> str:
        h = (index * 2654435761 + self.seed) & 0xFFFFFFFF
        syllables = 2 + (h % 5 == 0)
        out = []
        for _ in range(syllables):
            h = (h * 1103515245 + 12345) & 0x7FFFFFFF
            out.append(V.ONSETS[h % len(V.ONSETS)] + V.NUCLEI[(h >> 8) % len(V.NUCLEI)] + V.CODAS[(h >> 16) % len(V.CODAS)])
        return "".join(out).capitalize()

    def person(self, rng: random.Random) -> str:
        first = rng.choice(V.FIRST_NAMES)
        last = self.coined(rng) if rng.random() < 0.35 else rng.choice(V.LAST_NAMES)
        return f"{'Dr. ' if rng.random() < 0.25 else ''}{first} {last}"

    def org(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.25:
            return f"the University of {rng.choice(V.CITIES)}"
        base = self.coined(rng) if r < 0.7 else rng.choice(V.LAST_NAMES)
        return f"{base} {rng.choice(V.ORG_KINDS)}"

    def place(self, rng: random.Random) -> str:
        return rng.choice(V.CITIES) if rng.random() < 0.7 else self.coined(rng) + rng.choice(["", "ville", " Valley", " Bay", "burg"])

    def _podcasts(self, rng: random.Random, n: int) -> list[Podcast]:
        domains = list(self.subjects)
        out, seen = [], set()
        while len(out) < n:
            domain = domains[len(out) % len(domains)]
            name = f"The {rng.choice(V.PODCAST_WORDS)} {rng.choice(V.PODCAST_WORDS)}"
            if rng.random() < 0.5:
                name = f"{self._coin(rng.randrange(10**6))} {rng.choice(V.PODCAST_WORDS)}"
            slug = "-".join(words(name))
            if slug in seen or slug.startswith("huberman"):
                continue
            seen.add(slug)
            host = f"{rng.choice(V.FIRST_NAMES)} {rng.choice(V.LAST_NAMES)}"
            out.append(Podcast(slug, name, host, domain))
        return out

    # ---- episodes -----------------------------------------------------------------------------

    def subject(self, rng: random.Random, domain: str) -> str:
        return rng.choices(self.subjects[domain], cum_weights=self.subject_cum[domain])[0]

    def episode(self, number: int) -> Episode:
        rng = random.Random(self.seed * 1_000_003 + number)
        podcast = rng.choices(self.podcasts, cum_weights=self.podcast_cum)[0]
        domain = podcast.domain
        focus = list(dict.fromkeys(self.subject(rng, domain) for _ in range(4)))
        if number % COMPETITOR_EVERY == COMPETITOR_EVERY // 2:
            focus = list(dict.fromkeys([*rng.sample(SEED_TOPICS, 2), *focus[:2]]))
        guest = self.person(rng)
        year = rng.randint(1950, 2024)

        def draw() -> str:
            r = rng.random()
            if r < 0.4:
                return rng.choice(focus)
            if r < 0.85:
                return self.subject(rng, domain)
            return self.subject(rng, rng.choice(V.RELATED[domain]))

        used: list[str] = []

        def pick(fresh: bool = False) -> str:
            """A subject; `fresh` starts a new chapter. Avoids repeating one within a chapter."""
            if fresh:
                used.clear()
            for _ in range(4):
                s = draw()
                if s not in used:
                    break
            used.append(s)
            return s

        n = max(8, int(rng.gauss(CHAPTERS_PER_EPISODE, 4)))
        sponsor_slots = {1, *rng.sample(range(3, n - 1), rng.randint(0, 2))}
        chapters: list[Chapter] = []
        t = 0
        for i in range(n):
            if i == 0:
                chapter = self._intro(rng, focus, guest)
            elif i == n - 1:
                chapter = self._outro(rng, t, guest, podcast)
            elif i in sponsor_slots:
                chapter = self._sponsor(rng, t)
            else:
                chapter = self._content(rng, t, pick, guest, year)
            chapters.append(chapter)
            t += rng.randint(30, 120) if chapter.kind == "sponsor" else rng.randint(60, 540)
        duration = chapters[-1].start + rng.randint(120, 600)
        a, b = title_case(focus[0]), title_case(focus[-1])
        title = rng.choice([f"{guest}: {a} and {b}", f"{a}, {b} & More", f"The Truth About {a}", f"{a} with {guest}", f"{a} & {b}"])
        description = (
            f"{podcast.host} talks with {guest} about {', '.join(focus[:-1]) or focus[0]} and {focus[-1]}, "
            f"from {self.org(rng)} to {self.place(rng)}."
        )
        return Episode(
            id=f"{podcast.slug}-{number:05d}", title=title[:200], podcast=podcast.name, duration=duration,
            chapters=tuple(chapters), description=description,
            url=f"https://podcasts.example.com/{podcast.slug}/{number}",
        )  # fmt: skip

    def _intro(self, rng: random.Random, focus: list[str], guest: str) -> Chapter:
        title = rng.choice(["Introduction", "Intro", "Welcome", title_case(focus[0]), f"{guest}", f"{title_case(focus[0])} & {title_case(focus[-1])}"])
        summary = f"Introduces the episode and {guest}: {', '.join(focus[:-1]) or focus[0]} and {focus[-1]}."
        return Chapter(0, title, "intro", summary, ())

    def _outro(self, rng: random.Random, t: int, guest: str, podcast: Podcast) -> Chapter:
        title = rng.choice([
            "Closing Thoughts", "Wrap-Up", "Outro", f"Where to Find {guest}", "Support the Show, Reviews & Newsletter",
            "Listener Mail & Wrap-Up", "Final Takeaways", "Patreon, YouTube & Social Media",
        ])  # fmt: skip
        summary = rng.choice([
            f"Where to find {guest}, and how to support {podcast.name}.",
            "How to rate and review the show, subscribe, and send questions for future episodes.",
            f"{podcast.host} wraps up and previews the next episode.",
        ])  # fmt: skip
        return Chapter(t, title, "outro", summary, tuple(rng.sample(["reviews", "newsletter", "patreon", "merch", "social media"], rng.randint(0, 2))))

    def _sponsor(self, rng: random.Random, t: int) -> Chapter:
        names = list(dict.fromkeys(rng.choices(self.sponsors, cum_weights=self.sponsor_cum, k=rng.randint(1, 3))))
        if rng.random() < 0.1:
            names[-1] = self.coined(rng, 5.0)
        title = f"Sponsor: {names[0]}" if len(names) == 1 else f"Sponsors: {', '.join(names[:-1])} & {names[-1]}"
        return Chapter(t, title, "sponsor", f"Sponsor messages for {' and '.join(names)}.", tuple(rng.sample(V.SPONSOR_KEYWORDS, rng.randint(0, 2))))

    def _content(self, rng: random.Random, t: int, pick, guest: str, year: int) -> Chapter:
        a, b, c = pick(True), pick(), pick()
        fill = {
            "A": title_case(a), "B": title_case(b), "C": title_case(c), "Adj": title_case(rng.choice(V.ADJECTIVES)),
            "P": guest if rng.random() < 0.7 else self.person(rng), "O": self.org(rng),
        }  # fmt: skip
        title = rng.choice(V.TITLE_TEMPLATES).format(**fill)
        sentences = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            d = pick()
            sentences.append(rng.choice(V.SUMMARY_TEMPLATES).format(
                a=rng.choice((a, b, d)), b=rng.choice((b, c, d)), c=pick(), p=guest if rng.random() < 0.6 else self.person(rng),
                o=self.org(rng), place=self.place(rng), year=year + rng.randint(-20, 20), aud=rng.choice(V.AUDIENCES),
                adjl=rng.choice(V.ADJECTIVES), x=self.coined(rng),
            ))  # fmt: skip
        summary = _ARTICLE.sub(r"\1n \2", " ".join(s[0].upper() + s[1:] for s in sentences))[:1000]
        keywords: list[str] = []
        for _ in range(rng.choice((0, 0, 1, 2, 3, 4, 5))):
            keywords.append(pick() if rng.random() < 0.8 else self.coined(rng).lower())
        keywords = [k for k in dict.fromkeys(keywords) if len(k) <= 50][:20]
        return Chapter(t, title[:200], "content", summary, tuple(keywords))

    def episodes(self, count: int, start: int = 0) -> Iterator[Episode]:
        for number in range(start, start + count):
            yield self.episode(number)


def episodes_for(chapters: int) -> int:
    """How many synthetic episodes make about `chapters` chapters."""
    return max(1, round(chapters / CHAPTERS_PER_EPISODE))


def write_catalog(folder: Path, episodes: int, *, seed: int = DEFAULT_SEED, with_seed_episode: bool = True, start: int = 0) -> int:
    """Write `episodes` synthetic episode files (and the seed episode) into `folder`; the chapter count."""
    folder.mkdir(parents=True, exist_ok=True)
    generator = Generator(seed)
    total = 0
    for episode in generator.episodes(episodes, start):
        (folder / f"{episode.id}.json").write_text(dump_episode(episode), encoding="utf-8")
        total += len(episode.chapters)
    if with_seed_episode and start == 0:
        text = SEED_EPISODE.read_text(encoding="utf-8")
        (folder / SEED_EPISODE.name).write_text(text, encoding="utf-8")
        total += len(load_episode_file(SEED_EPISODE).chapters)
    return total


# ---- questions ------------------------------------------------------------------------------


def seed_questions() -> list[dict]:
    """The seed's questions, less those asked in other words than any chapter's (kind "meaning"): added
    to the set for the fitted decision to learn from (issue 19), they would change every figure the
    benchmark has reported, and tests/core/search/test_confidence.py measures them."""
    questions = json.loads(SEED_QUESTIONS.read_text(encoding="utf-8"))["questions"]
    return [q for q in questions if q["kind"] != "meaning"]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiourstln") + word[i + 1 :]


def benchmark_questions(episodes: int, count: int, *, seed: int = DEFAULT_SEED) -> tuple[list[str], list[str], list[str | None]]:
    """`count` full questions and `count` autocomplete inputs, as people would type them, and the
    chapter (id) each question was drawn from (None for the seed's and off-topic questions).

    Questions are drawn from random chapters of the catalog (keywords, natural questions, typos),
    the seed episode's question set, and off-topic ones. Autocomplete inputs are the first one to
    three words of a question with the last one cut at a random length (every keystroke fires one).
    """
    rng = random.Random(seed + 7)
    generator = Generator(seed)
    seeds = [q["q"] for q in seed_questions()]
    questions: list[str] = []
    sources: list[str | None] = []
    while len(questions) < count:
        r = rng.random()
        if r < 0.15:
            questions.append(rng.choice(seeds))
            sources.append(None)
            continue
        if r < 0.2:
            questions.append(rng.choice(V.OFF_TOPIC))
            sources.append(None)
            continue
        episode = generator.episode(rng.randrange(episodes))
        index = rng.randrange(len(episode.chapters))
        chapter = episode.chapters[index]
        found = [w for w in words(chapter.title + " " + " ".join(chapter.keywords)) if w not in STOPWORDS]
        extra = [w for w in words(chapter.summary) if w not in STOPWORDS]
        if not found:
            continue
        k = min(len(found), rng.choice((1, 2, 2, 3)))
        picked = [found[i] for i in sorted(rng.sample(range(len(found)), k))]
        if extra and rng.random() < 0.3:
            picked.append(rng.choice(extra))
        if rng.random() < 0.15:
            j = rng.randrange(len(picked))
            picked[j] = _typo(rng, picked[j])
        phrase = " ".join(picked)
        shape = rng.random()
        if shape < 0.25:
            phrase = rng.choice(["what is {}?", "how does {} work?", "why does {} matter?", "what did they say about {}",
                                 "where do they talk about {}", "{} explained"]).format(phrase)  # fmt: skip
        questions.append(phrase)
        sources.append(episode.chapter_id(index))
    partials: list[str] = []
    for q in questions:
        typed = [w for w in q.split() if w.strip("?")] or [q]
        k = min(len(typed), rng.choice((1, 1, 2, 2, 3)))
        head, last = typed[:k], typed[k - 1]
        cut = rng.randint(1, len(last))
        partials.append(" ".join(head[:-1] + [last[:cut]]))
    return questions, partials, sources
