"""Episodes: the data model, the episode file format and its checker, and the data folder reader.

The modules read in one direction: model (and links) <- format <- codec (one file) <- folder (the
whole data folder), with problems.py and files.py (safe reads and writes) beneath them all.
Outside this package, the model and the problems are imported from here; the rest from their
modules.
"""

from bot.core.episodes.model import CHAPTER_KINDS, Chapter, ChapterKind, Episode, format_timestamp, parse_timestamp
from bot.core.episodes.problems import InvalidData, Problem

__all__ = ["CHAPTER_KINDS", "Chapter", "ChapterKind", "Episode", "InvalidData", "Problem", "format_timestamp", "parse_timestamp"]
