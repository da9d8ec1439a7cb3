"""The family matrix: chapter lists written out in the layouts the wild varies, each with the list a
careful reader takes, generated from one rule per axis rather than copied from any podcast.

A case is (id, notes text, expected `HH:MM:SS Title` lines, or None for notes without a chapter list);
`cases()` in matrix_notes.py gives them all.
Axes (docs/show-notes-evaluation.md, "The family matrix"): how a time is written x what separates it from its
title; the bullet in front; the language and script; title first with the time after; one line or
flattened with a joiner; HTML wrappers, CRLF and escaped strings; where the list starts, hours past one;
what stands around the list (an introduction, sponsors, links, the list given twice); web-page
timelines; ranges, countdowns and headings that carry their time; and the notes that are no list.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

Case = tuple[str, str, list[str] | None]
Chapters = list[tuple[int, str]]

EN: Chapters = [(0, "Intro"), (135, "Why sleep matters"), (630, "Light in the morning"), (1505, "Caffeine and adenosine"), (2890, "Listener questions")]
LATE: Chapters = [(45, "Cold open"), (312, "The news"), (1270, "Interview with Dana"), (2404, "Your letters")]
HOURS: Chapters = [(0, "Welcome"), (1230, "Part one"), (3725, "Part two"), (5415, "Part three"), (7290, "Goodbye")]
# The same four topics in each language (matrix_languages.tsv: its heading, then the titles at 0:00, 2:15,
# 10:30 and 25:05), and how each announces its list, as a heading line or before a flattened one.
_STARTS = (0, 135, 630, 1505)
_ROWS = [row.split("\t") for row in (Path(__file__).parent / "matrix_languages.tsv").read_text(encoding="utf-8").splitlines()[1:]]
LANGUAGES: dict[str, Chapters] = {row[0]: list(zip(_STARTS, row[2:], strict=True)) for row in _ROWS}
HEADINGS = {row[0]: row[1] for row in _ROWS}


def hms(seconds: int) -> str:
    return f"{seconds // 3600:02}:{seconds % 3600 // 60:02}:{seconds % 60:02}"


def expected(chapters: Chapters) -> list[str]:
    return [f"{hms(start)} {title}" for start, title in chapters]


def clock(seconds: int, hours: bool, pad: bool) -> str:
    h, m, s = seconds // 3600, seconds % 3600 // 60, seconds % 60
    if hours:
        return f"{h:02}:{m:02}:{s:02}" if pad else f"{h}:{m:02}:{s:02}"
    return f"{seconds // 60:02}:{s:02}" if pad else f"{seconds // 60}:{s:02}"


# How a time is written (seconds -> text).
TIME_FORMS: dict[str, Callable[[int], str]] = {
    "M:SS": lambda s: clock(s, False, False),
    "MM:SS": lambda s: clock(s, False, True),
    "H:MM:SS": lambda s: clock(s, True, False),
    "HH:MM:SS": lambda s: clock(s, True, True),
    "1h02m03s": lambda s: (f"{s // 3600}h" if s >= 3600 else "") + f"{s % 3600 // 60:02}m{s % 60:02}s",
    "(MM:SS)": lambda s: f"({clock(s, False, True)})",
    "[MM:SS]": lambda s: f"[{clock(s, False, True)}]",
    "[HH:MM:SS]": lambda s: f"[{clock(s, True, True)}]",
    "@MM:SS": lambda s: f"@{clock(s, False, True)}",
    "fullwidth MM：SS": lambda s: clock(s, False, True).replace(":", "："),
    "**MM:SS**": lambda s: f"**{clock(s, False, True)}**",
    "HH:MM:SS.mmm": lambda s: f"{clock(s, True, True)}.000",
    "⏱ MM:SS": lambda s: f"⏱ {clock(s, False, True)}",
}
# What stands between a time and the title after it.
SEPARATORS = {"space": " ", "-": " - ", "–": " – ", "—": " — ", ":": ": ", "|": " | ", ")": ") ", ".": ". ", "tab": "\t",
              "--": " -- ", "~": " ~ ", "→": " → ", "two spaces": "  "}
BULLETS = {"-": "- ", "*": "* ", "•": "• ", "▶": "▶ ", "emoji": "🎙️ ", "▶️": "▶️ ", "→": "→ ", "1.": None}
# What joins the entries of a list flattened onto one line.
JOINERS = {"space": " ", ";": "; ", "–": " – ", "|": " | ", "•": " • ", "• glued": "•", ",": ", ", "/": " / ", "two spaces": "  "}


def led_by_time(chapters: Chapters, time: Callable[[int], str], separator: str = " ", bullet: str | None = "") -> list[str]:
    return [f"{bullet if bullet is not None else f'{n}. '}{time(start)}{separator}{title}" for n, (start, title) in enumerate(chapters, 1)]


def title_first(chapters: Chapters, time: Callable[[int], str], separator: str = " ") -> list[str]:
    return [f"{title}{separator}{time(start)}" for start, title in chapters]


def _time_and_separator() -> Iterator[Case]:
    for form, time in TIME_FORMS.items():
        for name, separator in SEPARATORS.items():
            if name == ")" and form[0] in "([":
                continue  # `(00:00)) Intro` is no layout anyone writes
            text = "Chapters:\n" + "\n".join(led_by_time(EN, time, separator)) + "\n"
            yield f"time {form} sep {name}", text, expected(EN)


def _bullets() -> Iterator[Case]:
    for bullet_name, bullet in BULLETS.items():
        for name in ("space", "-", "–", "|", ":"):
            for form in ("MM:SS", "[HH:MM:SS]"):
                text = "\n".join(led_by_time(EN, TIME_FORMS[form], SEPARATORS[name], bullet)) + "\n"
                yield f"bullet {bullet_name} sep {name} time {form}", text, expected(EN)


def _languages() -> Iterator[Case]:
    for language, chapters in LANGUAGES.items():
        yield f"{language} led by time", "\n".join(led_by_time(chapters, TIME_FORMS["MM:SS"], " - ")) + "\n", expected(chapters)
        yield f"{language} bulleted", "\n".join(led_by_time(chapters, TIME_FORMS["HH:MM:SS"], " ", "• ")) + "\n", expected(chapters)
        yield f"{language} title first", "\n".join(title_first(chapters, TIME_FORMS["(MM:SS)"])) + "\n", expected(chapters)
        flat = " ".join(led_by_time(chapters, TIME_FORMS["MM:SS"]))
        yield f"{language} flattened", f"{flat}\n", expected(chapters)


def _scripts() -> Iterator[Case]:
    for language, chapters in LANGUAGES.items():
        heading = HEADINGS[language]
        lines = "\n".join(led_by_time(chapters, TIME_FORMS["MM:SS"], " ")) + "\n"
        yield f"{language} under its heading", f"{heading}\n{lines}", expected(chapters)
        yield f"{language} flattened after its heading", f"{heading} {lines.replace(chr(10), ' ').strip()}\n", expected(chapters)
    for language in ("ja", "zh"):
        chapters = LANGUAGES[language]
        yield f"{language} wave dash", "".join(f"{clock(start, False, True)}〜 {title}\n" for start, title in chapters), expected(chapters)
        yield f"{language} middle dot bullets", "".join(f"・{clock(start, False, True)} {title}\n" for start, title in chapters), expected(chapters)
        yield f"{language} full-width parentheses", "".join(f"{title}（{clock(start, False, True)}）\n" for start, title in chapters), expected(chapters)
        yield f"{language} full-width bar", "".join(f"{clock(start, False, True)}｜{title}\n" for start, title in chapters), expected(chapters)
    german = "Aufgenommen am 12.03.2024 um 19:30 Uhr in Berlin.\n\n" + "\n".join(led_by_time(LANGUAGES["de"], TIME_FORMS["HH:MM:SS"], " – ")) + "\n"
    yield "de recorded at a clock time", german, expected(LANGUAGES["de"])


def _title_first() -> Iterator[Case]:
    forms = {"[MM:SS]": (" ", "[MM:SS]"), "(MM:SS)": (" ", "(MM:SS)"), "(H:MM:SS)": (" ", "H:MM:SS"), "- MM:SS": (" - ", "MM:SS"),
             "– HH:MM:SS": (" – ", "HH:MM:SS"), "MM:SS": (" ", "MM:SS"), "| MM:SS": (" | ", "MM:SS"), ": MM:SS": (": ", "MM:SS"),
             "— [MM:SS]": (" — ", "[MM:SS]"), "@MM:SS": (" ", "@MM:SS")}
    for name, (separator, form) in forms.items():
        time = TIME_FORMS[form] if form != "H:MM:SS" else (lambda s: f"({clock(s, True, False)})")
        lines = title_first(EN, time, separator)
        yield f"title first {name} lines", "\n".join(lines) + "\n", expected(EN)
        yield f"title first {name} bullets", "\n".join(f"- {line}" for line in lines) + "\n", expected(EN)
        if form.startswith(("[", "(")) or name.startswith("(H"):
            for joiner in ("space", ";", "|", "–", "•", ","):
                flat = JOINERS[joiner].join(lines)
                yield f"title first {name} flattened {joiner}", f"We discuss: {flat}\n", expected(EN)


def _flattened() -> Iterator[Case]:
    for name, joiner in JOINERS.items():
        for form in ("MM:SS", "H:MM:SS", "(MM:SS)"):
            for separator in (" ", " - "):
                flat = joiner.join(led_by_time(EN, TIME_FORMS[form], separator))
                text = f"This week: sleep and light. {flat}\n"
                yield f"flattened {name} time {form} sep {separator.strip() or 'space'}", text, expected(EN)
    flat = " ".join(led_by_time(EN, TIME_FORMS["MM:SS"]))
    yield "flattened between prose", f"We talk about sleep with Dana. {flat} Thanks for listening!\n", expected(EN)
    yield "flattened closing sentence", f"We talk about sleep with Dana. {flat}. Thanks for listening, see you next week!\n", expected(EN)
    stops = " ".join(f"{line}." for line in led_by_time(EN, TIME_FORMS["MM:SS"]))
    yield "flattened full stops closing sentence", f"{stops} Thanks for listening!\n", [f"{line}." for line in expected(EN)]
    first = " ".join(title_first(EN, TIME_FORMS["(MM:SS)"]))
    yield "title first flattened closing sentence", f"{first} Thanks for listening!\n", expected(EN)


def _wrappers() -> Iterator[Case]:
    lines = led_by_time(EN, TIME_FORMS["MM:SS"], " - ")
    yield "crlf", "Show notes\r\n\r\n" + "\r\n".join(lines) + "\r\n", expected(EN)
    yield "crlf title first", "\r\n".join(title_first(EN, TIME_FORMS["[MM:SS]"])) + "\r\n", expected(EN)
    yield "html p per line", "".join(f"<p>{line}</p>\n" for line in lines), expected(EN)
    yield "html p one line", "".join(f"<p>{line}</p>" for line in lines), expected(EN)
    yield "html br", "<p>" + "<br>".join(lines) + "</p>", expected(EN)
    yield "html br newline", "<p>" + "<br />\n".join(lines) + "</p>\n", expected(EN)
    yield "html li", "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>", expected(EN)
    yield "html li newline", "<ul>\n" + "".join(f"  <li>{line}</li>\n" for line in lines) + "</ul>\n", expected(EN)
    linked = [f'<a href="https://example.com/ep1#t={start}">{clock(start, False, True)}</a> {title}' for start, title in EN]
    yield "html linked times", "<p>" + "<br>".join(linked) + "</p>", expected(EN)
    markdown = [f"[{clock(start, False, True)}](https://example.com/ep1?t={start}) {title}" for start, title in EN]
    yield "markdown linked times", "\n".join(markdown) + "\n", expected(EN)
    nbsp = [f"{clock(start, False, True)}&nbsp;{title}" for start, title in EN]
    yield "html nbsp", "<p>" + "<br>".join(nbsp) + "</p>", expected(EN)
    amp = [*EN[:-1], (2890, "Q&A")]
    twice = [f"{clock(start, False, True)} &amp;ndash; {title.replace('&', '&amp;amp;')}" for start, title in amp]
    yield "html escaped twice", "&lt;p&gt;" + "&lt;br&gt;".join(twice) + "&lt;/p&gt;", expected(amp)
    body = "Sleep with Dana.\n\n" + "\n".join(led_by_time(EN, TIME_FORMS["MM:SS"])) + "\n\nThanks for listening’s all."
    yield "json string", json.dumps({"title": "Ep 1", "description": body}) + "\n", expected(EN)
    yield "json string ascii", json.dumps({"description": body}, ensure_ascii=True) + "\n", expected(EN)
    yield "json string html", json.dumps({"description": "<p>" + "<br>".join(lines) + "</p>"}) + "\n", expected(EN)
    js = body.replace("\n", "\\n").replace("'", "\\'")
    yield "js string", f"const notes = '{js}';\n", expected(EN)


def _where_it_starts() -> Iterator[Case]:
    for form in ("MM:SS", "HH:MM:SS", "[MM:SS]"):
        yield f"starts late {form}", "\n".join(led_by_time(LATE, TIME_FORMS[form], " - ")) + "\n", expected(LATE)
    for form in ("M:SS", "MM:SS", "H:MM:SS", "HH:MM:SS", "1h02m03s", "(HH:MM:SS)"):
        time = TIME_FORMS.get(form) or (lambda s: f"({clock(s, True, True)})")
        yield f"hours {form}", "\n".join(led_by_time(HOURS, time, " ")) + "\n", expected(HOURS)
        yield f"hours title first {form}", "\n".join(title_first(HOURS, time, " ")) + "\n", expected(HOURS)


INTRO = "In this episode Dana and I talk about sleep, light and coffee, and answer your questions.\n\n"
SPONSORS = "\n\nThis episode is sponsored by Acme Mattresses. Go to acme.example/sleep for 20% off.\nSupport us on Patreon.\n"
LINKS = "\n\nLinks:\n- Dana's book: https://example.com/book\n- Our newsletter: https://example.com/news\n"


def _surroundings() -> Iterator[Case]:
    lines = "\n".join(led_by_time(EN, TIME_FORMS["MM:SS"], " - ")) + "\n"
    yield "intro before", INTRO + lines, expected(EN)
    yield "intro and heading", INTRO + "Timestamps:\n" + lines, expected(EN)
    yield "sponsors after", lines + SPONSORS, expected(EN)
    yield "everything around", INTRO + "Chapters\n" + lines + SPONSORS + LINKS, expected(EN)
    yield "links first", LINKS.strip() + "\n\n" + lines, expected(EN)
    songs = "\n\nSongs played:\n00:31:00 Quiet Harbour – The Tides\n00:52:00 Morning – Dana Lee\n"
    yield "a second, shorter timed list", "Chapters:\n" + lines + songs, expected(EN)
    summary = "\n".join(led_by_time(EN, TIME_FORMS["MM:SS"])) + "\n"
    detail = "".join(f"\n[{clock(start, True, True)}] {title}\nWe talk a while about {title.lower()} here.\n" for start, title in EN)
    yield "listed twice", f"Topics\n{summary}\nDetailed notes\n{detail}", expected(EN)
    yield "same list twice", f"{summary}\n{summary}", expected(EN)
    again = "\n".join(title_first(EN, TIME_FORMS["(MM:SS)"])) + "\n"
    yield "listed twice in two forms", f"Chapters\n{summary}\nIn order of appearance\n{again}", expected(EN)
    bold = "".join(f"**{title}** [{clock(start, False, True)}]\nWe talk about it for a while, with links below.\n- https://example.com/{start}\n\n" for start, title in EN)
    yield "bold headings with time", bold, expected(EN)


def _glued() -> Iterator[Case]:
    lines = led_by_time(EN, TIME_FORMS["HH:MM:SS"], " ")
    two = [lines[0], f"{lines[1]} {lines[2]}", *lines[3:]]
    yield "two on one line", "\n".join(two) + "\n", expected(EN)
    colon = [lines[0], lines[1], f"{lines[2]} {hms(EN[3][0])}: {EN[3][1]}", lines[4]]
    yield "two on one line colon", "\n".join(colon) + "\n", expected(EN)
    yield "credit glued", "\n".join([*lines[:-1], f"{lines[-1]} Photo Credit: Jane Doe on Unsplash"]) + "\n", expected(EN)


def _timelines() -> Iterator[Case]:
    yield "title line then time line", "".join(f"{title}\n{hms(start)}\n" for start, title in EN), expected(EN)
    yield "time line then title line", "Chapters\n" + "".join(f"{hms(start)}\n{title}\n" for start, title in EN), expected(EN)
    yield "podlove blocks", "Chapters\n\n" + "".join(f"{hms(start)}\n{title}\n\n" for start, title in EN), expected(EN)
    yield "time column tab", "Time\tTopic\n" + "".join(f"{hms(start)}\t{title}\n" for start, title in EN), expected(EN)
    rows = "".join(f"<tr><td>{hms(start)}</td><td>{title}</td></tr>" for start, title in EN)
    yield "html table", f"<table>{rows}</table>\n", expected(EN)
    yield "headings with time", "".join(f"## {title} [{clock(start, False, True)}]\n\nWe talk about it.\n\n" for start, title in EN), expected(EN)
    yield "headings led by time", "".join(f"### {hms(start)} {title}\n\nSome notes on it.\n\n" for start, title in EN), expected(EN)


def _ranges() -> Iterator[Case]:
    ends = [start for start, _ in EN[1:]] + [3300]
    ranged = [f"{clock(start, False, True)}–{clock(end, False, True)} {title}" for (start, title), end in zip(EN, ends, strict=True)]
    yield "ranges", "\n".join(ranged) + "\n", expected(EN)
    ranged = [f"{clock(start, False, True)} - {clock(end, False, True)}: {title}" for (start, title), end in zip(EN, ends, strict=True)]
    yield "ranges colon", "\n".join(ranged) + "\n", expected(EN)
    songs = [(0, "Alpha"), (210, "Bravo"), (455, "Charlie"), (700, "Delta"), (930, "Echo")]
    count = [f"{5 - n}. {title} ({clock(start, False, False)}–{clock(start + 200, False, False)})" for n, (start, title) in enumerate(songs)]
    yield "countdown ranges", "Top 5\n" + "\n".join(count) + "\n", expected(songs)
    count = [f"{5 - n}. {title} – {clock(start, False, True)}" for n, (start, title) in enumerate(songs)]
    yield "countdown title first", "\n".join(count) + "\n", expected(songs)


# Layouts of the list itself; matrix_notes.py holds whole notes and notes with no list.
LINE_FAMILIES = (_scripts, _time_and_separator, _bullets, _languages, _title_first, _flattened, _wrappers, _where_it_starts,
                 _surroundings, _glued, _timelines, _ranges)
