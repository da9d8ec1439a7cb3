"""The command line: `python -m bot run | sync | ask | validate | ingest | feed ...`."""

from bot.cli.main import main

__all__ = ["main"]
