"""Hostile notes (issue 20, items 14 and 15): repeated short times, YAML that expands to gigabytes,
nesting deeper than a parser's stack and numbers of thousands of digits. Each gets a clear warning
naming its line, or a clear refusal, in time linear in the input and bounded memory; nothing
raises out of the reader, so `ingest` and the feed service go on with the next file or item."""

import time
import tracemalloc
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.episodes import InvalidData
from bot.core.feeds.chapters import best_chapters
from bot.core.shownotes import parse_show_notes, read_chapters

BOUND = 20.0  # seconds; each input below took minutes (or raised) before, and takes about a second now


def _laughs(levels: int = 9) -> str:
    """A YAML chapter list whose titles nest aliases nine deep: 9**9 strings once expanded, in 600 bytes."""
    items = ["- start: 1\n  title: &a [x, x, x, x, x, x, x, x, x]\n"]
    for level in range(1, levels + 1):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        items.append(f"- start: {level + 1}\n  title: &{name} [{', '.join([f'*{previous}'] * 9)}]\n")
    return "".join(items)


HOSTILE = {
    "aliases (billion laughs)": (_laughs(), "alias", 4),
    "a 5,000-digit YAML integer": ("- start: " + "1" * 5000 + "\n  title: a\n- start: 2\n  title: b\n", "digits", 1),
    "YAML brackets nested 5,000 deep": (
        "- start: 1\n  title: " + "[" * 5000 + "]" * 5000 + "\n- start: 2\n  title: b\n", "nested", 1
    ),
    "YAML blocks nested 400 deep": (
        "- start: 1\n  title: a\n- start: 2\n  title:\n" + "".join("  " * (i + 2) + "a:\n" for i in range(400)) + "    b\n",
        "nested",
        22,
    ),
    "JSON nested 100,000 deep": (
        'Intro\n{"chapters": [{"startTime": 1, "title": ' + "[" * 100_000 + "]" * 100_000 + "}]}", "nested", 2
    ),
    "TOML arrays nested 100,000 deep": (
        "+++\nchapters = [" + "[" * 100_000 + "]" * 100_000 + "]\n+++\n", "nested", 2
    ),
    "key = value blocks nested 100,000 deep": (
        "Title\nepisode {\n  chapters = " + "[" * 100_000 + "]" * 100_000 + "\n}\n", "nested", 2
    ),
    "a 5,000-digit JSON integer": (
        '{"chapters": [{"startTime": ' + "1" * 5000 + ', "title": "a"}, {"startTime": 2, "title": "b"}]}', "digits", 1
    ),
}


