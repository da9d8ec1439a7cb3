"""Show notes, as podcasts publish them: chapter lists read out of them, and whole episodes.

`read_chapters(text)` reads the chapter list out of a description (plain text, Markdown or HTML);
`parse_show_notes(text, source)` turns a whole notes file (title line, description, chapters) into
an Episode; upload.py writes the episode file of notes a moderator uploads (/episode add).
"""

from bot.core.shownotes.chapters import ChapterList, read_chapters
from bot.core.shownotes.reader import Ingested, parse_show_notes

__all__ = ["ChapterList", "Ingested", "parse_show_notes", "read_chapters"]
