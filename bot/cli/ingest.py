"""`python -m bot ingest FILE... [--check] [--transcript FILE]`: published show notes -> episode files.

Each file is read on its own: a file that cannot be read (missing, a directory, binary, a PDF, too
big, empty, an encoding that cannot be known) or holds no chapter list gets its own message and
the others are still processed; the exit status is 1 when any file failed. `--check` prints what
would be written (times, kinds, titles, warnings) and writes nothing. Writing never follows a
symbolic link, never leaves the --out folder, never overwrites an episode file without --force
(it may hold summaries written by hand), and replaces a file in one step.

`--transcript FILE` (one notes file only) checks the episode's transcript against it and writes it
beside the episode file as `<id>.transcript.<ext>`; a transcript that cannot be used is reported
(exit status 1) and the episode file is written all the same. With a transcript, notes without a
chapter list make an episode without chapters: they are found in the transcript when it loads.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TextIO

from bot.core.episodes import Episode, InvalidData, format_timestamp
from bot.core.episodes.codec import dump_episode
from bot.core.episodes.files import FileRefused, read_regular_file, write_atomically
from bot.core.shownotes import Ingested, parse_show_notes
from bot.core.shownotes.files import NotesFileError, read_notes_file
from bot.core.transcripts import MAX_TRANSCRIPT_BYTES, TRANSCRIPT_EXTENSIONS, read_transcript
from bot.core.transcripts.naming import transcript_name
from bot.core.transcripts.storing import stored_transcript
from bot.core.transcripts.topics import with_found_chapters
from bot.settings import Settings


def run(args: argparse.Namespace, settings: Settings, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    for option in ("id", "transcript"):
        if getattr(args, option) and len(args.files) > 1:
            print(f"error: --{option} is for one episode; give one FILE with it", file=err)
            return 2
    out_dir: Path = args.out or settings.data_dir
    if not args.check and (problem := _prepare(out_dir)):
        print(f"error: {problem}; nothing was written", file=err)
        return 2
    failed = 0
    # Notes without a chapter list make an episode when its transcript is given: its chapters are found there.
    said_until = _transcript_end(args.transcript) if args.transcript else None
    for source in args.files:
        ingested = _ingest_one(source, args, err, said_until)
        if ingested is None:
            failed += 1
            continue
        for warning in ingested.warnings:
            print(f"warning: {warning}", file=out if args.check else err)
        target = out_dir / f"{ingested.episode.id}.json"
        if args.check:
            _print_check(source, target, ingested, out)  # after its warnings: the listing ends the entry
        elif problem := _write(target, dump_episode(ingested.episode), force=args.force):
            print(f"{source}: {problem}", file=err)
            failed += 1
        else:
            print(f"{source} -> {target}: {len(ingested.episode.chapters)} chapters", file=out)
        if args.transcript and not _transcript(args.transcript, ingested.episode, out_dir, args, out, err):
            failed += 1
    return 1 if failed else 0


def _transcript(source: Path, episode: Episode, out_dir: Path, args: argparse.Namespace, out: TextIO, err: TextIO) -> bool:
    """Check the episode's transcript and write it beside its episode file; False (said) when it cannot be."""
    try:
        data = read_regular_file(source, MAX_TRANSCRIPT_BYTES)
        transcript, name, text = stored_transcript(data, source, episode.id, episode.duration)
    except (OSError, FileRefused) as error:
        print(f"{source}: {getattr(error, 'strerror', None) or error}; no transcript written", file=err)
        return False
    except InvalidData as error:
        for problem in error.problems:
            print(f"{problem}; no transcript written", file=err)
        return False
    for warning in transcript.warnings:
        print(f"warning: {warning}", file=out if args.check else err)
    target = out_dir / name
    said = f"{transcript.form}, {len(transcript)} cues, {len(transcript.speakers)} speakers"
    found = with_found_chapters(episode, transcript)
    if found.chapters_automatic:  # the notes published no chapter list: the transcript gives one at load
        said += f"; no chapter list published, {len(found.chapters)} automatic chapters found in it"
    if args.check:
        print(f"{source}: would write {target} ({said})", file=out)
        return True
    others = [out_dir / transcript_name(episode.id, ext) for ext in TRANSCRIPT_EXTENSIONS]
    others = [other for other in others if other != target and (other.exists() or other.is_symlink())]
    if others and not args.force:
        print(f"{source}: {others[0]} exists; not overwritten (pass --force to replace it)", file=err)
        return False
    if problem := _write(target, text, force=args.force):
        print(f"{source}: {problem}", file=err)
        return False
    for other in others:  # with --force: the episode's transcript is the one just written, no other
        other.unlink()
    print(f"{source} -> {target}: {said}", file=out)
    return True


def _transcript_end(source: Path) -> int | None:
    """Where the transcript ends, in whole seconds; None when it cannot be read (_transcript says why)."""
    try:
        return math.ceil(read_transcript(read_regular_file(source, MAX_TRANSCRIPT_BYTES), source).end) or None
    except (OSError, FileRefused, InvalidData):
        return None


def _ingest_one(source: Path, args: argparse.Namespace, err: TextIO, said_until: int | None) -> Ingested | None:
    try:
        text = read_notes_file(source)
        return parse_show_notes(text, source, episode_id=args.id, podcast=args.podcast, said_until=said_until)
    except NotesFileError as error:
        print(error, file=err)
    except InvalidData as error:
        for problem in error.problems:
            print(problem, file=err)
    return None


def _prepare(out_dir: Path) -> str | None:
    """Why episode files cannot be written into out_dir (created if missing), or None."""
    if out_dir.is_symlink() and not out_dir.exists():
        return f"--out {out_dir} is a symbolic link to nothing"
    if out_dir.exists() and not out_dir.is_dir():
        return f"--out {out_dir} is a file, not a folder"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"cannot create the folder {out_dir}: {error.strerror or error}"
    return None


def _write(target: Path, content: str, *, force: bool) -> str | None:
    """Writes target atomically; the reason it was not written, or None."""
    if target.is_symlink():
        return f"{target} is a symbolic link; not written (it could point outside {target.parent})"
    if target.exists() and not target.is_file():
        return f"{target} exists and is not a file; not written"
    if target.exists() and not force:
        return f"{target} exists; not overwritten (pass --force to replace it)"
    try:
        write_atomically(target, content)  # replaces a name in target.parent, never follows a link
    except OSError as error:
        return f"cannot write {target}: {error.strerror or error}"
    return None


def _print_check(source: Path, target: Path, ingested: Ingested, out: TextIO) -> None:
    episode = ingested.episode
    print(f"{source}: would write {target} ({ingested.form})", file=out)
    summary = f"{len(episode.chapters)} chapters, {format_timestamp(episode.duration)}"
    print(f"  {episode.title} | {episode.podcast} | {summary}", file=out)
    for chapter in episode.chapters:
        print(f"  {chapter.timestamp}  {chapter.kind:<7}  {chapter.title}", file=out)

