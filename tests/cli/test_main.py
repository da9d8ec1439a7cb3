"""`python -m bot ask | validate | ingest`: the catalog from a terminal, as the bot would answer."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.episodes import Chapter, Episode
from bot.core.episodes.codec import dump_episode
from bot.core.search.blend import ANSWER_AT, SUGGEST_AT
from bot.settings import DATA_DIR_VAR
from tests.support.paths import REPO, SEED

DOSES = "Doses & Routes of Administration; “K-holes”; Risk & Caution"
MATCH_FIELDS = {
    "episode", "episode_title", "start", "start_seconds", "chapter_start", "chapter_start_seconds", "title", "summary",
    "transcript_summary", "kind", "chapters_automatic", "score", "url", "quote", "speaker",
}  # fmt: skip

SLEEP = Episode(
    id="sleep-light", title="Sleep & Light", podcast="Test Cast", duration=3000,
    chapters=(
        Chapter(0, "Welcome", "intro"),
        Chapter(754, "Morning Sunlight & Circadian Rhythm", "content", "Why light early in the day sets the clock."),
    ),
    url="https://www.youtube.com/watch?v=abc123", note="Not medical advice.",
)  # fmt: skip


@pytest.fixture(autouse=True)
def no_dotenv(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the environment they set, never a developer's .env."""
    monkeypatch.setattr("bot.settings.find_dotenv", lambda *args, **kwargs: "")
    monkeypatch.delenv(DATA_DIR_VAR, raising=False)


