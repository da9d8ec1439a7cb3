"""A second evaluation set: real show notes of podcasts the reader was never tuned on.

expected/PODCAST/EPISODE.txt holds, for one episode, a header of `key: value` lines (podcast,
language, layout, source: the address the notes came from, notes: the notes file's path inside a
notes folder), an empty line, then the chapter list a careful reader writes (`HH:MM:SS Title`
lines, as in ../expected) or `no chapter list`. They were written by hand before the reader ran on
the notes. The notes themselves are other people's text and stay out of the repository: collect
them from the addresses (docs/show-notes-evaluation.md says how), then run

    python -m tests.core.shownotes.heldout NOTES_FOLDER

score.py reads and scores, report.py prints; fixture/ is a tiny self-written set that lets
test_heldout.py check the command without the real notes.
"""
