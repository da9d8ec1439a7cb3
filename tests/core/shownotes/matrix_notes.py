"""The family matrix, continued (matrix.py): the list among what surrounds it in whole notes (a video
page, an app, an API record, transcripts after it), marks around its times, entries with notes under
them, mixed forms in one list, and the notes that hold no chapter list at all."""

from __future__ import annotations

import json
from collections.abc import Iterator

from tests.core.shownotes.matrix import (
    EN,
    HOURS,
    INTRO,
    LANGUAGES,
    LINE_FAMILIES,
    LINKS,
    SPONSORS,
    TIME_FORMS,
    Case,
    clock,
    expected,
    hms,
    led_by_time,
    title_first,
)
from tests.core.shownotes.matrix_round13 import ROUND13_FAMILIES
from tests.core.shownotes.matrix_round14 import ROUND14_FAMILIES
from tests.core.shownotes.matrix_round15 import ROUND15_FAMILIES
from tests.core.shownotes.matrix_round16 import ROUND16_FAMILIES
from tests.core.shownotes.matrix_round17 import ROUND17_FAMILIES
from tests.core.shownotes.matrix_round18 import ROUND18_FAMILIES


def _no_lists() -> Iterator[Case]:
    said = ["Well, I think we should start with the basics of sleep.", "Right, and the first thing people ask is about coffee, isn't it?",
            "Yes, and honestly I drink far too much of it every single day.", "We all do, so let's talk about why that matters so much.",
            "The short version is that adenosine builds up while you are awake.", "And caffeine blocks it, which is why you feel alert for a while."]
    speakers = ["Anna", "Ben"]
    turns = [(12 + 23 * n, speakers[n % 2], line) for n, line in enumerate(said)]
    yield "no list: bracketed transcript", "".join(f"[{hms(at)}] {who}: {line}\n" for at, who, line in turns), None
    yield "no list: speaker log", "".join(f"{hms(at)} {who}: {line}\n" for at, who, line in turns), None
    yield "no list: speaker headers", "".join(f"{who} ({clock(at, False, True)})\n{line}\n\n" for at, who, line in turns), None
    srt = "".join(f"{n}\n{hms(at)},000 --> {hms(at + 4)},500\n{line}\n\n" for n, (at, _, line) in enumerate(turns, 1))
    yield "no list: srt cues", srt, None
    vtt = "WEBVTT\n\n" + "".join(f"{hms(at)}.000 --> {hms(at + 4)}.500\n<v {who}>{line}\n\n" for at, who, line in turns)
    yield "no list: vtt cues", vtt, None
    excerpt = "".join(f"“{line}” ({clock(at, False, True)})\n\n" for at, _, line in turns[:4])
    yield "no list: quoted excerpts", "Some of what Anna said:\n\n" + excerpt, None
    yield "no list: prose", INTRO + "We recorded this at 19:30 on Monday, after a long day.\n" + SPONSORS, None
    tracks = "".join(f"{n}. {title} ({length})\n" for n, (title, length) in enumerate(zip(["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"], ["3:45", "4:10", "2:58", "5:02", "3:30", "4:45"], strict=True), 1))
    yield "no list: track lengths", "Tracklist\n" + tracks, None
    short = ["So welcome back everyone to the show today.", "Today we are going to talk about sleep.", "It is something we all do every night.",
             "But few of us really think about how it works.", "So let us start with the basics, shall we?", "Great, so first of all what is sleep?"]
    yield "no list: transcript without names", "".join(f"[{hms(12 + 9 * n)}] {line}\n" for n, line in enumerate(short)), None
    yield "no list: times in sentences", "We met at 10:30 and left at 12:15.\nThe train at 14:05 was late, so we arrived at 16:40.\nBy 18:00 we were home.\n", None
    yield "no list: event schedule", "Doors open 19:30 Uhr.\nShow starts 20:00 Uhr.\nAfter-party 23:00 Uhr.\n", None
    yield "no list: aspect ratios", "Formats we compare:\n- 4:3 classic television\n- 16:9 widescreen\n- 21:9 ultrawide cinema\n", None
    yield "no list: match scores", "Results:\n- Lions 1:0 Tigers\n- Bears 2:1 Wolves\n- Hawks 3:2 Eagles\n", None
    yield "no list: one timed mention", INTRO + "Dana joins us at 12:30 to talk about her book.\n" + LINKS, None
    bold = "".join(f"**{who}** ({hms(at)}): {line}\n\n" for at, who, line in turns)
    yield "no list: bold speakers with times", bold, None
    cues = "".join(f"{hms(at)}.000 --> {hms(at + 4)}.500\n{line}\n\n" for at, _, line in turns)
    yield "no list: unnumbered cues", cues, None
    yield "no list: transcript app, name and time over the text", "".join(f"{who}  {clock(at, False, False)}\n{line}\n\n" for at, who, line in turns), None
    yield "no list: transcript service, name then time", "".join(f"{who}: ({clock(at, False, True)})\n{line}\n\n" for at, who, line in turns), None
    words = "so welcome back everyone to the show today we are going to talk about sleep and why it matters".split()
    video = "".join(f"{clock(3 * n, False, False)}\n{' '.join(words[3 * n : 3 * n + 3])}\n" for n in range(len(words) // 3))
    yield "no list: video transcript, a time over each caption", video, None
    tour = "On tour:\n12.03. – Berlin, Lido – 19:30\n13.03. – Hamburg, Knust – 20:00\n15.03. – Köln, Gloria – 20:30\n"
    yield "no list: tour dates with doors", tour, None
    yield "no list: topics without times", INTRO + "".join(f"- {title}\n" for _, title in EN) + LINKS, None


def _mixed() -> Iterator[Case]:
    youtube = [f"{clock(start, start >= 3600, False)} {title}" for start, title in HOURS]
    yield "hours M:SS then H:MM:SS", "\n".join(youtube) + "\n", expected(HOURS)
    yield "hours M:SS then H:MM:SS flattened", "Chapters: " + " ".join(youtube) + "\n", expected(HOURS)
    tail = [f"{title} ({clock(start, start >= 3600, False)})" for start, title in HOURS]
    yield "hours title first mixed", "\n".join(tail) + "\n", expected(HOURS)
    bare = " ".join(title_first(EN, TIME_FORMS["MM:SS"]))
    yield "title first bare flattened", f"{bare}\n", expected(EN)
    dashed = "; ".join(title_first(EN, TIME_FORMS["MM:SS"], " - "))
    yield "title first dash flattened", f"In this episode: {dashed}.\n", expected(EN)
    ends = [start for start, _ in EN[1:]] + [3300]
    ranged = [f"{title} ({clock(start, False, True)}–{clock(end, False, True)})" for (start, title), end in zip(EN, ends, strict=True)]
    yield "title first ranges", "\n".join(ranged) + "\n", expected(EN)
    for language in ("ja", "zh"):
        chapters = LANGUAGES[language]
        flat = "；".join(title_first(chapters, TIME_FORMS["(MM:SS)"], ""))
        yield f"{language} title first flattened", f"{flat}\n", expected(chapters)
        glued = "".join(f"{clock(start, False, True)}{title}" if n else f"{clock(start, False, True)} {title}" for n, (start, title) in enumerate(chapters))
        yield f"{language} flattened glued", f"{glued}\n", expected(chapters)
    html = "".join(f"<li><strong>{clock(start, False, True)}</strong> {title}</li>" for start, title in EN)
    yield "html li strong time", f"<ul>{html}</ul>", expected(EN)
    html = "".join(f"<p><b>[{hms(start)}]</b> – {title}</p>\r\n" for start, title in EN)
    yield "html p bold crlf", html, expected(EN)
    spans = "".join(f'<div><span class="time">{hms(start)}</span><span class="title">{title}</span></div>' for start, title in EN)
    yield "html spans side by side", spans, expected(EN)
    headings = "".join(f"<h3>{title} [{clock(start, False, True)}]</h3><p>We talk about it.</p>" for start, title in EN)
    yield "html headings with time", headings, expected(EN)
    clocked = "Recorded live on Monday at 19:30 in Berlin.\n\n" + "\n".join(led_by_time(EN, TIME_FORMS["MM:SS"], " - ")) + "\n"
    yield "intro with a clock time", clocked, expected(EN)
    flat = " ".join(led_by_time(EN, TIME_FORMS["MM:SS"]))
    yield "flattened credit glued", f"{flat} Photo Credit: Jane Doe\n", expected(EN)
    yield "flattened crlf around", f"Sleep with Dana.\r\n\r\n{flat}\r\n\r\nSupport us on Patreon.\r\n", expected(EN)


def _entries_with_notes() -> Iterator[Case]:
    lines = led_by_time(EN, TIME_FORMS["MM:SS"])
    yield "entries with sub-bullets", "".join(f"{line}\n  - https://example.com/{n}\n  - a note on it\n" for n, line in enumerate(lines)), expected(EN)
    yield "entries with a paragraph under", "".join(f"{line}\nWe talk about it for a while.\n\n" for line in lines), expected(EN)
    padded = [f"{clock(start, False, start == 0)} {title}" for start, title in EN]
    yield "mixed padding", "\n".join(padded) + "\n", expected(EN)
    first = title_first(EN, TIME_FORMS["[MM:SS]"])
    glued = [first[0], f"{first[1]} {first[2]}", *first[3:]]
    yield "title first two on one line", "\n".join(glued) + "\n", expected(EN)
    blocks = "".join(f"{title}\n{hms(start)}\n\n" for start, title in EN)
    yield "title line then time line, blank between", blocks, expected(EN)
    french = LANGUAGES["fr"]
    body = "Épisode sur le sommeil.\n" + "\n".join(led_by_time(french, TIME_FORMS["MM:SS"], " – ")) + "\n"
    yield "json string ascii escapes in titles", json.dumps({"description": body}, ensure_ascii=True) + "\n", expected(french)
    arrows = [f"{clock(start, False, True)} → {clock(end, False, True)} {title}" for (start, title), end in zip(EN, [*[s for s, _ in EN[1:]], 3300], strict=True)]
    yield "ranges with arrows", "\n".join(arrows) + "\n", expected(EN)


def _marks_around_times() -> Iterator[Case]:
    """What people set around a time besides brackets: approximations, labels, markup, stray encodings."""
    marks = {"tilde": "~{}", "ca.": "ca. {}", "Min.": "Min. {}", "bold colon": "**{}:**", "nbsp": "{}\u00a0",
             "zero-width space": "{}\u200b", "blockquote": "> {}", "mojibake dash": "{} â€“"}
    for name, mark in marks.items():
        text = "".join(f"{mark.format(clock(start, False, True))} {title}\n" for start, title in EN)
        yield f"time mark {name}", text, expected(EN)
    code = "```\n" + "\n".join(led_by_time(EN, TIME_FORMS["HH:MM:SS"])) + "\n```\n"
    yield "list in a code block", code, expected(EN)
    timed = "".join(f'<p><time datetime="PT{start // 60}M{start % 60}S">{clock(start, False, True)}</time> {title}</p>' for start, title in EN)
    yield "html time elements", timed, expected(EN)


def _whole_notes() -> Iterator[Case]:
    """Whole notes as they reach people: several axes at once, as a video page, an app or an API gives them."""
    mixed = [f"{clock(start, start >= 3600, False)} {title}" for start, title in HOURS]
    video = ("Part one of our long talk with Dana.\n\n🔗 Links:\nhttps://example.com/dana\nhttps://example.com/book\n\n"
             "⏱️ Timestamps:\n" + "\n".join(mixed) + "\n\n#sleep #podcast #health\n")
    yield "whole: video description", video, expected(HOURS)
    flat = " ".join(f"({clock(start, False, True)}) {title}" for start, title in EN)
    app = f"In this episode Dana explains sleep. Timestamps: {flat} Sponsors: Acme Mattresses. Learn more about your ad choices. Visit megaphone.fm/adchoices\n"
    yield "whole: app flattened with ad line", app, expected(EN)
    spotify = "<p>Dana explains sleep.</p>" + "".join(f"<p>{clock(start, False, True)} {title}</p>" for start, title in EN)
    spotify += '<p>---</p><p>Support this podcast: <a href="https://example.com/support">https://example.com/support</a></p>'
    yield "whole: html paragraphs and support line", spotify, expected(EN)
    numbered = "Kapitel\n\n" + "".join(f"{n}\n{title}\n{hms(start)}\n\n" for n, (start, title) in enumerate(LANGUAGES["de"], 1))
    yield "whole: web player chapters, number title time", numbered, expected(LANGUAGES["de"])
    api = json.dumps({"resultCount": 1, "results": [{"trackName": "Ep 1", "description": "Dana explains sleep.\n" + "\n".join(led_by_time(EN, TIME_FORMS["MM:SS"], " - "))}]})
    yield "whole: API record", api + "\n", expected(EN)
    escaped = json.dumps({"description": "&lt;p&gt;" + "&lt;br&gt;".join(led_by_time(EN, TIME_FORMS["MM:SS"])) + "&lt;/p&gt;"})
    yield "whole: API record of escaped HTML", escaped + "\n", expected(EN)
    turns = "".join(f"[{hms(40 + 15 * n)}] {'Anna' if n % 2 else 'Ben'}: Well, that is what I think about it, more or less.\n" for n in range(12))
    yield "whole: list then transcript", "Chapters\n" + "\n".join(led_by_time(EN, TIME_FORMS["HH:MM:SS"])) + "\n\nTranscript\n" + turns, expected(EN)
    table = "| Time | Topic |\n|---|---|\n" + "".join(f"| {hms(start)} | {title} |\n" for start, title in EN)
    yield "whole: markdown table", table, expected(EN)
    linked = "".join(f"[{clock(start, False, True)}] [{title}](https://example.com/{n})\n" for n, (start, title) in enumerate(EN))
    yield "whole: linked titles", linked, expected(EN)
    anchors = "<ul>" + "".join(f'<li><a href="#t={start}">{clock(start, False, True)} {title}</a></li>' for start, title in EN) + "</ul>"
    yield "whole: time and title in one link", anchors, expected(EN)
    bold = "".join(f"**{clock(start, False, True)}** – **{title}**\n" for start, title in EN)
    yield "whole: bold times and titles", bold, expected(EN)
    chapters = "".join(f"Chapter {n}: {title} ({clock(start, False, True)})\n" for n, (start, title) in enumerate(EN, 1))
    yield "whole: chapter numbers, title first", chapters, [f"{hms(start)} Chapter {n}: {title}" for n, (start, title) in enumerate(EN, 1)]
    rss = "&amp;lt;p&amp;gt;" + "&amp;lt;br&amp;gt;".join(led_by_time(EN, TIME_FORMS["MM:SS"], " - ")) + "&amp;lt;/p&amp;gt;"
    yield "whole: RSS escaped twice", rss + "\n", expected(EN)
    lines = led_by_time(EN, TIME_FORMS["MM:SS"])
    both = json.dumps({"description": "Dana explains sleep. " + " ".join(lines), "html_description": "<p>Dana explains sleep.</p><p>" + "<br>".join(lines) + "</p>"})
    yield "whole: API record with plain and HTML copies", both + "\n", expected(EN)
    short = "Dana explains sleep. " + " ".join(lines[:3])[:60] + "…"
    yield "whole: a cut-off summary then the full list", f"{short}\n\n" + "\n".join(lines) + "\n", expected(EN)
    bare = "".join(f"{title} {clock(start, start >= 3600, False)}\n" for start, title in HOURS)
    yield "whole: title first, bare, hours mixed", bare, expected(HOURS)
    closing = " ".join(title_first(EN, TIME_FORMS["MM:SS"])) + " Thanks for listening!"
    yield "whole: title first bare flattened, closing sentence", closing + "\n", expected(EN)
    dashes = "".join(f"— {clock(start, False, True)} {title}\n" for start, title in EN)
    yield "whole: em dash bullets", dashes, expected(EN)
    ranged = "".join(f"{clock(start, False, True)} - {clock(end, False, True)} | {title}\n" for (start, title), end in zip(EN, [*(s for s, _ in EN[1:]), 3300], strict=True))
    yield "whole: ranges then a bar", ranged, expected(EN)
    starred = "Show notes\n\n" + "".join(f"* {title} - {clock(start, True, False)}\n" for start, title in HOURS) + "\nMusic by Someone.\n"
    yield "whole: starred title first with hours", starred, expected(HOURS)


NOTES_FAMILIES = (_marks_around_times, _entries_with_notes, _whole_notes, _mixed, _no_lists)


def cases() -> list[Case]:
    return [case for family in (*LINE_FAMILIES, *NOTES_FAMILIES, *ROUND13_FAMILIES, *ROUND14_FAMILIES, *ROUND15_FAMILIES, *ROUND16_FAMILIES,
                                       *ROUND17_FAMILIES, *ROUND18_FAMILIES)
            for case in family()]
