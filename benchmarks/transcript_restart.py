"""`python -m benchmarks.transcript_restart --episodes N`: a restart of the bot from a data folder of
N transcribed episodes (issue 18, item 6: "a restart that re-reads nothing unchanged").

N synthetic episodes (spoken.py) are written as episode files with their transcripts beside them as
WebVTT files; one in CHAPTERLESS_EVERY has no chapter list, so its chapters are found in its
transcript (topics.py) and their summaries drawn. Then the data folder is read the way a starting
bot reads it (`read_data_dir` with the bot's EpisodeCache, the transcripts kept beside a vector cache
file, transcripts/kept.py), each time in a new process:
- the first start: every transcript parsed, chapters found, everything kept;
- a restart with nothing changed: seconds, transcript files parsed again, chapters found again;
- the same restart as it was before transcripts were kept (nothing kept: all of it again).
Building the search index is left out: the transcripts rows measure it ("restart, nothing changed").

Prints one JSON object; transcripts.py adds its rows to the transcripts table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

from bot.core.catalog.reload import read_data_dir
from bot.core.episodes.codec import dump_episode
from bot.core.episodes.folder import EpisodeCache
from bot.core.search import VectorCache
from bot.core.transcripts import attach, topics
from bot.core.transcripts.forms import webvtt

from .spoken import transcribed

ROOT = Path(__file__).resolve().parents[1]
CHAPTERLESS_EVERY = 10  # 400 episodes without a chapter list in 4,000: their chapters are found (~0.15 s each)


def write_folder(folder: Path, count: int) -> int:
    """The data folder of `count` transcribed episodes; how many of them have no chapter list."""
    folder.mkdir(parents=True)
    chapterless = 0
    for number, episode in enumerate(transcribed(count)):
        transcript = episode.transcript
        assert transcript is not None
        if number % CHAPTERLESS_EVERY == CHAPTERLESS_EVERY - 1:
            episode, chapterless = replace(episode, chapters=()), chapterless + 1
        (folder / f"{episode.id}.json").write_text(dump_episode(replace(episode, transcript=None)), encoding="utf-8")
        (folder / f"{episode.id}.transcript.vtt").write_text(webvtt.write(transcript), encoding="utf-8")
    return chapterless


def load(folder: Path, vectors: Path | None) -> dict[str, Any]:
    """Read the data folder as a new bot process does (transcripts kept beside `vectors`, or nowhere)."""
    files = EpisodeCache(VectorCache(vectors).folder("transcripts") if vectors is not None else None)
    with (mock.patch.object(attach, "read_transcript_file", wraps=attach.read_transcript_file) as parsed,
          mock.patch.object(topics, "find_chapters", wraps=topics.find_chapters) as found):  # fmt: skip
        began = time.perf_counter()
        episodes, _ = read_data_dir(folder, files)
        seconds = time.perf_counter() - began
    transcribed_count = sum(1 for episode in episodes if episode.transcript is not None)
    return {"seconds": seconds, "episodes": len(episodes), "transcribed": transcribed_count, "parsed": parsed.call_count,
            "chapters_found": found.call_count}  # fmt: skip


def measure(count: int) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="segment-restart-"))
    try:
        folder, vectors = workdir / "data", workdir / "bot.db.vectors"
        began = time.perf_counter()
        chapterless = write_folder(folder, count)
        written = time.perf_counter() - began
        first = _load_in_subprocess(folder, vectors)
        restart = _load_in_subprocess(folder, vectors)
        unkept = _load_in_subprocess(folder, None)
        kept = VectorCache(vectors).folder("transcripts")
        assert kept is not None
        return {
            "episodes": count, "chapterless": chapterless, "written_s": written, "first": first, "restart": restart,
            "unkept": unkept, "kept_mb": sum(p.stat().st_size for p in kept.glob("*.npz")) / 2**20,
            "folder_mb": sum(p.stat().st_size for p in folder.iterdir()) / 2**20,
        }  # fmt: skip
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _load_in_subprocess(folder: Path, vectors: Path | None) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.transcript_restart", "--load", str(folder)]
    if vectors is not None:
        command += ["--vectors", str(vectors)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def rows(x: dict[str, Any]) -> list[tuple[str, str]]:
    """The rows of the transcripts table: a restart from the data folder, and what it cost before."""
    restart, unkept, first = x["restart"], x["unkept"], x["first"]
    label = f"{x['episodes']:,} transcribed episodes, {x['chapterless']:,} without chapters"
    return [
        (f"restart of the bot from a data folder of {label}: s; transcript files parsed again; chapters found again",
         f"{restart['seconds']:.2f}; {restart['parsed']:,}; {restart['chapters_found']:,}"),
        ("the same restart with nothing kept (every restart before they were): s; parsed; chapters found",
         f"{unkept['seconds']:.2f}; {unkept['parsed']:,}; {unkept['chapters_found']:,}"),
        ("first start from that folder (parsed, chapters found, kept): s; kept MB (the folder MB)",
         f"{first['seconds']:.2f}; {x['kept_mb']:.0f} ({x['folder_mb']:.0f})"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.transcript_restart", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--episodes", type=int, default=400, help="transcribed episodes (default 400)")
    parser.add_argument("--load", type=Path, metavar="FOLDER", help=argparse.SUPPRESS)  # one load, in this process
    parser.add_argument("--vectors", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    print(json.dumps(load(args.load, args.vectors) if args.load else measure(args.episodes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
