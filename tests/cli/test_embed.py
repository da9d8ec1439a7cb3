"""`python -m bot embed` and `ask` on a catalog new to the bot: its sentence vectors made once, with
progress, kept if stopped (issue 20, item 10)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.cli import main
from bot.core.search import VectorCache
from bot.core.search.semantic import shared_model
from bot.settings import DATABASE_VAR
from tests.cli.test_main import SLEEP, folder, no_dotenv  # noqa: F401 (no_dotenv: an autouse fixture)


@pytest.fixture
def big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A catalog the bot has not embedded, too large to embed before answering (as 100,000 chapters
    are, scaled down), with the database (and so the vector cache) in tmp_path."""
    monkeypatch.setattr(importlib.import_module("bot.cli.main"), "EMBED_AT_ONCE", 3)  # bot.cli.main is also a function
    monkeypatch.setattr("bot.core.search.semantic.EMBED_STEP", 4)
    monkeypatch.setenv(DATABASE_VAR, str(tmp_path / "bot.db"))
    return folder(tmp_path / "data", SLEEP, seed=True)


def test_ask_on_a_new_large_catalog_answers_from_words_at_once_and_says_how_to_get_meaning(
    big: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "morning sunlight", "--data", str(big)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("00:12:34  Morning Sunlight & Circadian Rhythm")
    assert "answers come from their words only; `python -m bot embed` makes them once" in err


def test_ask_wait_embeds_with_progress_then_answers_with_meaning(big: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "can't fall asleep", "--data", str(big), "--wait"]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("embedding 26 chapter and episode texts for meaning (Ctrl+C stops; what is made is kept)\n")
    assert "100%: 26 of 26 texts" in err and "words only" not in err
    assert len(VectorCache(big.parent / "bot.db.vectors")) == 26


def test_embed_stopped_midway_keeps_its_work_and_goes_on_where_it_stopped(
    big: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    model = shared_model()
    assert model is not None
    embed, calls = model.embed, 0

    def interrupted(texts: list[str], **options: Any) -> np.ndarray:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt  # Ctrl+C during the third step
        return embed(texts, **options)

    monkeypatch.setattr(model, "embed", interrupted)
    assert main(["embed", "--data", str(big)]) == 130
    assert "stopped: the 8 vectors made so far are kept in " in capsys.readouterr().err
    monkeypatch.undo()
    monkeypatch.setenv(DATABASE_VAR, str(big.parent / "bot.db"))
    monkeypatch.setattr("bot.core.search.semantic.EMBED_STEP", 4)
    assert main(["embed", "--data", str(big)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{big.parent / 'bot.db.vectors'}: 26 vectors, 18 made now\n"
    assert err.startswith("embedding 18 chapter and episode texts")
    assert main(["embed", "--data", str(big)]) == 0  # a second run, as a second process: nothing to do
    assert capsys.readouterr().out.endswith(": 26 vectors, 0 made now\n")