def folder(path: Path, *episodes: Episode, seed: bool = False) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    if seed:
        shutil.copy(SEED, path / SEED.name)
    for e in episodes:
        (path / f"{e.id}.json").write_text(dump_episode(e), encoding="utf-8")
    return path


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    return folder(tmp_path / "seed", seed=True)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` from the checkout, with the data folder variable set empty (so data/,
    and a developer's .env cannot fill it in)."""
    environment = {**os.environ, DATA_DIR_VAR: ""}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=REPO, env=environment, capture_output=True, text=True, timeout=60
    )


# --- end to end, as a user runs it -----------------------------------------------------------------


def test_ask_answers_from_the_shipped_data_folder() -> None:
    done = run("ask", "ketamine dose")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"01:26:04  {DOSES}"
    assert lines[1] == "Huberman Lab: Ketamine: Benefits and Risks for Depression, PTSD & Neuroplasticity"
    assert lines[2].startswith("Compares ketamine doses and routes of administration")


def test_validate_of_a_broken_file_exits_1_naming_file_and_line(tmp_path: Path) -> None:
    data = folder(tmp_path / "data", seed=True)
    text = (data / SEED.name).read_text(encoding="utf-8").replace('"start": "01:26:04"', '"start": "01:26:4"')
    (data / SEED.name).write_text(text, encoding="utf-8")
    line = text[: text.index('"01:26:4"')].count("\n") + 1
    done = run("validate", str(data))
    assert done.returncode == 1
    assert f"{data / SEED.name}:{line}: start: '01:26:4' is not a timestamp" in done.stderr
    assert "1 problem(s); nothing was loaded" in done.stderr
    assert done.stdout == ""


# --- ask -----------------------------------------------------------------------------------------


def test_ask_habenula(seed_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "habenula", "--data", str(seed_dir)]) == 0
    assert capsys.readouterr().out.startswith("01:15:45  Habenula, Pro-Depressive Behaviors & Ketamine Therapy\n")


def test_ask_prints_summary_link_related_chapters_and_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = folder(tmp_path / "data", SLEEP)
    assert main(["ask", "morning sunlight", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:4] == [
        "00:12:34  Morning Sunlight & Circadian Rhythm",
        "Test Cast: Sleep & Light",
        "Why light early in the day sets the clock.",
        "https://www.youtube.com/watch?v=abc123&t=754",
    ]
    assert out.rstrip().endswith("Not medical advice.")


def test_ask_lists_related_chapters_after_the_answer(seed_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "ketamine dose", "--data", str(seed_dir)]) == 0
    out = capsys.readouterr().out
    related = out.split("Also relevant:\n")[1].splitlines()
    assert related[0].startswith("  01:32:25  Ketamine Forms")


def test_off_topic_question_says_nothing_matched_and_exits_0(
    seed_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "best pizza recipe", "--data", str(seed_dir)]) == 0
    out = capsys.readouterr().out
    assert out == "Nothing in the catalog matches 'best pizza recipe' closely enough.\n"


def test_near_miss_prints_did_you_mean(seed_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "lsd microdosing", "--data", str(seed_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Nothing in the catalog matches")
    assert out[1] == "Did you mean:"
    assert out[2].startswith("  01:32:25  Ketamine Forms")


def test_ask_json(seed_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "ketamine dose", "--data", str(seed_dir), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == {"query", "results", "suggestions", "episodes", "confidence"}
    assert answer["query"] == "ketamine dose" and answer["suggestions"] == []
    assert answer["confidence"] >= ANSWER_AT  # how sure the answer is, which decided to give it
    best = answer["results"][0]
    assert set(best) == MATCH_FIELDS
    assert best["episode"] == "huberman-ketamine"
    assert best["episode_title"].startswith("Ketamine: Benefits and Risks")
    assert (best["start"], best["start_seconds"], best["title"], best["kind"]) == ("01:26:04", 5164, DOSES, "content")
    assert best["summary"].startswith("Compares ketamine doses")
    assert isinstance(best["score"], (int, float)) and 0 < best["score"] <= 100
    assert best["url"] == "https://www.youtube.com/watch?v=Rxmv7rT9leo&t=5164"


def test_ask_json_gives_the_timestamp_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = folder(tmp_path / "data", SLEEP)
    assert main(["ask", "circadian", "--data", str(data), "--json"]) == 0
    [best] = json.loads(capsys.readouterr().out)["results"]
    assert best["url"] == "https://www.youtube.com/watch?v=abc123&t=754"


def test_ask_json_off_topic_and_suggestions(seed_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "best pizza recipe", "--data", str(seed_dir), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["results"] == answer["suggestions"] == [] and answer["confidence"] < SUGGEST_AT
    assert main(["ask", "lsd microdosing", "--data", str(seed_dir), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["results"] == [] and SUGGEST_AT <= answer["confidence"] < ANSWER_AT
    assert answer["suggestions"][0]["start"] == "01:32:25" and set(answer["suggestions"][0]) == MATCH_FIELDS


def test_limit(seed_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "ketamine", "--data", str(seed_dir), "--json", "--limit", "1"]) == 0
    assert len(json.loads(capsys.readouterr().out)["results"]) == 1
    assert main(["ask", "ketamine", "--data", str(seed_dir), "--json", "--limit", "7"]) == 0
    assert len(json.loads(capsys.readouterr().out)["results"]) == 7


@pytest.mark.parametrize("limit", ["0", "26"])
def test_limit_out_of_range_is_a_usage_error(seed_dir: Path, capsys: pytest.CaptureFixture[str], limit: str) -> None:
    assert main(["ask", "ketamine", "--data", str(seed_dir), "--limit", limit]) == 2
    assert "--limit must be between 1 and 25" in capsys.readouterr().err


def test_episode_filter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = folder(tmp_path / "data", SLEEP, seed=True)
    assert main(["ask", "intro", "--data", str(data), "--json", "--episode", "sleep-light"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert results and {r["episode"] for r in results} == {"sleep-light"}
    assert main(["ask", "ketamine dose", "--data", str(data), "--json", "--episode", "sleep-light"]) == 0
    assert json.loads(capsys.readouterr().out)["results"] == []


def test_unknown_episode_is_a_usage_error_listing_known_ones(
    seed_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "dose", "--data", str(seed_dir), "--episode", "huberman-ketamin"]) == 2
    err = capsys.readouterr().err
    assert "no episode 'huberman-ketamin'" in err and "known: huberman-ketamine" in err


def test_stdin_answers_each_line_as_json_lines(
    seed_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("ketamine dose\n\n  habenula  \nbest pizza recipe\n"))
    assert main(["ask", "--stdin", "--data", str(seed_dir)]) == 0
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # One line out per line in, the blank one too, so answers line up with their questions.
    assert [a["query"] for a in answers] == ["ketamine dose", "", "habenula", "best pizza recipe"]
    assert [a["results"][0]["start"] if a["results"] else None for a in answers] == ["01:26:04", None, "01:15:45", None]


@pytest.mark.parametrize(
    "args, message",
    [
        (["ask"], "error: give a question, or --stdin to read questions from standard input"),
        (["ask", "dose", "--stdin"], "error: --stdin reads the questions from standard input; give no question with it"),
        (["ask", ""], 'error: the question is empty; ask about something, e.g. ask "ketamine dose"'),
        (["ask", "   "], 'error: the question is empty; ask about something, e.g. ask "ketamine dose"'),
    ],
)
def test_a_missing_or_empty_question_is_a_usage_error_saying_so(
    seed_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main([*args, "--data", str(seed_dir)]) == 2
    assert capsys.readouterr().err.strip() == message


def test_ask_piped_into_a_reader_that_stops_ends_quietly(tmp_path: Path) -> None:
    questions = "\n".join(["ketamine dose"] * 2000) + "\n"
    pipeline = f"{sys.executable} -m bot ask --stdin --data {REPO / 'data'} | head -n 1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", pipeline], input=questions, cwd=REPO,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""  # no BrokenPipeError traceback
    assert result.returncode == 141


def test_limit_range_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ask", "--help"])
    assert "1 to 25" in capsys.readouterr().out


def test_ask_on_a_broken_folder_exits_1_with_the_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = folder(tmp_path / "data", seed=True)
    (data / "broken.json").write_text('{\n  "format": 1,\n  "id": "x",\n}\n', encoding="utf-8")
    assert main(["ask", "ketamine dose", "--data", str(data)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{data / 'broken.json'}:4: invalid JSON" in captured.err


# --- where the data folder comes from ---------------------------------------------------------------


def test_data_folder_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_VAR, str(folder(tmp_path / "env", SLEEP)))
    assert main(["ask", "circadian", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["episode"] == "sleep-light"


def test_data_option_wins_over_the_environment(
    tmp_path: Path, seed_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_VAR, str(folder(tmp_path / "env", SLEEP)))
    assert main(["ask", "habenula", "--json", "--data", str(seed_dir)]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["episode"] == "huberman-ketamine"


def test_data_folder_defaults_to_data_in_the_working_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder(tmp_path / "data", SLEEP)
    monkeypatch.chdir(tmp_path)
    assert main(["ask", "circadian", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["episode"] == "sleep-light"
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == "data: 1 episodes, 2 chapters, no problems\n"


# --- validate ------------------------------------------------------------------------------------


def test_validate_good_folder(seed_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(seed_dir)]) == 0
    assert capsys.readouterr().out == f"{seed_dir}: 1 episodes, 22 chapters, no problems\n"


def test_validate_lists_every_problem_in_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = folder(tmp_path / "data", SLEEP)
    good = dump_episode(SLEEP)
    renamed = {name: good.replace('"id": "sleep-light"', f'"id": "{name}"') for name in ("a", "b")}
    (data / "a.json").write_text(renamed["a"].replace('"kind": "intro"', '"kind": "opening"'), encoding="utf-8")
    (data / "b.json").write_text(renamed["b"].replace('"format": 1', '"format": 2'), encoding="utf-8")
    assert main(["validate", str(data)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{data / 'a.json'}:") and "kind must be one of" in err[0]
    assert err[1] == f"{data / 'b.json'}:2: format must be 1 (this bot reads version 1)"
    assert err[2] == "2 problem(s); nothing was loaded"


def test_validate_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 1
    assert "data folder not found" in capsys.readouterr().err


def test_validate_of_a_folder_without_episode_files_fails_naming_what_it_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "notes.txt").write_text("x")
    (data / "episode.JSON").write_text(dump_episode(SLEEP))
    assert main(["validate", str(data)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{data}: the data folder holds no episode file (*.json); nothing to load",
        f"{data / 'episode.JSON'}: skipped: only files ending in .json are read; rename it to episode.json to load it",
        f"{data / 'notes.txt'}: skipped: only files ending in .json are read",
        "1 problem(s); nothing was loaded",
    ]


def test_validate_names_skipped_files_beside_good_ones(seed_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (seed_dir / "draft.txt").write_text("x")
    assert main(["validate", str(seed_dir)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{seed_dir}: 1 episodes, 22 chapters, no problems\n"
    assert captured.err == f"{seed_dir / 'draft.txt'}: skipped: only files ending in .json are read\n"


def test_from_another_folder_the_checkouts_data_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no data/ here, no .env
    assert main(["ask", "habenula", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["start"] == "01:15:45"


def test_a_missing_data_folder_says_where_it_looked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("bot.settings.CHECKOUT_DATA", tmp_path / "installed" / "data")  # an installed copy: none
    assert main(["validate"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "data: data folder not found"
    assert err[2:] == [
        "Looked for the data folder (--data, then in this order):",
        f"  {DATA_DIR_VAR}: not set in the environment or a .env file",
        f"  data/ in the current folder: {tmp_path / 'data'} (none)",
        f"  the checkout's data/: {tmp_path / 'installed' / 'data'} (none)",
    ]


def test_the_data_folder_named_in_dotenv_is_used_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()  # this test reads a real .env
    monkeypatch.delenv(DATA_DIR_VAR, raising=False)
    (tmp_path / ".env").write_text(f"{DATA_DIR_VAR}=episodes\n")
    monkeypatch.chdir(tmp_path)
    try:
        assert main(["validate"]) == 1
        err = capsys.readouterr().err
        assert f"{tmp_path / 'episodes'} (from {DATA_DIR_VAR} in {tmp_path / '.env'})" in err
        folder(tmp_path / "episodes", SLEEP)
        assert main(["validate"]) == 0
    finally:
        os.environ.pop(DATA_DIR_VAR, None)  # load_dotenv set it outside monkeypatch's sight


@pytest.mark.parametrize(
    "variable", ["SEGMENT_BOT_COOLDOWN", "DISCORD_DEV_GUILD_ID", "SEGMENT_BOT_LOG_LEVEL", "SEGMENT_BOT_FEEDS_ALLOW",
                 "SEGMENT_BOT_FEED_MAX_MB"],
)  # fmt: skip
def test_a_malformed_bot_setting_does_not_stop_the_catalog_commands(
    seed_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "lots")
    assert main(["validate", str(seed_dir)]) == 0
    assert main(["ask", "habenula", "--data", str(seed_dir)]) == 0
    monkeypatch.setenv("DISCORD_TOKEN", "x")
    assert main(["run"]) == 2
    assert variable in capsys.readouterr().err



def test_ask_about_a_whole_episode_names_it(seed_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "episode 1", "--data", str(seed_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["episodes"] == []  # the shipped episode has no number: a usual question
    assert main(["ask", "the one about ketamine", "--data", str(seed_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Huberman Lab: Ketamine: Benefits and Risks for Depression, PTSD & Neuroplasticity"
    assert out[1].startswith("  00:00:00  Ketamine") and len(out) == 1 + 22  # its 22 chapters
