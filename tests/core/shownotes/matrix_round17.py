"""The family matrix, round 17 (matrix.py): a time introduced by a word saying where a part starts, one
family in many languages (`(Beginn: 0:20 min)`, `… ab 6:48 min`, `(desde el minuto 2:10)`, `(vanaf minuut
3:05)`, `（从02:30开始）`, `（2:30から）`, `Starts at 2:30: title`, `[ab ca. Minute 01:45]: description`,
`[from 41:10]: description`), the part a time is in written
before it in its brackets (`(Teil 1, ab 3:55 Min.)`, `(1, 27:59)`) and a note after it there (`(12:30, with Dana)`), sections that recur under untimed
headings in one fixed round (`Monday: 6:02` under each week, minutes past 59), and a feed's truncation
mark ending the last title (`[...]`); each case with the list a careful reader takes, and guards where
the text is what it seems."""

from __future__ import annotations

from collections.abc import Iterator

from tests.core.shownotes.matrix import Case, clock, expected

_QUESTIONS = [(20, "Wie kommt der Kaffee in die Tasse?"), (1953, "Wer röstet die Bohnen?"), (4430, "Wie schmeckt der Sommer?")]
_TOPICS = [(126, "Was die neue Version kann"), (408, "Wofür sich das große Paket lohnt"), (643, "Wie der Markt reagiert"),
           (1043, "Der Client für unterwegs")]


_LED = [(150, "the news"), (730, "the interview"), (2140, "your questions")]
_DE = [(150, "Nachrichten"), (730, "Interview"), (2140, "Fragen")]
# (case, heading, each line with {title} and {time}, chapters, padded minutes): one entry a line, in each language.
_ONE_A_LINE = (
    ("desde el minuto in brackets", "Temas:\n", "{title} (desde el minuto {time})\n", [(130, "La economía"), (840, "El fútbol"), (1880, "La música")], False),
    ("vanaf minuut in brackets", "Onderwerpen:\n", "- {title} (vanaf minuut {time})\n", [(185, "Het nieuws"), (905, "Het interview"), (2410, "Vragen van luisteraars")], True),
    ("à partir de la minute in brackets", "", "{title} (à partir de la minute {time})<br>\n", [(95, "Les nouvelles"), (730, "L'entretien"), (2105, "Vos questions")], True),
    ("从…开始 in full-width brackets", "本期内容：\n", "{title}（从{time}开始）\n", [(150, "嘉宾介绍"), (730, "正题"), (2140, "听众提问")], True),
    ("…から in full-width brackets", "今回の話題：\n", "{title}（{time}から）\n", [(150, "ゲスト紹介"), (730, "本題"), (2140, "質問コーナー")], False),
    ("dal minuto in brackets", "", "- {title} (dal minuto {time})\n", [(150, "Le notizie"), (730, "L'intervista"), (2140, "Le domande")], False),
    ("a partir do minuto after a dash", "", "{title} – a partir do minuto {time}\n", [(150, "As notícias"), (730, "A entrevista"), (2140, "Perguntas")], True),
    ("Starts at M:SS: title, the start word leading", "", "Starts at {time}: {title}\n", _LED, False),
    ("Beginn MM:SS – Titel, the start word leading", "", "Beginn {time} – {title}\n", _DE, True),
)


def _start_words() -> Iterator[Case]:
    """A word saying where a part starts, before its time, after the title or in brackets after it, in several languages."""
    rounds = "".join(f"{n}. Runde:\n<b>{title}</b> (Beginn: {clock(start, start >= 3600, False)} min)\n<ul><li>Gast {n}</li></ul>\n"
                     for n, (start, title) in enumerate(_QUESTIONS, 1))
    yield "a bold question then (Beginn: M:SS min)", "Die Runden des Abends:\n\n" + rounds, expected(_QUESTIONS)
    items = "".join(f"<li>{title} ab {clock(start, False, False)} min </li>\n" for start, title in _TOPICS)
    yield "ab M:SS min ending each item under an untimed first", "<p>Eine kleine Einteilung:</p>\n<ul>\n<li>Zuerst die Vorstellung</li>\n" + items + "</ul>\n", expected(_TOPICS)
    leads = [(105, "Kaffee"), (390, "Grüner Tee"), (645, "Wasser aus der Leitung")]
    described = "".join(f"- **{t}** *[ab ca. Minute {clock(s, False, True)}]*: Wir reden lange darüber, was es ist, woher es kommt und wer es trinkt.\n"
                        for s, t in leads)
    yield "a bold lead, [ab ca. Minute MM:SS], then a description", "Die Themen dieser Folge:\n\n" + described, expected(leads)
    en = [(212, "The harbour vote"), (1380, "Money for the dredging"), (2470, "Q&A")]
    html = "".join(f"<li><strong>{t}</strong> <em>[from {clock(s, False, True)}]</em>: what the council said, and what it means for the town.</li>\n" for s, t in en)
    yield "a strong lead, [from MM:SS], then a description, in HTML", "<ul>\n" + html + "</ul>\n", expected(en)
    for name, heading, line, chapters, pad in _ONE_A_LINE:
        yield name, heading + "".join(line.format(title=t, time=clock(s, False, pad)) for s, t in chapters), expected(chapters)
    sentence = f"In this episode: {_LED[0][1]} (starts at {clock(_LED[0][0], False, False)}), {_LED[1][1]} (starts at {clock(_LED[1][0], False, False)}) and {_LED[2][1]} (starts at {clock(_LED[2][0], False, False)}).\n"
    yield "a sentence of entries, each (starts at M:SS), the last joined by and", sentence, expected(_LED)
    satz = ", ".join(f"{t} (ab Minute {clock(s, False, True)})" for s, t in _DE[:2]) + f" und {_DE[2][1]} (ab Minute {clock(_DE[2][0], False, True)})."
    yield "a German sentence of entries (ab Minute MM:SS), joined by und", f"{satz}\n", expected(_DE)
    yield "no list: a sentence of clock times after at and from", "We met (at 9:00) and then we talked (from 10:30) and then we ate (at 12:00).\n", None
    # Guards: a start word and its time alone under a heading are the heading's start (title_first, not led by
    # time); a time after a start word inside a sentence is no lead, and lengths in minutes stay lengths.
    sections = "".join(f"## {t}\n\nStarts at [{clock(s, True, True)}].\n\n" for s, t in en)
    yield "Starts at [HH:MM:SS]. alone under each heading", sections, expected(en)
    yield "no list: lines opened by At and a clock", "At 9:00 we met the mayor\nAt 10:30 we went to the harbour\nAt 12:00 we had lunch\n", None
    yield "no list: a programme opened by From", "From 9:00 breakfast\nFrom 10:30 the walk\nFrom 12:00 lunch\n", None
    yield "no list: one sentence with a start word", "The live show (starts at 19:30): bring a friend and a chair.\nSee you there!\n", None
    lengths = "".join(f"{n}. {t} ({length} min)\n" for n, (t, length) in enumerate([("Alpha", "3:45"), ("Bravo", "4:10"), ("Charlie", "2:58"), ("Delta", "5:02")], 1))
    yield "no list: track lengths in minutes", "Tracklist\n" + lengths, None


