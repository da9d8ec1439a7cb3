"""`python -m benchmarks.transcripts --episodes N`: what was said, at catalog scale (issue 18, item 6).

In a process of its own (its peak RSS is its own): N synthetic episodes with their chapters and
transcripts (spoken.py, about 17,500 words each), searched by words (the meaning part is left out
here: the table above measures it on the chapters). Measured:
- indexing every transcript the first time (tokenizing each into its sheet, passage_sheets.py, and
  merging the sheets, passage_words.py): seconds, and words a second;
- a restart with nothing changed: a new index over the same episodes and sheet folder, seconds, and
  how many transcripts it tokenized again (none, when the sheets are kept);
- full answers with moments, `SearchIndex.search()`, p50 / p99 ms, for questions made of 4 to 7
  words of a random cue (a quote remembered: the moment is found), and autocomplete of their first
  two thirds, beside autocomplete of the same chapters without transcripts (the control): the three
  asked in turn, each call after other work that leaves the CPU caches cold;
- SQLite FTS5 (Porter stemmer, bm25) over the same passages' text, in a database file, asked the
  first FTS5_QUESTIONS of the same questions (their words joined by OR, filler dropped): p50 / p99
  ms, build seconds, file MB;
- peak RSS of the process (`ru_maxrss`), after all of it.

Prints one JSON object; `python -m benchmarks --transcripts N` runs it and prints its rows under the
table, with those of a restart from a data folder of N transcript files (transcript_restart.py).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.core.search import SearchIndex, VectorCache
from bot.core.search.passages import _passages, pieces_of
from bot.core.text import STOPWORDS, words

from . import transcript_restart
from .measure import peak_rss_mb, percentiles, taking_turns, timed
from .spoken import transcribed

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = 300
FTS5_QUESTIONS = 100  # FTS5 takes seconds for some questions at 4,000 episodes: fewer of them
DEFAULT_EPISODES = 4_000  # the catalog (about 10 minutes here); --episodes 400 for a quick look, scaled
TARGET_EPISODES = 4_000  # the catalog: rates are scaled to it where it was not run in full


def questions_of(episodes: list, count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        transcript = rng.choice(episodes).transcript
        said = transcript[rng.randrange(len(transcript))].text.split()
        if len(said) >= 6:
            start = rng.randrange(0, len(said) - 4)
            out.append(" ".join(said[start : start + rng.randint(4, 7)]).strip(".?!,"))
    return out


def fts5_passages(episodes: list, path: Path) -> tuple[sqlite3.Connection, float]:
    began = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE passages USING fts5(text, tokenize='porter unicode61')")
    for episode in episodes:
        pieces = pieces_of(episode)
        db.executemany("INSERT INTO passages(text) VALUES (?)", ((" ".join(p.text for p in pieces[a:b]),) for a, b in _passages(pieces)))
    db.commit()
    return db, time.perf_counter() - began


def fts5_search(db: sqlite3.Connection, question: str) -> list[int]:
    terms = [w for w in words(question) if w not in STOPWORDS] or words(question)
    if not terms:
        return []
    match = " OR ".join(f'"{t}"' for t in terms)
    return [r for (r,) in db.execute("SELECT rowid FROM passages WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT 5", (match,))]


def measure(count: int, questions: int = QUESTIONS) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="segment-transcripts-"))
    try:
        began = time.perf_counter()
        episodes = transcribed(count)
        generated = time.perf_counter() - began
        peaks = {"generated": peak_rss_mb()}
        said = sum(e.transcript.words for e in episodes)
        asked = questions_of(episodes, questions)
        partials = [q[: max(2, len(q) * 2 // 3)] for q in asked]
        vectors = VectorCache(workdir / "vectors.npz")
        began = time.perf_counter()
        index = SearchIndex(episodes, semantic=False, vectors=vectors)
        first = time.perf_counter() - began
        peaks["indexed"] = peak_rss_mb()
        began = time.perf_counter()
        again = SearchIndex(episodes, semantic=False, vectors=vectors)
        restart = time.perf_counter() - began
        peaks["restarted"] = peak_rss_mb()
        from bot.core.search.searcher import passage_sheets  # the folder both used

        first_made = _made(index)
        del index  # a reload's old catalog, gone once the new one serves
        # The control: the same chapters without their transcripts (autocomplete reads chapters only),
        # beside the catalog, so that both are asked in the same state; no part of the bot, so the
        # peak is taken before it is built.
        peak = peak_rss_mb()
        plain = SearchIndex([replace(e, transcript=None) for e in episodes], semantic=False)
        gc.freeze()  # as the bot does once a catalog serves (catalog/reload.py)
        found = sum(1 for q in asked if (a := again.search(q)).results and a.results[0].moment is not None)
        search_ms, complete_ms, plain_ms = taking_turns([(again.search, asked), (again.complete, partials), (plain.complete, partials)])
        del plain
        db, fts_build = fts5_passages(episodes, workdir / "fts.sqlite")
        fts = percentiles(timed(lambda q: fts5_search(db, q), asked[:FTS5_QUESTIONS]))
        fts_mb = (workdir / "fts.sqlite").stat().st_size / 2**20
        sheets_mb = sum(p.stat().st_size for p in passage_sheets(vectors).folder.glob("*.npz")) / 2**20
        return {
            "episodes": count, "words": said, "passages": len(again.passages), "generated_s": generated,
            "first_s": first, "restart_s": restart, "retokenized_at_restart": _made(again),
            "moments_found": found / len(asked), "search": percentiles(search_ms), "complete": percentiles(complete_ms),
            "complete_plain": percentiles(plain_ms),
            "fts5": fts, "fts5_build_s": fts_build, "fts5_mb": fts_mb, "sheets_mb": sheets_mb,
            "postings": int(len(again.passages.words.post_chapter)), "peak_rss_mb": peak, "peaks": peaks, "first_made": first_made,
        }  # fmt: skip
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _made(index: SearchIndex) -> int:
    return index.passages.made


def measure_in_subprocess(count: int) -> dict[str, Any]:
    """measure() in a process of its own, then a restart from a data folder of `count` transcript files."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.transcripts", "--episodes", str(count)], cwd=ROOT,
                          capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(done.stdout) | {"from_files": transcript_restart.measure(count)}


