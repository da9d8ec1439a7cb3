"""Where the tests find the checkout, its shipped episode and the shared real data beside it."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data" / "huberman-ketamine.json"  # the shipped episode, with hand-written summaries
SHARED = REPO.parent / "shared"  # real published notes, feeds and transcripts (CI always has it)
CORPORA = SHARED / "corpora"
# A self-written transcript of a few moments of the shipped episode, for answers with the moment.
SEED_TRANSCRIPT = Path(__file__).resolve().parent / "fixtures" / "ketamine-moments.transcript.vtt"
# Self-written: six minutes each on bees, sourdough bread and volcanoes, for chapters found in a transcript.
THREE_TOPICS = Path(__file__).resolve().parent / "fixtures" / "three-topics.transcript.vtt"
