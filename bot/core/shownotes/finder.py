"""Finding the chapter list in notes, whatever its form, before reading it.

Structured forms are tried first on the raw text, fallback forms last. Otherwise every line form reads every line; its
chapters, all together and grouped by how their lines are dressed (`## [00:01:14] Intro` headings
are not the `[00:00:12] **Ben:** ...` turns of the transcript around them), less those that are a
list of durations (durations.py) or of dated events (dated.py), are cut into runs
where the times start over (a list, then a transcript repeating its times), runs that read like
speech are set aside, and the longest remaining run is the list, counting entries at one time as one
(the first of equals, led-by-time before title-first); a run of a transcript's section headings
(speaker turns between them) gives way to a list outside the transcript at least half as long. A time alone on its line takes its title from
the line right above it, else from the next line below; when every lone time of a run stands under
a heading of its own past a blank line, with its notes below (a web page), from that heading.
Fewer than two chapters is no list. The sections that hold a listener's own marks (marks.py: `## Snips`,
highlights, quotes) are left out before the line forms read.
"""

from __future__ import annotations

import re
from bisect import bisect
from dataclasses import replace

from bot.core.shownotes.dated import is_dated
from bot.core.shownotes.durations import is_durations
from bot.core.shownotes.forms import DECIDE_ALONE, FALLBACK, LINE_FORMS, STRUCTURED
from bot.core.shownotes.labels import is_list_heading
from bot.core.shownotes.marks import marked_lines
from bot.core.shownotes.model import Found, Line, Notes, Unreadable
from bot.core.shownotes.scan import blank_links, tokens
from bot.core.shownotes.speech import among_turns, is_speech, turn_counts
from bot.core.shownotes.titles import clean_title

MIN_CHAPTERS = 2
_BLANK_LINES = 2  # a time alone on its line looks this far past blank lines for its title
_PROSE_WORDS = 6  # a line of this many words ending a sentence is prose, not a title
_TIME_PATTERN = re.compile(r"\b(?:[xh]{1,2}:)?[xm]{2}:[xs]{2}\b", re.I)  # `xx:xx`, `hh:mm:ss`: how times are written
_HEADING_REACH = 3  # lines above a list where a heading carrying its time opens it


def find_list(text: str, lines: list[Line], notes: Notes) -> tuple[str, list[Found]] | None:
    for form in STRUCTURED:
        try:
            found = form.read(text)
        except Unreadable as refused:
            notes.add(refused.line, f"{form.NAME} not read: {refused.message}")
            continue
        if len(found) >= MIN_CHAPTERS or (found and form in DECIDE_ALONE):
            return form.NAME, found
    marked = marked_lines(lines)
    if marked:  # a listener's snips, highlights, quotes: read as if that section were not there
        lines = [line for line in lines if line.number not in marked]
    candidates: list[tuple[str, list[Found]]] = []
    read_by: dict[str, list[Found]] = {}
    for form in LINE_FORMS:
        found = read_by[form.NAME] = form.read(lines)
        for group in [found, *_groups(found, lines)]:
            if is_durations(group, lines) or is_dated(group):
                continue
            for run in _runs(group, lines):
                run = _with_titles(run, lines)
                if len(run) >= MIN_CHAPTERS and not is_speech(run):
                    candidates.append((form.NAME, run))
    best = _longest(candidates)
    if best is not None:
        # A transcript's section headings (speaker turns between them) give way to a list outside it.
        turns = turn_counts(lines)
        if among_turns(best[1], turns):
            apart = [c for c in candidates if not among_turns(c[1], turns) and 2 * _length(c[1]) >= _length(best[1])]
            best = _longest(apart) or best
    if best is None:
        for form in FALLBACK:
            found = form.read(text)
            if len(found) >= MIN_CHAPTERS:
                return form.NAME, found
        return None
    others = [chapter for name, found in read_by.items() if name != best[0] for chapter in found]
    return best[0], _with_headings(best[1], others, notes)


def _longest(candidates: list[tuple[str, list[Found]]]) -> tuple[str, list[Found]] | None:
    """The longest run (the first of equals)."""
    best: tuple[str, list[Found]] | None = None
    for candidate in candidates:
        if best is None or _length(candidate[1]) > _length(best[1]):
            best = candidate
    return best


def _length(run: list[Found]) -> int:
    """A run's chapters as they will be read: entries at one time are one (`Teaser[00:00:00] Intro`)."""
    return len({chapter.start for chapter in run})


