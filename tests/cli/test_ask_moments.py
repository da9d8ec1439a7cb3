"""`ask` with transcripts: the answer starts at the moment it is said and quotes it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from tests.cli.test_main import DOSES, SLEEP, folder, no_dotenv  # noqa: F401 (no_dotenv: autouse fixture)
from tests.support.paths import SEED_TRANSCRIPT


def test_ask_json_answers_with_the_moment_it_is_said_in_a_catalog_that_mixes_transcribed_and_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = folder(tmp_path / "data", SLEEP, seed=True)
    shutil.copy(SEED_TRANSCRIPT, data / "huberman-ketamine.transcript.vtt")
    assert main(["ask", "half a milligram per kilogram infusion", "--data", str(data), "--json"]) == 0
    best = json.loads(capsys.readouterr().out)["results"][0]
    # Said at 01:27:30: playback starts a few seconds before, in the chapter that holds it.
    assert (best["start"], best["start_seconds"]) == ("01:27:27", 5247)
    assert (best["chapter_start"], best["chapter_start_seconds"], best["title"]) == ("01:26:04", 5164, DOSES)
    assert best["url"] == "https://www.youtube.com/watch?v=Rxmv7rT9leo&t=5247"
    assert best["speaker"] == "Andrew" and best["quote"].startswith("A sub-anesthetic infusion is usually about half a milligram")
    assert len(best["quote"]) <= 300
    # The episode without a transcript answers as before: its chapter's start, no quote.
    assert main(["ask", "circadian", "--data", str(data), "--json"]) == 0
    [other] = json.loads(capsys.readouterr().out)["results"]
    assert (other["start_seconds"], other["chapter_start_seconds"], other["quote"]) == (754, 754, None)


def test_ask_prints_the_moment_and_its_quote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = folder(tmp_path / "data", seed=True)
    shutil.copy(SEED_TRANSCRIPT, data / "huberman-ketamine.transcript.vtt")
    assert main(["ask", "half a milligram per kilogram infusion", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("01:26:04  " + DOSES)
    assert "Said at 01:27:27: Andrew: “A sub-anesthetic infusion" in out
    assert "https://www.youtube.com/watch?v=Rxmv7rT9leo&t=5247" in out
