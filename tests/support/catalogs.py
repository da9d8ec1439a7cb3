"""The labelled catalogs search is measured and calibrated on: the shipped episode, and real catalogs
ingested from ../shared/corpora/shownotes with the question sets of tests/core/search/questions/.

Each question is labelled with its podcast, so that whole podcasts can be held out of a fit: the one
its accepted chapters belong to. An off-topic question was written against the catalog as a whole:
it belongs to the podcasts the set asks about in turn (syntax-and-dissenter.json asks only about
Syntax; The Dissenter's episodes are there as a second field to be confused with).
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from bot.cli import main as cli
from bot.core.episodes.codec import load_episode_file
from bot.core.episodes.folder import load_data_dir
from bot.core.search import Match, SearchIndex, VectorCache
from tests.support.paths import CORPORA, SEED

QUESTIONS = Path(__file__).resolve().parents[1] / "core" / "search" / "questions"
SEED_QUESTIONS = QUESTIONS / "huberman-ketamine.json"
REAL_SETS = (QUESTIONS / "real" / "syntax-and-dissenter.json", QUESTIONS / "real" / "design-details.json")
SHOWNOTES = CORPORA / "shownotes"


@dataclass(frozen=True)
class Labelled:
    """A catalog and its questions, each with its podcast; `key` names a match as `answers` do."""

    name: str
    index: SearchIndex
    questions: list[dict]  # {"q", "kind", "answers", "podcast"}
    key: Callable[[Match], str]
    episodes: list[dict]  # questions about a whole episode: {"q", "episode"}


def numbered(folder: Path, first: int, last: int) -> list[Path]:
    """The show-notes files named `NNN-slug.txt` with first <= NNN <= last."""
    chosen = []
    for path in sorted(folder.glob("*.txt")):
        number = path.name.split("-", 1)[0]
        if number.isdigit() and first <= int(number) <= last:
            chosen.append(path)
    return chosen


def ingest_catalog(spec: dict, folder: Path, vectors: Path) -> SearchIndex:
    """The catalog a question set names, ingested into `folder` with the project's own `ingest`
    (notes without a readable chapter list are refused, as they would be for a moderator); chapter
    vectors are kept in `vectors`, so only the first run on a machine embeds them."""
    for source in spec["catalog"]:
        files = numbered(SHOWNOTES / source["folder"], *source["numbers"])
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            cli(["ingest", *map(str, files), "--out", str(folder), "--podcast", source["podcast"]])
    return SearchIndex(load_data_dir(folder), vectors=VectorCache(vectors))


def seed_catalog() -> Labelled:
    spec = json.loads(SEED_QUESTIONS.read_text(encoding="utf-8"))
    index = SearchIndex([load_episode_file(SEED)])
    questions = [{**q, "podcast": index.episodes[0].podcast} for q in spec["questions"]]
    return Labelled(SEED_QUESTIONS.stem, index, questions, lambda m: m.chapter.timestamp, [])


def real_catalog(question_set: Path, folder: Path, vectors: Path) -> Labelled:
    spec = json.loads(question_set.read_text(encoding="utf-8"))
    index = ingest_catalog(spec, folder, vectors)
    asked = {a: found.episode.podcast for item in spec["questions"] for a in item["answers"][:1] if (found := index.chapter(a))}
    podcasts = list(dict.fromkeys(asked.values())) or [spec["catalog"][0]["podcast"]]
    questions, off_topic = [], 0
    for item in spec["questions"]:
        if item["answers"]:
            podcast = asked.get(item["answers"][0], podcasts[0])
        else:
            podcast, off_topic = podcasts[off_topic % len(podcasts)], off_topic + 1
        questions.append({**item, "podcast": podcast})
    return Labelled(question_set.stem, index, questions, lambda m: m.chapter_id, spec.get("episodes", []))


def all_catalogs(work: Path, vectors: Path) -> list[Labelled]:
    """Every labelled catalog; `work`: a scratch folder; `vectors`: a folder for the vector caches."""
    vectors.mkdir(parents=True, exist_ok=True)
    real = [real_catalog(s, work / s.stem, vectors / f"{s.stem}.vectors") for s in REAL_SETS]
    return [seed_catalog(), *real]