def _with_headings(run: list[Found], others: list[Found], notes: Notes) -> list[Found]:
    """The list with the section headings among its lines that carry their time in another form
    (`ACT II (15:26)` over `00:18:10 -- Topic` lines), where their times fall in order."""
    positions = [chapter.index or 0 for chapter in run]
    taken = set(positions)
    first, last = positions[0], positions[-1]
    headings: list[Found] = []
    for heading in others:
        where = heading.index
        if where is None or where in taken or not first - _HEADING_REACH <= where < last or not heading.title:
            continue
        place = bisect(positions, where)  # the run's chapters above it end here
        above = run[place - 1].start if place else -1
        if above < heading.start < run[place].start:
            notes.add(heading.line, f"heading {heading.title[:40]!r} with its time read as a chapter of the list")
            headings.append(heading)
            taken.add(where)
    return sorted([*run, *headings], key=lambda chapter: chapter.index or 0) if headings else run


def _groups(found: list[Found], lines: list[Line]) -> list[list[Found]]:
    """Chapters grouped by the dress of their line before the time: "##", "-", "*", "" ..."""
    text_of = {line.number: line.text for line in lines}
    groups: dict[str, list[Found]] = {}
    for chapter in found:
        groups.setdefault(_dress(text_of.get(chapter.line or 0, "")), []).append(chapter)
    return sorted(groups.values(), key=lambda group: (group[0].line or 0))


def _dress(text: str) -> str:
    lead = text.lstrip()
    dress = "".join(c for c in lead[:8] if c in "#-*+>•") if lead[:1] in "#-*+>•" else ""
    # A bracket around a leading time is dress too: a transcript's `[00:00:40] Ben: ...` after a bare `00:48:10 Topic` list.
    return "#" if dress.startswith("#") else dress[:1] or (lead[:1] if lead[:1] in "[(" and lead[1:2].isdigit() else "")


def _runs(found: list[Found], lines: list[Line]) -> list[list[Found]]:
    """Cut where the times start over: at or before the first time of the run so far, or back to a
    title the run already has (a transcript's headings repeating the list, "Introduction" at 00:14),
    and the next time does not carry on the run (then it is one slip, for the time check); a last
    time back at 0 with nothing after it starts a run too; and a time back under a heading of its own
    past a blank line (`Songs played:` over `00:31:00 ...` after a list ending at 48:10), or right under
    a heading where its section writes its hours or holds several entries a line (no hour lost): another list."""
    runs: list[list[Found]] = []
    titles: set[str] = set()  # of the current run
    for index, chapter in enumerate(found):
        run = runs[-1] if runs else None
        following = found[index + 1] if index + 1 < len(found) else None
        restarts = (
            run is not None
            and len(run) >= MIN_CHAPTERS
            and chapter.start >= 0
            and (chapter.start <= run[0].start or (chapter.start < run[-1].start and chapter.title in titles))
            # A last time back at 0 starts something else (a transcript's `[00:00:00]`), not an hour on.
            and (following.start <= run[-1].start if following is not None else chapter.start == 0)
        ) or (
            run is not None
            and len(run) >= MIN_CHAPTERS
            and 0 <= chapter.start < run[-1].start
            # ... and the time after it goes on from the run (`00:52:00`): no hour lost under the heading (`Part 2:`).
            and following is not None
            and following.start > run[-1].start
            and _heading_between(lines, run[-1].index, chapter.index)
        ) or (
            # ... or a time back right under a heading of its own (`节目中11首插入曲的时间点：`, `Related moments:`)
            # where no hour can have been lost: its section writes its hours, or holds several entries on a line.
            run is not None
            and len(run) >= MIN_CHAPTERS
            and 0 <= chapter.start < run[-1].start
            and following is not None
            and _heading_right_above(lines, chapter.index)
            and (_hours_written(chapter, following) or following.index == chapter.index)
        )
        if run is None or restarts:
            runs.append([chapter])
            titles = set()
        else:
            run.append(chapter)
        if chapter.title:
            titles.add(chapter.title)
    return runs


def _heading_between(lines: list[Line], above: int | None, below: int | None) -> bool:
    """Whether a heading opens the lines right above `below`, past a blank line after `above`: an
    untimed line ending in a colon, or a Markdown heading, with a blank line over it."""
    if above is None or below is None or below - above < 3:
        return False
    heading = _line_text(lines, below - 1)
    return (
        heading.endswith((":", "：")) or heading.startswith("#")
    ) and not _line_text(lines, below - 2) and not tokens(blank_links(heading))


