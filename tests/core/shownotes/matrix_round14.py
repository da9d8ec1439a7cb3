"""The family matrix, round 14 (matrix.py): one list's times typed loosely among its colon ones (an hour
dotted before colon minutes, a colon closing a dotted time, seconds with the zero minutes left out), each
case with the list a careful reader takes, and guards where a loose number is none of the list."""

from __future__ import annotations

from collections.abc import Iterator

from tests.core.shownotes.matrix import EN, HOURS, Case, clock, expected, hms

_GAMES = [(0, "Hello and housekeeping"), (30, "Which studio buys the other first?"), (371, "Cartridge cleaning tips"),
          (905, "A handheld that runs on AA cells"), (1650, "Mail from listeners"), (2404, "Picks of the week")]


def _seconds_alone() -> Iterator[Case]:
    """The first entry at `:30` or `:00`: seconds with the zero minutes left out, read in order."""
    def typed(start: int) -> str:
        return f":{start:02}" if start < 60 else clock(start, False, False)
    lines = [f"{typed(start)} {title}" for start, title in _GAMES]
    yield "seconds with no minutes opening a list", "Topics this week:\n" + "\n".join(lines) + "\n", expected(_GAMES)
    html = "<p>What we covered:</p><ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul><p>Thanks for listening!</p>"
    yield "seconds with no minutes in html items", html, expected(_GAMES)
    zero = [(0, "Cold open"), *_GAMES[2:]]
    breaks = "Highlights:<br /><br />" + "".join(f"  {typed(start)} {title}<br />" for start, title in zero)
    yield "zero seconds alone in br html", breaks, expected(zero)
    # Out of the list's order (after a later time) a `:45` is no entry; nor are seconds without a list.
    late = "\n".join(lines) + "\n:45 that's how long the intro jingle runs\n"
    yield "seconds alone out of order", late, expected(_GAMES)
    yield "no list: seconds alone", ":30 is all it takes to brew\n:45 for a strong one\n:10 to pour\n", None


def _dotted_hours() -> Iterator[Case]:
    """An hour typed with a dot before colon minutes (`01.12:40 – Title`) in a list of `HH:MM:SS` times."""
    slip = {2}
    lines = [f"{clock(start, True, True).replace(':', '.', 1) if n in slip else clock(start, True, True)} – {title}" for n, (start, title) in enumerate(HOURS)]
    yield "hour dotted before colon minutes", "Chapters\n" + "\n".join(lines) + "\n", expected(HOURS)
    bold = "<ol>" + "".join(f"<li><b>{line.split(' – ')[0]}</b> &#8211; {line.split(' – ')[1]}</li>" for line in lines) + "</ol>"
    yield "hour dotted before colon minutes in bold html", bold, expected(HOURS)


def _colon_closing() -> Iterator[Case]:
    """A list whose times close with a colon (`12:30: Artist: Track`), one of them typed with a dot (`19.05:`)."""
    tracks = [(0, "Intro"), (195, "Dale Ames: Harbour Song"), (610, "Kit Rowe: Low Tide"), (1145, "Mara Voss: Copper Sky"),
              (1502, "Dale Ames: Salt Road"), (1980, "Outro")]
    lines = [f"{clock(start, False, False).replace(':', '.') if n == 3 else clock(start, False, False)}: {title}" for n, (start, title) in enumerate(tracks)]
    yield "a dotted time closed with a colon", "Playlist\n\n" + "\n".join(lines) + "\n", expected(tracks)
    # A dotted number closed by a colon out of the list's order (a date under it) is none.
    dated = "\n".join(lines) + "\n\n12.03: recorded at the studio\n"
    yield "a dotted date closed with a colon", dated, expected(tracks)
    yield "no list: dotted numbers closed with colons", "Prices:\n12.50: adult\n8.00: child\n5.50: dog\n", None
    spaced = "\n".join(f"{clock(start, False, True)} {title}" for start, title in EN)
    yield "colon times alone still read", spaced + "\n", expected(EN)


def _numbers_in_titles() -> Iterator[Case]:
    """A verse or page range in a title (`John 14:15-21`) is no time; a time range (`05:30-12:00`) still is."""
    service = [(0, "Welcome and notices"), (290, "Hymn: Morning Has Broken"), (760, "Reading: Psalm 119:105-112 - Ann Lowe"),
               (1400, "Reading: John 14:15-21"), (1810, "Sermon - Pastor Ruth Gale")]
    lines = [f"{clock(start, False, True)} {title}" for start, title in service]
    yield "verse range in a title", "Order of service\n" + "\n".join(lines) + "\n", expected(service)
    html = "".join(f"<b>{clock(start, False, False)} </b>{title}<br />" for start, title in service)
    yield "verse range in a title in br html", html, expected(service)
    ranged = "\n".join(f"{clock(start, False, True)}-{clock(start + 60, False, True)} {title}" for start, title in EN)
    yield "time ranges glued by a dash still read", ranged + "\n", expected(EN)


def _split_over_spans() -> Iterator[Case]:
    """A time an editor's styling split over two spans (`<span>1</span><span>5:40 ...`) is one time."""
    def styled(start: int) -> str:
        time = clock(start, False, False)
        cut = 1 if len(time) > 4 else 0
        head = f'<span style="font-size: small;"><span>{time[:cut]}</span></span>' if cut else ""
        return f'{head}<span style="font-size: small;"><span>{time[cut:]}'
    paragraphs = "".join(f"<p>{styled(start)} {title}</span></span></p>" for start, title in EN)
    yield "time split over two spans", paragraphs, expected(EN)
    cells = "".join(f'<p><span class="t">{clock(start, False, True)}</span><span class="n">{title}</span></p>' for start, title in EN)
    yield "time and title in two spans stay apart", cells, expected(EN)