def section(x: dict[str, Any]) -> str:
    scale = TARGET_EPISODES / x["episodes"]
    rate = x["words"] / x["first_s"]
    at_target = x["first_s"] * scale / 60
    rows = [
        ("transcribed episodes (words; passages; postings)", f"{x['episodes']:,} ({x['words']:,}; {x['passages']:,}; {x['postings']:,})"),
        ("words indexed the first time: s (words a second)", f"{x['first_s']:.1f} ({rate:,.0f})"),
        (f"the same at {TARGET_EPISODES:,} episodes, scaled: min", f"{at_target:.1f}"),
        ("restart, nothing changed: s (transcripts tokenized again)", f"{x['restart_s']:.2f} ({x['retokenized_at_restart']})"),
        ("full answer with moments, `search()` (words): p50 / p99 ms", f"{x['search']['p50']:.2f} / {x['search']['p99']:.2f}"),
        ("questions answered with a moment", f"{x['moments_found']:.0%}"),
        ("autocomplete, `complete()`: p50 / p99 ms", f"{x['complete']['p50']:.2f} / {x['complete']['p99']:.2f}"),
        ("the same, the catalog without its transcripts: p50 / p99 ms", f"{x['complete_plain']['p50']:.2f} / {x['complete_plain']['p99']:.2f}"),
        ("SQLite FTS5 + bm25 over the same passages: p50 / p99 ms", f"{x['fts5']['p50']:.2f} / {x['fts5']['p99']:.2f}"),
        ("SQLite FTS5: build s; file MB (sheets on disk MB)", f"{x['fts5_build_s']:.1f}; {x['fts5_mb']:.0f} ({x['sheets_mb']:.0f})"),
        ("peak RSS MB (the whole measuring process)", f"{x['peak_rss_mb']:.0f}"),
        ("peak RSS MB after: generating; indexing; the restart", "; ".join(f"{v:.0f}" for v in x["peaks"].values())),
    ]
    files = x.get("from_files")  # transcript_restart.py: absent where only measure() was run
    rows += transcript_restart.rows(files) if files else []
    targets = [
        ("full answer p99 ≤ 50 ms with moments", f"{x['search']['p99']:.1f} ms", x["search"]["p99"] <= 50),
        ("autocomplete p99 ≤ 2 ms", f"{x['complete']['p99']:.2f} ms", x["complete"]["p99"] <= 2),
        ("autocomplete p99 unchanged by transcripts (within 25%)", f"{x['complete']['p99']:.2f} ms against {x['complete_plain']['p99']:.2f} ms",
         x["complete"]["p99"] <= 1.25 * x["complete_plain"]["p99"]),
        ("peak memory ≤ 1.5 GB", f"{x['peak_rss_mb']:.0f} MB at {x['episodes']:,} episodes", x["peak_rss_mb"] <= 1536 if scale <= 1 else None),
        (f"all words indexed ≤ 30 min at {TARGET_EPISODES:,}", f"{at_target:.1f} min" + (" (scaled)" if scale > 1 else ""), at_target <= 30),
        ("a restart re-reads nothing unchanged", f"{x['retokenized_at_restart']} transcripts tokenized again"
         + (f", {files['restart']['parsed']} parsed, {files['restart']['chapters_found']} chapter lists found again" if files else ""),
         x["retokenized_at_restart"] == 0 and (not files or files["restart"]["parsed"] == files["restart"]["chapters_found"] == 0)),
    ]
    lines = [f"Transcripts at scale (`python -m benchmarks.transcripts --episodes {x['episodes']}`):", "", "| | |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    lines += ["", "| target (issue 18, item 6) | measured | met |", "|---|---|---|"]
    lines += [f"| {label} | {value} | {'–' if met is None else '✅' if met else '❌'} |" for label, value, met in targets]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.transcripts", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=DEFAULT_EPISODES, help=f"transcribed episodes (default {DEFAULT_EPISODES:,}, the issue's catalog)")
    parser.add_argument("--questions", type=int, default=QUESTIONS)
    parser.add_argument("--table", action="store_true", help="print the rows instead of JSON")
    args = parser.parse_args(argv)
    result = measure(args.episodes, args.questions)
    if args.table:  # the whole table: with the restart from transcript files
        result["from_files"] = transcript_restart.measure(args.episodes)
    print(section(result) if args.table else json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