def _heading_right_above(lines: list[Line], index: int | None) -> bool:
    """Whether the line right above (past one blank line at most, a block quote's `>` too) is a heading:
    untimed, ending in a colon, and no entry of a bulleted list (`- And to collect benchmarks, use:` over
    two links with earlier times is a note inside the list, which goes on after them)."""
    if index is None:
        return False
    heading = _line_text(lines, index - 1).lstrip("> ") or _line_text(lines, index - 2).lstrip("> ")
    return heading.endswith((":", "：")) and not heading.startswith(tuple("-*+•")) and not tokens(blank_links(heading))


def _hours_written(*chapters: Found) -> bool:
    """Whether one of the chapters writes its time with hours (`1:07:54`): no hour of it was lost."""
    return any(chapter.time.count(":") == 2 for chapter in chapters)


def _with_titles(run: list[Found], lines: list[Line]) -> list[Found]:
    """Titles for times alone on their line, from the untimed line next to it (see _title_for), or
    for the whole run from the line below when the run shows it (a web page's timeline: `Chapters`,
    `00:00`, `Intro`, `06:12`, ...): its first lone time has no title above it (the list's start, a
    heading), and every lone time has one title line below it, then the next time or a blank."""
    alone = [chapter.index for chapter in run if chapter.index is not None and not chapter.title]
    if not alone:
        return run
    below = (
        len(alone) >= MIN_CHAPTERS
        and not _titled_line(lines, alone[0] - 1)
        and all(_titled_line(lines, i + 1) and (i + 2 >= len(lines) or not _untimed(lines, i + 2)) for i in alone)
    )
    if below:
        return _titled_from(run, alone, lines, 1, "titled by the line below it (a timeline)")
    if len(alone) >= MIN_CHAPTERS and all(_heading_over(lines, i) for i in alone):
        return _titled_from(run, alone, lines, -2, "titled by the heading above it, past a blank line")
    if len(alone) >= MIN_CHAPTERS and _entries_under(lines, alone):
        return _titled_from(run, alone, lines, 2, "titled by the paragraph below it, past a blank line")
    if len(alone) >= MIN_CHAPTERS and (step := _opening_blocks(lines, alone)):
        return _titled_from(run, alone, lines, step, "titled by the line below it, the first of its block")
    downward = _titled_below(lines, alone)
    return [
        replace(c, title=_title_for(lines, c.index, _notes_above(run, place, lines), downward))
        if c.index is not None and not c.title
        else c
        for place, c in enumerate(run)
    ]


def _titled_below(lines: list[Line], alone: list[int]) -> bool:
    """Whether the run's lone times that have a title line beside them all have it below, none above
    (`00:10` / `Welcome`, ..., `01:08` / `Our guest`): then one with blank lines around it takes the
    text past them below too (`12:35`, blank, `Thanks and goodbye`)."""
    beside = [i for i in alone if _titled_line(lines, i - 1) or _titled_line(lines, i + 1)]
    return bool(beside) and all(_titled_line(lines, i + 1) and not _titled_line(lines, i - 1) for i in beside)


def _titled_from(run: list[Found], alone: list[int], lines: list[Line], offset: int, how: str) -> list[Found]:
    """The run with each time alone on its line titled by the line `offset` lines from it; one warning."""
    note = f"each time alone on its line {how}"
    return [
        replace(c, title=_untimed(lines, c.index + offset), repair=c.repair or (note if c.index == alone[0] else None))
        if c.index is not None and not c.title
        else c
        for c in run
    ]


def _opening_blocks(lines: list[Line], alone: list[int]) -> int:
    """How far below each time alone on its line its title stands (1, or 2 in HTML that puts a blank
    line between paragraphs), when each opens a block of lines about it (`(4:15)` / `Film A` / `Film B`,
    `00:31` / `Overview:` / a paragraph): the first has no title line right above it, each has a title
    line right below, the last too, and some block holds more lines than its title (a timeline of
    title and time pairs holds one line between two times); else 0. A title below may be a whole
    sentence (`A2DP: What is it and what can it do for you!`) when most are not: the block shows it is one."""
    step = 2 if all(not _line_text(lines, i + 1) for i in alone) else 1
    below = [_untimed(lines, i + step) for i in alone]
    if _titled_line(lines, alone[0] - 1) or not all(title and not is_list_heading(title.rstrip(":")) for title in below):
        return 0
    if sum(_titled_line(lines, i + step) for i in alone) * 2 <= len(alone):
        return 0
    ends = [*alone[1:], len(lines)]
    sizes = [sum(bool(_untimed(lines, j)) for j in range(i + 1, end)) for i, end in zip(alone, ends, strict=True)]
    return step if max(sizes[:-1]) >= 2 else 0


