"""python -m tests.core.shownotes.heldout NOTES_FOLDER [--expected FOLDER]: score the reader on held-out notes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.core.shownotes.heldout.report import render
from tests.core.shownotes.heldout.score import EXPECTED, score_folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.core.shownotes.heldout",
        description="Score the show-notes reader on a folder of held-out notes against the hand-written expected lists.",
    )
    parser.add_argument("notes", type=Path, help="folder holding the notes, laid out as the expected files' 'notes:' lines say")
    parser.add_argument("--expected", type=Path, default=EXPECTED, help="folder of expected lists (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.notes.is_dir():
        parser.error(f"{args.notes}: not a folder")
    try:
        results = score_folder(args.notes, args.expected)
    except ValueError as error:  # a malformed expected file, named with its line
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not results:
        parser.error(f"{args.expected}: no expected files (*.txt)")
    sys.stdout.write(render(results, str(args.notes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
