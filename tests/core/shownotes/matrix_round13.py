"""The family matrix, round 13 (matrix.py): layouts of old RSS feeds' notes, self-written: a table of
contents' dot leaders, a unit word labelling a start (`00:10 min: Title`), one list typed with dotted
and colon times, times alone on their line in paragraphs, each case with the list a careful reader takes."""

from __future__ import annotations

from collections.abc import Iterator

from tests.core.shownotes.matrix import EN, HOURS, Case, clock, expected, hms


def _dot_leaders() -> Iterator[Case]:
    lines = [f"{title}{'.' * (6 + n % 3)}{clock(start, start >= 3600, False)}" for n, (start, title) in enumerate(HOURS)]
    yield "dot leaders", "\n".join(lines) + "\n", expected(HOURS)
    yield "dot leaders in paragraphs", "".join(f"<p>{line}</p>\n<p></p>\n" for line in lines), expected(HOURS)
    spaced = [f"{title} ....... {clock(start, False, True)}" for start, title in EN]
    yield "dot leaders spaced", "Contents\n" + "\n".join(spaced) + "\n", expected(EN)
    # Past an hour the same moment again in minutes, in brackets: one time.
    echoed = [f"{title}.....{clock(start, start >= 3600, False)}" + (f"&nbsp; ({start // 60}:{start % 60:02})" if start >= 3600 else "") for start, title in HOURS]
    yield "dot leaders minutes echoed", "".join(f"<p>{line}</p>" for line in echoed), expected(HOURS)
    echoed = [f"{clock(start, start >= 3600, True)} ({start // 60}:{start % 60:02}) {title}" for start, title in HOURS]
    yield "led by time minutes echoed", "\n".join(echoed) + "\n", expected(HOURS)


def _unit_labels() -> Iterator[Case]:
    for unit in ("min", "Min.", "Minute", "mins"):
        lines = [f"{clock(start, False, True)} {unit}: {title}" for start, title in EN]
        yield f"unit label {unit}", "Inhalt:\n\n" + "\n\n".join(lines) + "\n", expected(EN)
    yield "no list: lengths in minutes", "Alpha – 3:45 min\nBravo – 4:10 min\nCharlie – 2:58 min\nDelta – 5:02 min\n", None


def _dots_among_colons() -> Iterator[Case]:
    def typed(n: int, start: int) -> str:
        time = clock(start, start >= 3600, True)
        return time.replace(":", ".") if n % 2 else time
    lines = [f"{typed(n, start)} – {title}" for n, (start, title) in enumerate(HOURS)]
    yield "dots among colons", "\n".join(lines) + "\n", expected(HOURS)
    yield "dots among colons html li", "<ul>" + "".join(f"<li><span>{line}</span></li>\n" for line in lines) + "</ul>", expected(HOURS)
    seven = [*EN[:4], (2400, "Break"), EN[4], (3000, "Goodbye")]
    mostly = [f"{clock(start, False, True).replace(':', '.') if n in (0, 2, 4, 5) else clock(start, False, True)} – {title}" for n, (start, title) in enumerate(seven)]
    yield "more dots than colons", "\n".join(mostly) + "\n", expected(seven)
    # A dotted number out of the list's order (a price under it) is none of it.
    priced = "".join(f"{clock(start, False, True)} – {title}\n" for start, title in EN) + "Tickets:\n12.50 – early bird\n"
    yield "dots out of order", priced, expected(EN)





_BLOCKS = [(15, "Welcome", ["Who we are"]), (255, "Films:", ["A night at sea", "The long road"]), (1330, "Games", ["Puzzle Quest", "Kart racing", "Odd hardware"]),
           (2720, "Goodbye", ["Thanks to our guest"])]


def _blocks_under_times() -> Iterator[Case]:
    """A time alone on its line opens a block: its title on the next line, notes below (a title ending in `:` keeps it)."""
    want = expected([(start, title) for start, title, _ in _BLOCKS])
    plain = "".join(f"{clock(start, False, True)}\n{title}\n" + "".join(f"{note}\n" for note in notes) for start, title, notes in _BLOCKS)
    yield "time opens its block", "Episode 12 - Odd hardware\n\n" + plain + "\nVote for us!\n", want
    paragraphs = "".join(f"<p>({clock(start, False, False)})</p><p>{title}</p>" + "".join(f"<p>{note}</p>" for note in notes) + "<p>&nbsp;</p>"
                         for start, title, notes in _BLOCKS)
    yield "time opens its block in paragraphs", "<p>This week the two of us talk about the following:</p><p>&nbsp;</p>" + paragraphs, want
    # Title above its time, notes under it: the title line right above the first time keeps the old reading.
    above = "".join(f"{title}\n{clock(start, False, True)}\n" + "".join(f"{note}\n" for note in notes) for start, title, notes in _BLOCKS)
    yield "title above its time, notes under it", above, want


def _urls_in_enumerations() -> Iterator[Case]:
    chapters = [(0, "Opening, https://example.org/fund, our contest, and more"), (410, "Letters, www.example.net"), (1900, "Closing")]
    yield "bare url as an item between commas", "".join(f"{clock(start, False, False)} {title}\n" for start, title in chapters), expected(chapters)
    links = "".join(f"{clock(start, False, False)} {title} - https://example.org/{n}\n" for n, (start, title) in enumerate(EN))
    yield "bare url after a dash goes", links, expected(EN)