def _entries_under(lines: list[Line], alone: list[int]) -> bool:
    """Whether each time alone on its line has its entry below it past a blank line, one paragraph,
    the next time right after it (`<p>[00:05:32]</p>` / `<p>What leads to failure? ...</p>` /
    `<p>[00:15:01]</p>`), and the first time no title above it (the list's start, a heading)."""
    if _titled_line(lines, alone[0] - 2) and not _line_text(lines, alone[0] - 1):
        return False
    for place, index in enumerate(alone):
        if _line_text(lines, index + 1) or not _untimed(lines, index + 2):
            return False
        following = next((i for i in range(index + 3, index + 3 + _BLANK_LINES + 1) if _line_text(lines, i)), None)
        if place + 1 < len(alone) and following != alone[place + 1]:
            return False
    return True


def _heading_over(lines: list[Line], index: int) -> bool:
    """Whether a time alone on its line stands under a heading of its own, as a web page lays out a
    heading, then its time, then the topic's notes (`<h2>Title</h2>` / `<p>00:02:40</p>` / `<ul>`):
    a title line standing alone (blank lines around it) right above the blank line over the time,
    and a blank line below the time."""
    return (
        index >= 2
        and not _line_text(lines, index - 1)
        and not _line_text(lines, index + 1)
        and not _line_text(lines, index - 3)
        and _titled_line(lines, index - 2)
    )


def _line_text(lines: list[Line], index: int) -> str:
    return lines[index].text.strip() if 0 <= index < len(lines) else ""


def _titled_line(lines: list[Line], index: int) -> bool:
    """A line that can title a time beside it: untimed, not a list heading, not a line saying how the
    times are written (`Approx Times Indicated [xx:xx]`, `Timestamps (hh:mm:ss)`), not a sentence of prose."""
    title = _untimed(lines, index)
    words = len(title.split())
    return bool(title) and not is_list_heading(title.rstrip(":")) and not _TIME_PATTERN.search(title) and not (
        words >= _PROSE_WORDS and title.endswith((".", "!", "?", ":"))
    )


def _notes_above(run: list[Found], place: int, lines: list[Line]) -> bool:
    """Whether the text right above a time alone on its line belongs to the chapter before it: that
    chapter has its title on its own line and text under it (`27:33 Reviews` / `Film A, Film B` /
    `53:42` / `Kinostarts`)."""
    if place == 0 or run[place - 1].index is None or not run[place - 1].title:
        return False
    between = range(run[place - 1].index + 1, run[place].index or 0)
    return any(lines[i].text.strip() for i in between)


def _title_for(lines: list[Line], index: int, notes_above: bool = False, downward: bool = False) -> str:
    """The line right above, unless the line right below is indented under the time (`- [@11:45](...)`
    over `  *Google Stadia*`) or the line above is a note of the chapter before (_notes_above); past
    blank lines, the first line below when it is a bullet (`01:50` over its bullets) or the run's
    titles are below their times (_titled_below)."""
    indent = _indent(lines[index].text)
    below = _untimed(lines, index + 1)
    if below and _indent(lines[index + 1].text) > indent:
        return below
    if notes_above:
        step = next((s for s in range(1, _BLANK_LINES + 2) if 0 <= index + s < len(lines) and lines[index + s].text.strip()), 0)
        return _untimed(lines, index + step) if step else ""
    if above := _untimed(lines, index - 1):
        return above
    if below:
        return below
    for step in range(2, _BLANK_LINES + 2):
        if 0 <= index + step < len(lines) and (following := lines[index + step].text.strip()):
            # Past blank lines only the list that follows names the topic (`01:50`, blank, `* What is burnout?`).
            return _untimed(lines, index + step) if downward or following.startswith(("* ", "- ", "+ ", "• ")) else ""
    return ""


def _untimed(lines: list[Line], index: int) -> str:
    if not 0 <= index < len(lines) or tokens(blank_links(lines[index].text)):
        return ""
    title = clean_title(blank_links(lines[index].text), ends_line=True)
    if (title.startswith("@") and " " not in title) or (title.isdigit() and len(title) <= 3):
        return ""  # a handle, or a number alone (a subtitle cue's, a list's), is no title
    return title


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())
