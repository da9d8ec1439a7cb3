"""The show-notes reader against real published notes, read as a careful reader reads them.

tests/core/shownotes/expected/ holds, for each file of ../shared/corpora it names, the chapter list a
careful reader takes from it (`HH:MM:SS Title` lines) or `no chapter list`; they were written by
reading each file before the reader ran on it. The notes themselves stay in ../shared (they belong
to their publishers); a checkout without it skips these tests and says so.
"""

from pathlib import Path

import pytest

from bot.core.episodes import InvalidData
from bot.core.episodes.codec import dump_episode, parse_episode
from bot.core.shownotes import parse_show_notes, read_chapters
from bot.core.shownotes.files import decode_notes, read_notes_file
from tests.support.paths import CORPORA

EXPECTED = Path(__file__).resolve().parent / "expected"
REFUSED = "no chapter list"
CASES = sorted(path.relative_to(EXPECTED) for path in EXPECTED.rglob("*.txt"))


def description(path: Path) -> str:
    """The notes without the corpus's own first two lines (the episode title and a blank line)."""
    text = decode_notes(path.read_bytes(), path)
    return text.split("\n", 2)[2] if text.count("\n") >= 2 else ""


def same_title(title: str) -> str:
    return " ".join(title.split())


@pytest.mark.parametrize("case", CASES, ids=[str(case) for case in CASES])
def test_chapters_as_a_careful_reader_takes_them(case: Path) -> None:
    """The description read by read_chapters (as feeds use it) and the whole file by ingest."""
    source = CORPORA / case
    if not source.is_file():
        pytest.skip(f"{source} not found: the shared corpora sit beside the checkout (../shared/corpora)")
    expected_text = (EXPECTED / case).read_text(encoding="utf-8").strip()
    result = read_chapters(description(source))
    refusal = ""
    try:
        episode = parse_show_notes(read_notes_file(source), source, podcast="Test Cast").episode
        ingested = [(chapter.timestamp, same_title(chapter.title)) for chapter in episode.chapters]
        assert parse_episode(dump_episode(episode), Path("episode.json")) == episode  # a file validate accepts
    except InvalidData as error:
        ingested, refusal = [], str(error)
    if expected_text == REFUSED:
        assert result.chapters == (), f"{case}: expected no chapter list, read {len(result.chapters)} chapters"
        assert result.problem and "no chapter list found" in result.problem
        assert ingested == [] and "no chapter list found" in refusal
        return
    expected = [(time, same_title(title)) for time, title in (line.split(" ", 1) for line in expected_text.splitlines())]
    read = [(chapter.timestamp, same_title(chapter.title)) for chapter in result.chapters]
    assert read == expected, "\n".join(result.warnings)
    assert ingested == expected


def test_the_expected_lists_cover_enough_podcasts_and_languages() -> None:
    podcasts = {case.name.split("_")[0] if case.parts[0] == "shownotes-forms" else case.parts[1] for case in CASES}
    assert len(CASES) >= 80 and len(podcasts) >= 25