_MIX = [(0, "Opening – Nova Lane"), (95, "Harbor Lights – Kite Season"), (260, "Slow Rivers – Tin Roof"), (470, "Ada Moor – Glass Hours"),
        (700, "Ada Moor – Night Bus"), (905, "Quiet Pines – Tundra"), (1190, "Harbor Lights – Paper Sun"), (1400, "Closing – Nova Lane")]


def _glued_times() -> Iterator[Case]:
    """A DJ mix's list, some times glued to the artist (`4:30Ada Moor`), most set apart."""
    glued = {2, 3, 4, 5}
    lines = [f"{clock(start, False, False)}{'' if n in glued else ' '}{title}" for n, (start, title) in enumerate(_MIX)]
    yield "times glued to titles among spaced ones", "Tracklist:\n" + "\n".join(lines) + "\n", expected(_MIX)
    yield "times glued to titles in html", "<p>Tracklist:<br />" + "<br />\n".join(lines) + "</p>", expected(_MIX)
    yield "no list: glued times alone", "".join(f"{clock(start, False, True)}{title}\n" for start, title in _MIX[:3]), None


def _short_hours() -> Iterator[Case]:
    """Past the hour a time written `H:MM` between two `H:MM:SS` ones is hours and minutes."""
    chapters = [(0, "Intro"), (1800, "Part one"), (3675, "Part two"), (3840, "Break"), (4167, "Part three"), (5000, "Goodbye")]
    lines = [f"{clock(start, start >= 3600, False) if start != 3840 else '1:04'} {title}" for start, title in chapters]
    yield "hours and minutes between hour times", "\n".join(lines) + "\n", expected(chapters)
    lost = [(0, "Intro"), (1500, "Part one"), (3000, "Part two"), (3300, "Part three"), (4140, "Late topic")]
    written = [f"{clock(start % 3600, False, True)} {title}" for start, title in lost]
    yield "a lost hour stays a lost hour", "\n".join(written) + "\n", expected(lost)
    # A list that never writes its hours: `01:34` after `00:56` (lifted to 1:00:56) lost its hour too.
    never = [(26, "Welcome"), (1200, "Questions"), (3402, "Last question"), (3656, "Sponsor"), (3694, "Picks")]
    padded = [f"{(start % 3600) // 60:02d}:{start % 60:02d} {title}" for start, title in never]
    yield "a last time after a lifted one lost its hour too", "\n".join(padded) + "\n", expected(never)


def _wrapped_in_breaks() -> Iterator[Case]:
    """HTML that breaks its lines with `<br/>`, an entry hard-wrapped over raw lines: one title, as a browser shows it."""
    long = [(0, "Intro"), (135, "Why sleep matters even to people who say they never need more than five hours"),
            (630, "Light in the morning"), (1505, "Caffeine, adenosine and the afternoon slump that follows a big lunch"), (2890, "Questions")]
    def wrapped(title: str) -> str:
        words = title.split()
        return "\n".join(" ".join(words[n : n + 6]) for n in range(0, len(words), 6))
    text = "Our notes, so you can\nskip around.<br/>\n<br/>\n" + "".join(f"{clock(start, False, True)}- {wrapped(title)}<br/>\n<br/>\n" for start, title in long)
    yield "hard-wrapped entries in br html", text, expected(long)


def _around_old_feeds() -> Iterator[Case]:
    """A file's length and size line above the list; square brackets of a title in HTML (no Markdown there) kept."""
    listed = "".join(f"{clock(start, False, True)}  {title}<br />" for start, title in EN)
    yield "length and size line above a list", f"The specs:<br /><br />52:10 & 45.2MB<br /><br />Show notes<br /><br />{listed}", expected(EN)
    yield "length and size line under a list", f"{listed}<br />52:10, 45 MB<br />", expected(EN)
    films = [(0, "Welcome"), (420, "Night Harbor [Blu-ray]"), (1210, "The Long Road [DVD] [Special Edition]"), (2300, "Goodbye")]
    html = "".join(f'<p>{hms(start)} <a href="https://shop.example/{n}">{title.split(" [")[0]}</a>{title[len(title.split(" [")[0]):]}</p>\n' for n, (start, title) in enumerate(films))
    yield "html title keeps its square brackets", html, expected(films)
    markdown = "".join(f"- {hms(start)} {title}\n" for start, title in films)
    unwrapped = [(start, title.replace("[", "").replace("]", "")) for start, title in films]
    yield "markdown brackets are unwrapped", markdown, expected(unwrapped)


def _format_lines() -> Iterator[Case]:
    """A line saying how the times are written is no title: the lone times below it take the line under them."""
    for heading in ("Times are approximate [mm:ss]", "Timestamps (hh:mm:ss)"):
        text = f"Recorded live\n{heading}\n" + "".join(f"[{clock(start, False, False)}]\n{title}\n" for start, title in EN)
        yield f"time alone under {heading}", text, expected(EN)


ROUND13_FAMILIES = (_format_lines, _around_old_feeds, _wrapped_in_breaks, _dot_leaders, _unit_labels, _dots_among_colons, _blocks_under_times, _urls_in_enumerations, _glued_times, _short_hours)