def _lengths_with_long_items() -> Iterator[Case]:
    """A play list giving each item's length, one of them long (a talk of 31:40): no chapter list."""
    items = [("Nova Lane", "Paper Boats", 372), ("Nova Lane", "Blue Hour", 255), ("Studio talk with Kit Rowe", "", 1900),
             ("Kit Rowe", "Tin Roof", 498), ("Kit Rowe", "Low Tide", 221), ("Mara Voss", "Long Night", 1312), ("Mara Voss", "Copper Sky", 187)]
    lines = [f"{n}. {who}{' - ' + what if what else ''} ({clock(length, False, False)})" for n, (who, what, length) in enumerate(items, 1)]
    yield "no list: play list lengths with a long talk", "<b>Tonight's play list</b><br />" + "<br />".join(lines) + "<br />", None
    # Chapters whose list goes back once (a topic listed out of order) are still chapters.
    once = [(0, "Intro"), (610, "News"), (300, "Listener mail"), (1505, "Interview"), (2890, "Goodbye")]
    yield "a topic listed out of order stays a list", "".join(f"{clock(start, False, True)} {title}\n" for start, title in once), expected(sorted(once))


def _logs() -> Iterator[Case]:
    """A chat log of one voice, lines seconds apart, and a day's posts by the clock: no chapter list."""
    said = ["are you there", "the line keeps dropping", "can you hear me now", "no", "still nothing", "ok it works", "great, go on"]
    chat = "Part of our chat before the show:\n" + "".join(f"[21:{14 + n // 3:02}:{(n * 17) % 60:02}] Robin: {line}\n" for n, line in enumerate(said))
    yield "no list: one voice's chat log", chat, None
    posts = ["Uploading the new episode now, wish me luck!", "@kitrowe The site is down again, try the mirror link", "Mirror works for me too, thanks everyone!",
             "Back on the stream in ten minutes, grab a coffee", "@maravoss Yes, the bonus clip is up on the channel now", "Done for the morning, see you tonight!"]
    log = "What I posted today: <ul>" + "".join(f"<li><em>09:{4 + 5 * n:02}</em> {post}</li>" for n, post in enumerate(posts)) + "</ul>"
    yield "no list: a day's posts by the clock", log, None
    # Hours and minutes from the start of a long show are still chapters, and a list's recurring label is no voice.
    hm = [(0, "Intro"), (900, "News of the week"), (2100, "Interview with Mara Voss"), (3300, "Questions from the chat"), (4500, "Picks"), (5700, "Goodbye")]
    written = "".join(f"[{start // 3600:02}:{start % 3600 // 60:02}] {title}\n" for start, title in hm)
    yield "hours and minutes from the start stay a list", written, expected(hm)
    asked = [(0, "Intro"), (420, "Question: why sleep?"), (900, "Question: coffee at night"), (1500, "Question: naps"),
             (2100, "Question: light"), (2700, "Question: screens"), (3300, "Goodbye")]
    yield "a recurring label minutes apart stays a list", "".join(f"{clock(start, False, True)} {title}\n" for start, title in asked), expected(asked)


def _time_of_day_in_titles() -> Iterator[Case]:
    """A title holding a time of day (`Wake up at 6:30 am`) after it in a title-first list: words of the title."""
    mix = [(0, "Nova Lane - First Light"), (262, "Kit Rowe - Wake up at 6:30 am"), (540, "Mara Voss - Night Bus 11:45 pm"),
           (830, "Dale Ames - Salt Road"), (1105, "Kit Rowe - Low Tide")]
    lines = [f"{n:02} {title} ({clock(start, False, True)})" for n, (start, title) in enumerate(mix, 1)]
    yield "time of day in a title-first entry", "Tracklist:<br />\n" + "<br />\n".join(lines) + "<br />\n", expected(mix)
    # A title holding a time that is no time of day is a row of a table of times, no chapter list.
    splits = "".join(f"Lap {n} {clock(600 * n + 7, False, True)} ({clock(600 * n, False, True)})\n" for n in range(1, 5))
    yield "no list: a table of split times", splits, None


def _title_ends() -> Iterator[Case]:
    """Where a title ends: a number closing a line's title is its own (`Console 360.`); a capitals heading
    glued to a flattened list's last title (`... PicksSHOW LINKS:`) starts the section after the list."""
    numbered = [(0, "Welcome"), (340, "The Console 360."), (905, "Top 10."), (1500, "Goodbye")]
    yield "a number ending its line's title stays", "".join(f"{clock(start, False, True)} {title}\n" for start, title in numbered), expected(numbered)
    flat = [(0, "Intro"), (302, "Why sleep matters"), (1210, "Light in the morning"), (2400, "Picks")]
    line = "CHAPTERS:" + "".join(f"- {hms(start)} - {title}" for start, title in flat) + "SHOW LINKS:- https://example.org/a - https://example.org/b"
    yield "a capitals heading glued to a flattened list's last title", line + "\n", expected(flat)
    # A flattened list whose entries are numbered: the number before the next time is that entry's.
    counted = "".join(f"{clock(start, False, True)} {title} {n}. " for n, (start, title) in enumerate(EN, 2)).rsplit(" 6. ", 1)[0]
    yield "flattened numbered entries lose the next one's number", "1. " + counted + "\n", expected(EN)


ROUND14_FAMILIES = (_title_ends, _time_of_day_in_titles, _logs, _lengths_with_long_items, _seconds_alone, _dotted_hours, _colon_closing, _numbers_in_titles, _split_over_spans)
