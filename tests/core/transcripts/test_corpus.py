"""The transcript reader on real published transcripts (../shared/corpora/transcripts: 26 episodes
of three podcasts, in WebVTT, SubRip and Podcasting 2.0 JSON). The transcripts stay there (they are
their speakers' words); a checkout without them skips these tests and says so."""

from __future__ import annotations

import csv
import re

import pytest

from bot.core.episodes import InvalidData
from bot.core.transcripts import read_transcript_file
from tests.support.paths import CORPORA

FOLDER = CORPORA / "transcripts"
FORMS = {"vtt": "WebVTT", "srt": "SubRip", "json": "Podcasting 2.0 JSON"}


def _index() -> list[dict[str, str]]:
    if not (FOLDER / "index.tsv").is_file():
        return []
    with open(FOLDER / "index.tsv", encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file, delimiter="\t"))


EPISODES = _index()


def _need_corpus() -> None:
    if not EPISODES:
        pytest.skip(f"{FOLDER} not found: the shared corpora sit beside the checkout (../shared/corpora)")


def left_out(message: str) -> int:
    """How many cues a warning says were left out: 1, plus the `and N more` it counts."""
    if "left out" not in message:
        return 0
    more = re.search(r"\(and (\d+) more cues like it", message)
    return 1 + (int(more.group(1)) if more else 0)


@pytest.mark.parametrize("row", EPISODES or [None], ids=[row["file"] for row in EPISODES] or ["corpus"])
def test_every_real_transcript_is_read_and_nothing_is_lost_silently(row: dict[str, str] | None) -> None:
    _need_corpus()
    assert row is not None
    transcript = read_transcript_file(FOLDER / row["file"])
    assert transcript.form == FORMS[row["format"]]
    dropped = sum(left_out(warning.message) for warning in transcript.warnings)
    assert len(transcript) + dropped == int(row["segments"]), [str(w) for w in transcript.warnings]
    assert abs(transcript.end / 60 - int(row["minutes"])) <= 1.5
    assert bool(transcript.speakers) == row["speakers"].startswith("yes")
    assert all(w.path == FOLDER / row["file"] and w.line for w in transcript.warnings)
    cues = list(transcript)
    assert all(a.start <= b.start and a.end <= b.start + 1e-9 for a, b in zip(cues, cues[1:]))
    assert all(cue.text and cue.end >= cue.start for cue in cues)


def test_the_whisper_loop_at_the_end_of_a_real_transcript_is_left_out() -> None:
    _need_corpus()
    path = FOLDER / "wan-show" / "2018-03-30-amd-strikes-back-at-gpp.srt"
    transcript = read_transcript_file(path)
    assert [cue.text for cue in transcript][-2:] != ["book", "book"]
    (loop,) = [w for w in transcript.warnings if "loop" in w.message]
    assert left_out(loop.message) == 7 and loop.line is not None
    assert path.read_text(encoding="utf-8").split("\n")[loop.line] == "book"  # the line after the timing line


def test_speakers_come_from_voice_tags_speaker_prefixes_and_segments() -> None:
    _need_corpus()
    vtt = read_transcript_file(FOLDER / "oxide-and-friends" / "grown-up-zfs-data-corruption-bug.vtt")
    srt = read_transcript_file(FOLDER / "oxide-and-friends" / "deep-tech-investing.srt")
    json = read_transcript_file(FOLDER / "oxide-and-friends" / "intel-after-gelsinger.json")
    assert "Bryan Cantrill" in vtt.speakers and not any(cue.text.startswith("<v") for cue in vtt)
    assert "Speaker 2" in srt.speakers and not any(cue.text.startswith("Speaker ") for cue in srt)
    assert json[0].speaker == "Adam Leventhal" and json[0].text == "Hello, Bryan. How are you?"


def test_no_published_chapter_list_is_taken_for_a_transcript() -> None:
    _need_corpus()
    lists = sorted(FOLDER.glob("*/*.chapters.txt"))
    assert len(lists) >= 18
    for path in lists:
        with pytest.raises(InvalidData, match="chapter list|not a transcript"):
            read_transcript_file(path)


FEED_TRANSCRIPTS = CORPORA / "feeds" / "transcripts"


@pytest.mark.parametrize(
    ("name", "form", "cues", "speakers"),
    [("buzzsprout_podcasting-qa_example.html", "Podcasting 2.0 HTML", 10, ("Travis", "Sarah", "Gilon")),
     ("buzzsprout_podcasting-qa_example.srt", "SubRip", 222, ("Travis", "Sarah", "Gilon")),
     ("buzzsprout_podcasting-qa_trailer_example.vtt", "WebVTT", 7, ("Sarah", "Gillian")),
     ("thedissenter_900.vtt", "WebVTT", 868, ()), ("thedissenter_1001.vtt", "WebVTT", 1048, ())],
)  # fmt: skip
def test_the_transcripts_hosts_generate_for_feeds_are_read(name: str, form: str, cues: int, speakers: tuple[str, ...]) -> None:
    path = FEED_TRANSCRIPTS / name
    if not path.is_file():
        pytest.skip(f"{path} not found: the shared corpora sit beside the checkout (../shared/corpora)")
    transcript = read_transcript_file(path)
    assert (transcript.form, len(transcript), transcript.speakers) == (form, cues, speakers)
    assert transcript.warnings == ()
    # Buzzsprout's SubRip names the speaker at the start of a turn only: the turn's other cues are theirs too.
    assert all(cue.speaker for cue in transcript) == bool(speakers)
