"""`python -m bot feed ...` from a terminal: a saved feed file in, episode files out, progress shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import DATA_DIR_VAR, DATABASE_VAR, FEED_MAX_MB_VAR, FEEDS_ALLOW_VAR, Settings
from tests.support.feedserver import corpus_file, rss
from tests.support.paths import SEED
from tests.support.ports import unused_port


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("bot.settings.load_dotenv", lambda *args, **kwargs: False)
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(SEED, folder)
    monkeypatch.setenv(DATA_DIR_VAR, str(folder))
    monkeypatch.setenv(DATABASE_VAR, str(tmp_path / "bot.db"))
    return folder


def test_feed_add_file_writes_a_folder_of_episodes_with_progress(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feed", "add", str(corpus_file("CRE.xml"))]) == 0
    out, err = capsys.readouterr()
    assert "30/30 episodes" in err
    assert "CRE: Technik, Kultur, Gesellschaft: 30 new, 0 updated, 30 episodes in cre-technik-kultur-gesellschaft/" in out
    assert len(list((data / "cre-technik-kultur-gesellschaft").glob("*.json"))) == 30
    assert main(["validate"]) == 0
    assert main(["feed", "list"]) == 0
    assert "30 episodes, every 60 min, last success" in capsys.readouterr().out
    assert main(["feed", "refresh"]) == 0
    assert "0 new, 0 updated" in capsys.readouterr().out


def test_feed_add_of_something_that_is_no_feed_fails_naming_why(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html><body>hi</body></html>")
    assert main(["feed", "add", str(page)]) == 1
    assert "HTML page, not a feed" in capsys.readouterr().err
    assert main(["feed", "list"]) == 0 and "no feeds followed" in capsys.readouterr().out


def test_feed_remove_keeps_the_files(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss([{"guid": "1", "title": "Pilot"}]))
    assert main(["feed", "add", str(feed)]) == 0
    assert main(["feed", "remove", str(feed.resolve())]) == 0
    assert list((data / "test-cast").glob("*.json"))


def test_feed_settings_are_read_and_a_bad_one_is_named(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("bot.settings.load_dotenv", lambda *args, **kwargs: False)
    monkeypatch.setenv(FEEDS_ALLOW_VAR, "127.0.0.0/8, 10.0.0.0/8")
    monkeypatch.setenv(FEED_MAX_MB_VAR, "5")
    limits = Settings.from_env().feed_limits()
    assert [str(n) for n in limits.allowed_networks] == ["127.0.0.0/8", "10.0.0.0/8"] and limits.max_bytes == 5 * 1024 * 1024
    monkeypatch.setenv(FEEDS_ALLOW_VAR, "my laptop")
    assert main(["feed", "list"]) == 2
    assert f"{FEEDS_ALLOW_VAR} must be networks like 127.0.0.0/8" in capsys.readouterr().err


def test_a_postgresql_database_out_of_reach_is_one_line_not_a_traceback(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("bot.core.db.postgres.RECONNECT_SECONDS", 0.2)  # not the 30 s a restarting server gets
    monkeypatch.setenv(DATABASE_VAR, f"postgresql://bot:secret-password@127.0.0.1:{unused_port()}/segments")
    assert main(["feed", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot open the PostgreSQL database:") and f"check {DATABASE_VAR}" in err
    assert "Traceback" not in err and "secret-password" not in err


def test_a_data_folder_that_cannot_be_made_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("bot.settings.load_dotenv", lambda *args, **kwargs: False)
    (tmp_path / "data").write_text("a file where the data folder should be\n")
    monkeypatch.setenv(DATA_DIR_VAR, str(tmp_path / "data"))
    monkeypatch.setenv(DATABASE_VAR, str(tmp_path / "bot.db"))
    assert main(["feed", "list"]) == 1
    assert capsys.readouterr().err == f"error: cannot create the data folder {tmp_path / 'data'}: File exists\n"