@pytest.mark.parametrize(("text", "words", "line"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_structured_chapters_get_a_warning_naming_the_line_not_an_exception(
    text: str, words: str, line: int
) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = read_chapters(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < BOUND and peak < 100_000_000
    assert result.chapters == () and result.problem and "no chapter list found" in result.problem
    assert any(warning.startswith(f"line {line}: ") and words in warning for warning in result.warnings)


@pytest.mark.parametrize("text", [text for text, _, _ in HOSTILE.values()], ids=HOSTILE.keys())
def test_a_feed_item_with_hostile_notes_has_no_chapters_and_the_feed_goes_on(text: str) -> None:
    chapters = best_chapters(chapters_json=None, chapters_json_error=None, psc=None, notes_html=text, duration=None)
    assert chapters.chapters == () and chapters.source == "none"


def test_ingest_reports_hostile_notes_and_still_writes_the_good_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Sleep Better\nPodcast: Test Cast\n50 min\n00:00 Welcome\n10:00 Light\n", encoding="utf-8")
    laughs = tmp_path / "laughs.txt"
    laughs.write_text("Sleep Better\nPodcast: Test Cast\n" + _laughs(), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["ingest", str(laughs), str(good), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{laughs}:6: " in err and "alias" in err and "Traceback" not in err
    assert [path.name for path in out.iterdir()] == ["good.json"]


REPEATED_TIMES = {
    # The case: 10,000 lines of "1:00" took 74 s in `ingest --check`.
    "10,000 lines of a short time": "1:00\n" * 10_000,
    # Under the limit on times, with many lines for each run of times to look through: 20 s before.
    "lone times among blank lines": "1:00\n" * 1_900 + "\n" * 200_000,
    "lone times between titles": "Title\n1:00\n" * 1_900,
    # Round 4's rules, each given the input that costs it most.
    "title-first times with words after them, far apart": "Title [1:00] link\n" * 1_900 + "\n" * 100_000,
    "one paragraph of clauses with ranges": "Clause of words [1:00-2:00] on and on " * 950,
    "headings among a list of another form": "ACT (1:00)\n00:01:00 -- Topic\n" * 950,
    "lone times after notes": "00:01 Title\nNotes\n1:00\n" * 950,
    # Round 5's rules.
    "one HTML paragraph of many lines": "<p>" + "[1:00]\nwords of a sentence here\n" * 1_900 + "</p>" + "<p>x\ny</p>" * 20_000,
    "lone times each over a paragraph": "<p>[1:00]</p><p>An entry of words.</p>" * 1_900,
    "lone times each under a heading": "<h2>Title</h2><p>1:00</p><ul><li>a</li></ul>" * 1_900,
    "times glued to Chinese words": "问题1:00 问题\n" * 1_900,
    "a chapter table of many rows": "time,title\n" + "1:00,a\n" * 1_900 + "x,y,z\n" * 100_000,
    "an OGM chapter file of many entries": "CHAPTER01=00:01:00.000\nCHAPTER01NAME=a\n" * 1_900 + "CHAPTER" * 100_000,
    "FFmpeg metadata of many sections": "[CHAPTER]\nTIMEBASE=1/1\nSTART=60\ntitle=a\n" * 1_900 + "[CHAPTER]\n" * 100_000,
    "a CUE sheet of many tracks": "TRACK 01 AUDIO\nTITLE a\nINDEX 01 01:00:00\n" * 1_900 + "INDEX\n" * 100_000,
    "TOML front matter of many chapters": "+++\n" + '[[chapters]]\nstart = "00:01:00"\ntitle = "a"\n' * 1_900 + "+++\n",
    "Podlove chapters among many stray elements": '<psc:chapter start="60" title="a"/>\n' * 1_900 + "<psc:chapter x/>\n" * 100_000,
    "dot leaders, long and many": ("Title " + "." * 100_000 + " 1:00\n") * 5 + ("A" + " ...." * 20_000 + " 1:00\n") * 5,
    "a front matter chapters key over many items": "chapters:\n" + "  1:\n    start: 1:00\n    title: a\n" * 1_900,
    # Round 6's rules.
    "a list entry wrapped over many lines": "- 1:00 Title\n" + "  and more words\n" * 100_000,
    "many wrapped list entries": "- 1:00 Title\n  and more words\n" * 1_900,
    "a folded front matter block of many lines": "---\nnotes: >\n" + "  [1:00] words\n  more words\n" * 1_900 + "---\n",
    "bare URLs holding times": "1:00 Title https://example.org/?t=1:00&u=2:00\n" * 1_900,
    "templates and attribute lists": '- [1:00 - a](#){:data-timing="1:00"}{{ page.x }} <sup>[1](#n1)</sup>\n' * 1_900,
    "transcriber's marks in one paragraph": "Words said here [inaudible 00:01:00] and on " * 1_900,
    "a speaker log": "*Ann Lee (1:00)*\nSomething said.\n" * 1_900,
    # Round 7's rules.
    "front matter records under any key": "---\nagenda:\n" + "- cue: 1:00\n  what: a\n" * 1_900 + "---\n",
    "front matter records of many keys": "---\nx:\n" + ("- " + "\n  ".join(f"k{i}: '1:00'" for i in range(300)) + "\n") * 40 + "---\n",
    "a front matter string of many escaped lines": '---\nd: "' + "1:00 a\\n\\\n  \\ b\\n" * 1_900 + '"\n---\n',
    # Round 8's rules.
    "HCL records of many chapters": 'episode "x" {\n  parts = [\n' + '    { at = "1:00" what = "a" },\n' * 1_900 + "  ]\n}\n",
    "HCL blocks repeated, never closed": 'part {\n  at = "1:00"\n  what = "a"\n' * 1_900,
    "HCL blocks repeated many times": 'part {\n  at = "1:00"\n  what = "a"\n}\n' * 1_900 + "x = {" * 100_000,
    "a TOML data file of many tables": "Title\n" + '[[parts]]\nat = "1:00"\nwhat = "a"\n' * 1_900,
    "JSON objects holding many record lists": "{" + ", ".join(f'"k{i}": [{{"t": "1:00"}}, {{"u": 1}}]' for i in range(1_900)) + "}",
    # Round 9's rules.
    "a definition-list timeline of many entries": "<dl>" + '<dt>1:00</dt><dd><b class="chapter">a</b></dd>' * 1_900 + "</dl>",
    "definitions nested in definitions": "<dl><dt>1:00</dt><dd><i>a</i>" * 1_900 + "</dd></dl>" * 1_900,
    "a chapter's items with many tooltips": '<dl><dt data-time="60">1:00</dt><dd>' + '<span data-tooltip="1:00">a</span>' * 100_000,
    "a marks section of many snips": "## Snips\n" + "### [1:00] Untitled\n[Play](https://example.org/s)\n" * 1_900,
    "marks headings, many, each closed": "## Highlights\n### [1:00] a\n## Notes\n1:00 b\n" * 950,
    "headings with attribute blocks": "### a [1:00] {#x}\n" * 1_900 + "### b {#" + "x" * 100_000 + "}\n",
    "a pad of many header lines": "HEADER\n" * 100_000 + "00:01:00 a #c\n00:02:00 b #g\n00:03:00 c #g\n",
    "a pad tagging one line among many notes": "00:00:10 a #c\n" + "00:01:00 b #g\n" * 1_900,
    # Round 10's rules.
    "times glued to CJK text on one line": "说" + "00:01:00说“好”" * 1_900,
    "announced pairs of times, many on one line": "Outline * (1:00) a * (1:00) b * " * 950,
    "titles before their times ending in numbers": "Age of 12. [1:00]\n" * 1_900,
    # Round 11's rule: items of a list written as a sentence, one a line and flattened onto one.
    "title-first items ending in a separator and a joining word": "Topic [1:00]; and\n" * 1_900,
    "a sentence of title-first items on one line": "and Topic [1:00]; " * 1_900 + "and a b c d e f g h",
    # Round 12's rules: unit times made clock times, CJK titles glued to padded times on both sides.
    "unit times, many lines": "1h02m03s Title\n" * 1_900,
    "near unit times on one line": "1h 2m 3 " * 100_000 + "12m 30s",
    "padded times glued to CJK text on both sides": "说" + "01:00说好" * 1_900,
    "UTF-8 read as Windows-1252, many runs": "1:00 â€“ CafÃ©\n" * 1_900 + "Ã" * 100_000 + "â€" * 100_000,
    # Round 13's rules: loose times (glued, dotted) weighed against a list's colon ones, raw lines joined in <br> HTML.
    "times glued to titles and dotted ones, many lines": "1:00Title\n1.00 Title\n01.01.10 Title\n" * 1_900,
    "raw lines of br-broken HTML": "a\nb<br/>\n" * 50_000 + ">" * 100_000,
    "dot leaders and echoed times": "Title" + "." * 100_000 + "1:00 (1:00) " * 1_900,
    # Round 14's rules: loose times (seconds alone, an hour dotted, a colon closing), a time split over spans,
    # verse ranges, a chat log, times of day in titles.
    "loose times, many lines": ":30 Title\n00.31:55 Title\n19.01: Title\n" * 1_900,
    "times split over many spans": "<p>" + "<span>1</span>" * 50_000 + "<span>" * 20 + "5:40 a</p>" + "<span>1</span><span>5:40 b" * 1_900,
    "verse ranges on one line": "Reading 3:11-20 " * 1_900,
    "a chat log of one voice": "[20:37:58] Robin: yes\n" * 1_900,
    "times of day in title-first titles": "Wake up 6:30 am (1:00)\n" * 1_900,
    # Round 15's rules: a unit word after a time opening its line, timecodes with frames, times wrapped under their titles.
    "unit words after times opening lines": "1:00 Min – a\n1:00  min b\n" * 1_900 + " " * 100_000 + "1:00 min",
    "timecodes with frames": "00:01:00:00 - a\n" * 1_900,
    "times wrapped under their titles": "Artist - Track 1:00\nArtist - Track\n1:00\n" * 1_900 + "\n" * 100_000 + "1:00\n",
    # Round 16's rules: clock ranges, seconds opening a first entry, lengths after titles, list numbers, ranges in words,
    # two times beside a flattened line, times alone over paragraphs of sentences, a second list under a heading,
    # untimed entries on a line before its first timed one.
    "clock ranges": "1:00 – 1:00 a.m. a\n1:00 to 1:00 p. m. b\n" * 1_900 + "1:00 – " * 20_000,
    "seconds opening lines above times": "29 sec a\n1:00 b\n<br>29 s c<br/>1:00 d\n" * 1_900 + "29 sec " + "x" * 100_000,
    "lengths after titles": "1:00 a (1 min, 1 min, 1 min)\n" * 1_900 + "1:00 a" + " (1 min" * 20_000,
    "numbers opening titles": "1:00 1 a\n1:00 2 b\n" * 1_900,
    "ranges opened by a word or run to the end": "From 1:00 to 1:00, a\n1:00 to the end, b\n" * 1_900,
    "two times beside flattened lines": "1:00 a 1:00 b\n1:00 a 1:00 b 1:00 c\n" * 950,
    "headings over times going back": "1:00:00 a\nSongs:\n\n1:00:00 b   1:00:00 c\n> Moments:\n> 1:00 d\n" * 1_900,
    "untimed entries before the first timed one": ("a | " * 50_000 + "b (1:00) | c (1:00)\n") * 3 + "x; y (1:00); z (1:00)\n" * 1_900,
    "lone times over sentences and items": "<p>1:00</p><p>What is it and what can it do for you!</p><p>item</p>" * 1_900,
    # Round 17's rules: start words before times (a unit after them), leads before bracketed starts with a
    # description, the part before a time in its brackets, sections in a round, a feed's truncation mark.
    "start words before times, a unit after": "a (Beginn: 1:00 min)\nb ab ca. Minute 1:00 Min.\n" * 1_900 + "ab ca. " * 30_000 + "1:00 min",
    "leads before bracketed starts": "a [ab ca. Minute 1:00]: b\n" * 1_900 + "a [from " * 30_000 + "1:00]: b",
    "parts before times in brackets": "a (Teil 1, ab 1:00 Min.)\nb (1, 1:00)\n" * 1_900 + "(1, " * 30_000 + "1:00)",
    "notes after times in brackets": "a (1:00, b)\nc (1, 1:00, d)\n" * 1_900 + "a (1:00" + ", b" * 30_000 + ")",
    "entries joined by and after start words": "a (starts at 1:00) and " * 30_000 + "\n" + "b (ab 1:00) und c (ab 1:00).\n" * 1_900,
    "start words in CJK brackets": "a（从1:00开始）\nb（1:00から）\n" * 1_900 + "（从" * 30_000 + "1:00开始）",
    "sections in a round": "Monday: 1:00\nTuesday: 1:00\nWednesday: 1:00\n" * 1_900,
    "truncation marks": "1:00 a [...]\n" * 1_900 + "1:00 " + "[...] " * 30_000,
    # Round 18: titles too long for a reply with no sentence end, cut after a word or dropped.
    "long titles without a sentence end": ("1:00 " + "word, " * 60 + "\n") * 1_900 + "1:00 " + "word " * 30_000,
    "colons slipped to quotes and spaces": "> 1‘00 a\n1: 00 b\n" * 1_900 + "> " * 30_000 + "1: 00 c",
}


@pytest.mark.parametrize("text", REPEATED_TIMES.values(), ids=REPEATED_TIMES.keys())
def test_repeated_short_times_are_read_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(InvalidData):
        parse_show_notes("Title\n" + text, Path("notes.txt"), podcast="Test Cast")
    assert time.perf_counter() - started < BOUND


def test_times_with_a_dot_are_slips_only_in_a_list_of_colon_times_and_are_read_in_linear_time() -> None:
    started = time.perf_counter()
    result = read_chapters("• 00:10 a\n• 05:00 b\n• 12:00 c\n" + "• 1.00 Title\n" * 100_000)
    assert [chapter.title for chapter in result.chapters] == ["a", "b", "c"]  # 100,000 dots are no slips
    assert time.perf_counter() - started < BOUND


def test_more_times_than_any_chapter_list_are_refused_after_one_scan() -> None:
    result = read_chapters("00:01 Intro\n" * 2_001)
    assert result.chapters == () and result.problem and "more than 2,000 times" in result.problem


def test_ingest_check_shows_each_guess_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "flat.txt"
    notes.write_text(
        "Sleep Better\nPodcast: Test Cast\n50 min\n"
        "We cover a lot today. Naps [8:00]; Light [15:45]; Coffee [32:10]. Photo credit: Ana\n",
        encoding="utf-8",
    )
    assert main(["ingest", str(notes), "--check"]) == 0
    out = capsys.readouterr().out
    assert f"{notes}:4: 3 chapters flattened onto one line; each title read before its time" in out


def test_a_yaml_list_with_a_control_character_is_no_list_and_no_exception() -> None:
    """PyYAML's reader refuses a NUL as the loader is made, before any parsing (found by Hypothesis)."""
    assert not read_chapters("- start: 00:01:02\x00").chapters