def _parts_in_brackets() -> Iterator[Case]:
    """The part of a two-part episode a time is in, written before it inside its brackets, is no title text."""
    parts = [(235, "Rückblick auf den Oktober"), (1679, "Neue Hörspiele im November"), (3513, "Die Hörspieltage")]
    lines = [f"{parts[0][1]} (Teil 1, ab {clock(parts[0][0], False, False)} Min.)", *(f"{t} (1, {clock(s, False, True)})" for s, t in parts[1:])]
    yield "(Teil 1, ab M:SS Min.) and (1, MM:SS)", "Die Ausgabe enthält die Themen:\n\n" + "\n".join(lines) + "\n", expected(parts)
    en = [(61, "Opening thoughts"), (840, "The long interview"), (2300, "Mailbag")]
    yield "(part 2, MM:SS)", "".join(f"{t} (part 2, {clock(s, False, True)})\n" for s, t in en), expected(en)
    notes = [(150, "The news"), (730, "The interview"), (2140, "Your questions")]
    asides = ["with Dana", "part one", "by mail"]
    yield "(MM:SS, a note) after each title", "".join(f"{t} ({clock(s, False, True)}, {a})\n" for (s, t), a in zip(notes, asides, strict=True)), expected(notes)
    last = [*lines[:2], f"{parts[2][1]} (1, {clock(parts[2][0], False, True)}, weiter in Teil 2)"]
    yield "(1, MM:SS, a note) closing the last entry", "\n".join(last) + "\n", expected(parts)


def _recurring_sections() -> Iterator[Case]:
    """The same sections in one fixed round under each untimed heading (a forecast's days of each week)."""
    days = ["Overview", "Monday", "Wednesday", "Friday"]
    starts = [287, 362, 560, 947, 1340, 1418, 1500, 1749, 1997, 2068, 2178, 2302, 3280, 3327, 3533, 3613]
    weeks = []
    for week in range(4):
        rows = "<br />".join(f"{day}: {starts[4 * week + n] // 60}:{starts[4 * week + n] % 60:02}" for n, day in enumerate(days))
        weeks.append(f"WEEK OF MAY {7 * week + 1}<br /><br />{rows}<br /><br />")
    chapters = [(start, days[n % 4]) for n, start in enumerate(starts)]
    yield "day names in a round under week headings, minutes past 59", "<p>Five weeks of forecast:</p>" + "".join(weeks), expected(chapters)
    plain = [(0, "News"), (300, "Weather"), (600, "Sport"), (1200, "News"), (1500, "Weather"), (1800, "Sport")]
    yield "sections in a round, plain lines", "".join(f"{clock(s, False, True)} {t}\n" for s, t in plain), expected(plain)


def _truncation_marks() -> Iterator[Case]:
    """A feed cut the note off in its last title and marked it `[...]` or `[…]`: the mark is no title text."""
    cut = [(0, "Artist One – First Track (Club Mix)"), (345, "Artist Two – Second Track"), (727, "Artist Three – Third (Original")]
    flat = " ".join(f"[{clock(s, True, True)}] {t}" for s, t in cut)
    yield "a flattened tracklist cut off with [...]", f"Tonight's mix: {flat} [...]\n", expected(cut)
    lines = "".join(f"{clock(s, False, True)} {t}\n" for s, t in cut[:2]) + f"{clock(cut[2][0], False, True)} {cut[2][1]} […]\n"
    yield "a list cut off with […]", lines, expected(cut)


ROUND17_FAMILIES = (_start_words, _parts_in_brackets, _recurring_sections, _truncation_marks)
