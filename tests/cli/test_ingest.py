"""`python -m bot ingest`: bad input gets one clear line each, nothing is lost or written astray."""

import os
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.shownotes.files import MAX_BYTES

NOTES = """Sleep Better
Podcast: Test Cast
Duration: 50:00

We talk about sleep, light and the timing of both in this one.

Timestamps:
00:00 Welcome
02:29 Sponsor: AG1
12:34 Sleep & Light; Timing
45:06 Closing
"""


def good(folder: Path, name: str = "sleep-better.txt", text: str = NOTES, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def run(*args: str | Path) -> int:
    return main(["ingest", *map(str, args)])


def test_each_bad_file_gets_one_line_and_the_good_ones_are_still_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (notes / "slides.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (notes / "empty.txt").write_bytes(b"")
    (notes / "huge.txt").write_bytes(b"00:00 Welcome\n" * (20_000_000 // 14))
    (notes / "folder").mkdir()
    (notes / "no-list.txt").write_text("Sleep Better\nPodcast: Test Cast\n\nJust prose here.\n", encoding="utf-8")
    first, last = good(notes, "first.txt"), good(notes, "last.txt")
    out = tmp_path / "out"
    bad = ["binary.txt", "slides.pdf", "empty.txt", "huge.txt", "folder", "missing.txt", "no-list.txt"]

    assert run(first, *(notes / name for name in bad), last, "--out", out) == 1

    err = capsys.readouterr().err.splitlines()
    problems = [line for line in err if not line.startswith("warning")]
    assert len(problems) == len(bad)
    for name, line in zip(bad, problems, strict=True):
        assert line.startswith(str(notes / name) + ":")
    assert "holds NUL bytes" in problems[0] and "is a PDF" in problems[1] and "is empty" in problems[2]
    assert "too big" in problems[3] and "is a directory" in problems[4] and "no such file" in problems[5]
    assert "no chapter list found" in problems[6]
    assert sorted(path.name for path in out.iterdir()) == ["first.json", "last.json"]
    assert os.path.getsize(notes / "huge.txt") > MAX_BYTES


def test_a_fifo_or_a_device_is_refused_without_being_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "notes.txt"
    os.mkfifo(fifo)  # reading it would wait for a writer that never comes
    assert run(fifo, "/dev/zero", "--check") == 1  # /dev/zero would fill the memory
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{fifo}: not a regular file (a FIFO); not read", "/dev/zero: not a regular file (a character device); not read"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "latin-1", "cp1252"])
def test_text_in_other_encodings_is_decoded(tmp_path: Path, encoding: str) -> None:
    text = NOTES.replace("Welcome", "Begrüßung à la café").replace("Closing", "Schluß")
    assert run(good(tmp_path, "notes.txt", text, encoding), "--out", tmp_path / "out") == 0
    written = (tmp_path / "out" / "notes.json").read_text(encoding="utf-8")
    assert "Begrüßung à la café" in written and "Schluß" in written


def test_check_prints_what_would_be_written_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = NOTES.replace("45:06 Closing", "05:00 Misplaced\n45:06 Closing")
    out = tmp_path / "out"
    assert run(good(tmp_path, text=text), "--out", out, "--check") == 0
    printed = capsys.readouterr().out
    assert f"would write {out / 'sleep-better.json'}" in printed and "led by time" in printed
    assert "00:12:34  content  Sleep & Light; Timing" in printed and "00:45:06  outro    Closing" in printed
    assert "00:05:00  content  Misplaced" in printed  # listed out of order: kept at its time
    assert "sleep-better.txt:11: chapter 05:00 'Misplaced' is listed out of time order" in printed  # the warning, naming the line
    assert not out.exists()


def test_out_that_is_a_file_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "data"
    target.write_text("not a folder", encoding="utf-8")
    assert run(good(tmp_path), "--out", target) == 2
    assert f"--out {target} is a file, not a folder; nothing was written" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_a_dangling_symlink_at_the_output_path_is_never_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "sleep-better.json").symlink_to(elsewhere / "stolen.json")
    assert run(good(tmp_path), "--out", out, "--force") == 1
    assert "is a symbolic link; not written" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_a_dangling_symlink_as_out_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.symlink_to(tmp_path / "nowhere")
    assert run(good(tmp_path), "--out", out) == 2
    assert "is a symbolic link to nothing" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()


def test_an_existing_episode_file_is_kept_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "sleep-better.json").write_text("hand-written", encoding="utf-8")
    assert run(good(tmp_path), "--out", out) == 1
    assert "exists; not overwritten (pass --force to replace it)" in capsys.readouterr().err
    assert (out / "sleep-better.json").read_text(encoding="utf-8") == "hand-written"
    assert [path.name for path in out.iterdir()] == ["sleep-better.json"]  # no temporary file left


# --- ingest and the other commands on what it wrote ----------------------------------------------


def test_ingest_writes_an_episode_file_and_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "sleep-better.txt"
    notes.write_text(NOTES, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["ingest", str(notes), "--out", str(out)]) == 0
    target = out / "sleep-better.json"
    assert f"-> {target}: 4 chapters" in capsys.readouterr().out
    assert main(["validate", str(out)]) == 0
    capsys.readouterr()

    hand_edited = target.read_text(encoding="utf-8").replace('"summary": ""', '"summary": "Written by hand."', 1)
    target.write_text(hand_edited, encoding="utf-8")
    assert main(["ingest", str(notes), "--out", str(out)]) == 1
    assert "exists; not overwritten (pass --force to replace it)" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == hand_edited

    assert main(["ingest", str(notes), "--out", str(out), "--force"]) == 0
    assert "Written by hand." not in target.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["ask", "sleep light timing", "--data", str(out)]) == 0
    assert capsys.readouterr().out.startswith("00:12:34  Sleep & Light; Timing\n")
