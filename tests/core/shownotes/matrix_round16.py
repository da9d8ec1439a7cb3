"""The family matrix, round 16 (matrix.py): clock times of schedules and programmes (`9:30 a.m.`,
`10:30 – 11:30 a.m.`, `19:00 bis 21:30 Uhr`, `下午3:00`), whole-sentence topics a minute apart (a
listener mail show, not a transcript), a list flattened onto a few long lines with two entries on one
of them, a first entry under a minute written in seconds (`45 sec Title`), a length in brackets after
each title (`Warm-up (10 min)`), a numbered list whose numbers open the titles (`3 Artist - Track (4:26)`),
a time alone in its paragraph with its title below and untimed items under it, and ranges opened by a
word (`From 20:12 to 22:57, sentence.`) or run to the end (`54:36 to end, ...`), and a second timed list
under a heading of its own whose times fall inside the chapter list's (songs played, moments referred
to), and an untimed first entry on a line of entries joined by `|`, `;` or `•`; each case with the list a
careful reader takes, and guards where the text is what it seems."""

from __future__ import annotations

from collections.abc import Iterator

from tests.core.shownotes.matrix import Case, clock, expected

_TALK = [(0, "Welcome and housekeeping"), (262, "The harbour project so far"), (901, "Money: who pays for the dredging"),
         (1718, "Questions from the floor"), (2655, "What happens next")]
_MAIL = [(95, "Thanks to everyone who wrote in this month!"), (170, "Anna asks how to keep a sourdough starter alive on holiday."),
         (248, "Why does bread go stale faster in the fridge?"), (330, "Tom tried the overnight rise and sent us photos."),
         (402, "Is rye flour really harder to work with than wheat?"), (470, "A listener from Oslo shares her grandmother's recipe."),
         (545, "What temperature should the oven be for a crusty loaf?"), (611, "Mina wonders whether salt kills the yeast."),
         (690, "How long can dough sit in the fridge before it spoils?"), (770, "Next month we bake flatbreads together.")]
_ZH = [(0, "开场白"), (230, "为什么我们需要朋友"), (548, "成年人的友谊"), (867, "如何认识新朋友"), (1163, "职场里的朋友"),
       (1489, "异地的友谊"), (1769, "友谊需要维系吗"), (2139, "朋友之间的边界"), (2520, "吵架以后怎么办")]


def _clock_times() -> Iterator[Case]:
    """A day's programme in clock times is no chapter list, in any of the ways a clock is written."""
    day = [("8:00", "a.m.", "Doors open"), ("9:15", "a.m.", "Keynote"), ("12:30", "p.m.", "Lunch on the lawn"), ("2:00", "p.m.", "Workshops")]
    padded = "".join(f"{time} {half}{' ' * 12}{what}<br />\n" for time, half, what in day)
    yield "no list: a programme in a.m. and p.m.", "<p><strong>Programme</strong></p><p>" + padded + "</p>", None
    ranges = "".join(f"{time} – {int(time.split(':')[0]) + 1}:{time.split(':')[1]} {half} {what}\n" for time, half, what in day)
    yield "no list: a programme of clock ranges", "Schedule, Saturday 4 May\n" + ranges, None
    german = "".join(f"{start} bis {end} Uhr: {what}\n" for start, end, what in [("10:00", "11:30", "Führung"), ("13:00", "14:00", "Lesung"), ("19:00", "21:30", "Konzert")])
    yield "no list: a programme of ranges ending in Uhr", "Ablauf am Samstag\n\n" + german, None
    chinese = "活动安排：下午 3:00 开幕 下午 4:30 圆桌讨论 晚上 7:00 现场演出 晚上 9:00 散场\n"
    yield "no list: a programme by the part of the day, flattened", chinese, None
    spaced = "".join(f"{time} {half.replace('.', '. ', 1)} {what}\n" for time, half, what in day)
    yield "no list: a programme in a. m. with a space", spaced, None
    # A clock time above a list, and a.m. inside a title, leave the list alone.
    listed = "".join(f"{clock(start, False, True)} {title}\n" for start, title in _TALK)
    yield "a clock time above a list", "Recorded live on Friday at 7:30 p.m. in the town hall.\n\n" + listed, expected(_TALK)
    early = [(0, "Intro"), (315, "Why 5 a.m. starts fail"), (1010, "Light and sleep"), (1800, "Your questions")]
    yield "a.m. inside a title", "".join(f"{clock(start, False, True)} {title}\n" for start, title in early), expected(early)


def _sentences_a_minute_apart() -> Iterator[Case]:
    """Whole sentences as titles, a minute or more apart: a mail show's topics, read; seconds apart they are speech."""
    lines = "".join(f"<li>{clock(start, False, False)} {title}</li>\n" for start, title in _MAIL)
    yield "whole-sentence topics a minute apart", "<p>This month's mailbag:</p>\n<ul>\n" + lines + "</ul>\n", expected(_MAIL)
    said = [(3, "So I started baking bread during the first winter here."), (8, "It went badly at first, as you can imagine."),
            (14, "The crust was fine but the inside was like clay."), (19, "Then a neighbour gave me some of her starter."),
            (25, "And that changed everything about how I bake."), (31, "Now I bake twice a week for the whole street.")]
    yield "no list: whole sentences seconds apart", "".join(f"[00:00:{start:02}] {text}\n" for start, text in said), None


def _flattened_over_lines() -> Iterator[Case]:
    """A list flattened onto a few long lines, a line break falling after its second entry or before its last two."""
    en = [(0, "Intro"), (135, "Why sleep matters"), (630, "Light in the morning"), (1505, "Caffeine and adenosine"), (1980, "Naps"),
          (2440, "Alcohol and sleep"), (2890, "Listener questions"), (3300, "Goodbye")]
    def run(chapters: list[tuple[int, str]]) -> str:
        return " ".join(f"{clock(start, False, True)} {title}" for start, title in chapters)
    text = f"We talk about sleep, and what we all get wrong about it every night. {run(en[:2])}\n{run(en[2:5])}\n{run(en[5:])}\n"
    yield "flattened over lines, two entries after prose", text, expected(en)
    tail = f"{run(en[:3])}\n{run(en[3:6])}\n{run(en[6:])}\n"
    yield "flattened over lines, two entries last", tail, expected(en)
    glued = " ".join(f"{clock(start, False, True)}{title}" for start, title in _ZH[:2])
    zh = f"> 这一期我们聊聊友谊，聊聊朋友在成年人生活里的位置。 {glued}\n> {' '.join(f'{clock(s, False, True)} {t}' for s, t in _ZH[2:5])}\n> {' '.join(f'{clock(s, False, True)} {t}' for s, t in _ZH[5:])}\n"
    yield "flattened over lines in Chinese, two glued entries after prose", zh, expected(_ZH)
    # Two times in a sentence beside a list are no entries of it: they are cited, not listed.
    cited = f"We recorded at 10:15 and stopped at 11:40 for lunch.\n{run(en[:3])}\n{run(en[3:])}\n"
    yield "two cited times above a flattened list", cited, expected(en)


def _first_entry_in_seconds() -> Iterator[Case]:
    """The first entry, under a minute, written in seconds above entries led by their times."""
    groups = [(29, "Lauren, Sam and Kit"), (102, "Justin and Chris"), (230, "Devi, Rae and Nisha"), (387, "Ritu and Sayan")]
    plain = "Here is when each group starts:\n29 sec Lauren, Sam and Kit\n" + "".join(f"{clock(s, False, False)} {t}\n" for s, t in groups[1:])
    yield "first entry in seconds", plain, expected(groups)
    german = [(30, "Begrüßung"), (95, "Wetter"), (401, "Sport"), (842, "Verkehr")]
    html = "<p>30 Sek. – Begrüßung<br />" + "".join(f"{clock(s, False, True)} – {t}<br />" for s, t in german[1:]) + "</p>"
    yield "first entry in Sek. in br html", html, expected(german)
    zh = [(20, "开场"), (135, "嘉宾介绍"), (630, "正题"), (1505, "听众提问")]
    yield "first entry in 秒", "20秒 开场\n" + "".join(f"{clock(s, False, True)} {t}\n" for s, t in zh[1:]), expected(zh)
    yield "no list: seconds in prose above one time", "The ad runs 30 sec before the show.\n12:00 Lunch\n", None


def _lengths_after_titles() -> Iterator[Case]:
    """A length in brackets after each title is the length of its part, not its title."""
    parts = [(0, "Warm-up"), (600, "Standing poses"), (1740, "Meditation"), (2160, "Closing talk")]
    lengths = ["(10 min)", "(19 min)", "(7 minutes)", "(1 hr, 15 Min)"]
    en = "".join(f"{clock(s, False, True)} {t} {n}<br/>" for (s, t), n in zip(parts, lengths, strict=True))
    yield "a length after each title", f"<p>{en}</p>", expected(parts)
    de = [(0, "Begrüßung"), (320, "Rückblick"), (1500, "Hauptthema"), (3010, "Ausblick")]
    de_lengths = ["(ca. 5 Min.)", "(20 Min.)", "(25 Minuten)", "(3 Min.)"]
    yield "a length with ca. and Min., German", "".join(f"- {clock(s, True, True)} {t} {n}\n" for (s, t), n in zip(de, de_lengths, strict=True)), expected(de)
    zh = [(0, "开场"), (1140, "冥想"), (1560, "瑜伽课")]
    yield "a length in full-width brackets", "".join(f"{clock(s, False, True)} {t}（{n}）\n" for (s, t), n in zip(zh, ["19分钟", "7分钟", "2小时"], strict=True)), expected(zh)
    # A number in brackets that is no length stays the title's.
    kept = [(0, "Intro"), (500, "Top picks (2024)"), (1200, "Part two (of three)"), (2000, "Outro")]
    yield "a bracket that is no length", "".join(f"{clock(s, False, True)} {t}\n" for s, t in kept), expected(kept)


def _numbered_titles() -> Iterator[Case]:
    """Numbers opening the titles that count the entries are the list's numbering, not title text."""
    mix = [(0, "intro"), (74, "Kit Rowe - Paper Harbour / Tide"), (190, "Mara Voss - Drift / Lowlight"), (300, "Dale Ames - Eastbound / Rail"),
           (415, "Nova Lane - Slow Signal / Tide"), (540, "Sol Ander - North / Lowlight")]
    unnumbered = {3}  # a line marked '>' instead of its number
    lines = "".join(f"{'>' if n in unnumbered else n} {t} ({clock(s, False, False)})\n" for n, (s, t) in enumerate(mix, 1))
    yield "numbered tracks, time last", "IN THE MIX\n" + lines + "\nCHART\n", expected(mix)
    de = [(0, "Begrüßung"), (245, "Neues aus der Stadt"), (900, "Interview mit Jana"), (1710, "Veranstaltungen")]
    yield "numbered topics led by time", "".join(f"{clock(s, False, True)} {n} {t}\n" for n, (s, t) in enumerate(de, 1)), expected(de)
    # Numbers that do not count up are the titles' own.
    own = [(0, "3 Dinge, die wir gelernt haben"), (600, "10 Fragen an Jana"), (1300, "2 Bücher für den Sommer"), (2000, "5 Minuten Stille")]
    yield "numbers that are the titles' own", "".join(f"{clock(s, False, True)} {t}\n" for s, t in own), expected(own)


def _time_alone_in_its_paragraph() -> Iterator[Case]:
    """Word-pasted HTML: each time alone in its paragraph, the title in the next, untimed items under some."""
    show = [(41, "Survey: carriers ranked by customer satisfaction"), (163, "Bluetooth audio: what is it and what can it do for you!"),
            (260, "The summer's best phones"), (815, "Comments from Brian")]
    extra = {0: ["Phone thieves", "A celebrity phone hacked"], 2: ["http://example.com/phones"]}
    body = "".join(
        f'<p class="MsoNormal">{clock(s, False, False)}</p>\n\n<p class="MsoNormal">{t}</p>\n\n'
        + "".join(f'<p class="MsoNormal">{item}</p>\n\n' for item in extra.get(n, []))
        for n, (s, t) in enumerate(show)
    )
    yield "times alone in paragraphs, titles below, items under", '<p class="MsoNormal"><b>News:</b></p>\n\n' + body, expected(show)


def _ranges_in_words() -> Iterator[Case]:
    """Paragraphs opened by a range with a word before it, or run to the end."""
    parts = [(0, "we introduce ourselves and the show."), (1212, "Ann reads the news of the week."),
             (1740, "we talk about the history of the harbour."), (3276, "a song from our friend Lee's new record.")]
    en = (f"<p>From 0:00 to 20:11, {parts[0][1]}</p>\n<p>From 20:12 to 28:59 , {parts[1][1]}</p>\n"
          f"<p>29:00 to 54:35, {parts[2][1]}</p>\n<p>54:36 to end, {parts[3][1]}</p>\n")
    yield "ranges opened by from, the last to the end", en, expected(parts)
    de = [(0, "Begrüßung und Themen"), (750, "Das Interview mit Jana"), (2400, "Musik von der Band Nordlicht")]
    text = "Von 0:00 bis 12:29: Begrüßung und Themen\nVon 12:30 bis 39:59: Das Interview mit Jana\n40:00 bis zum Ende: Musik von der Band Nordlicht\n"
    yield "ranges opened by von, the last bis zum Ende", text, expected(de)
    # An entry about an end is a title: "End of part one", "To the End of the World".
    ends = [(0, "Intro"), (640, "To the End of the World"), (1185, "End of part one and wrap-up"), (1500, "Ende")]
    yield "titles that start with an end", "".join(f"{clock(s, False, True)} - {t}\n" for s, t in ends), expected(ends)


def _second_timed_lists() -> Iterator[Case]:
    """Under a heading of its own, a second timed list whose times fall inside the first's (songs played in its
    segments, moments it refers back to) is no part of the chapter list."""
    topics = [(0, "Welcome"), (1230, "The new season"), (2750, "Three shows we loved"), (4537, "The ones we dropped"), (6100, "Mailbag"),
              (7800, "Next month")]
    listed = "".join(f"{clock(start, True, False)} {title}\n" for start, title in topics)
    songs = "".join(f"{clock(start, True, False)} {title}\n" for start, title in [(1210, "Opening theme – The Tides"), (2910, "Ending theme – Dana Lee"),
                                                                                   (4500, "Insert song – North Road"), (6720, "Opening theme – Lowlight")])
    yield "songs under their own heading inside the list's span", f"Shows we talk about:\n\n{listed}\nSongs played in the episode:\n\n{songs}", expected(topics)
    zh = [(0, "开场"), (754, "今年的新番"), (2213, "最喜欢的三部"), (3890, "弃番的理由"), (5020, "听众来信")]
    quoted = "".join(f"> {clock(start, True, False)} {title}\n" for start, title in zh)
    inserted = "> 25:10 《海港》OP「潮汐」\n> 1:10:40 《北路》ED「远方」\n> 1:20:05 《低光》OP「晨光」\n"
    yield "songs under their own heading in a block quote", f"## Show notes\n> 本期时间轴：\n> \n{quoted}> \n> 节目中插入曲的时间点：\n> \n{inserted}> \n> 欢迎收听。\n", expected(zh)
    talk = [(0, "Small talk"), (278, "Money supply and house prices"), (735, "A window that closed"), (1368, "Where the market is now"),
            (2511, "Outlook for next year"), (3722, "How to invest now")]
    timeline = "".join(f"{clock(start, False, True)} {title}\n" for start, title in talk)
    refs = "10:58 Past rounds of stimulus   22:48 where the market comes up   04:38 where money supply comes up\n"
    yield "moments referred to, several on a line under a heading", f"Timeline:\n{timeline}Related moments:\n{refs}", expected(talk)
    # A note inside a bulleted list, over links with earlier times, is no heading of a second list: the list goes on.
    nested = [(63, "News of the month"), (155, "A faster map type"), (443, "TLS gets a new method"), (80, "Benchmarks to start with"),
              (100, "A garbage collector test set"), (1835, "Command line libraries"), (2495, "Shorter pauses"),
              (3467, "Contexts against leaks"), (3660, "What is new in the database package"), (4015, "A remote runtime")]
    bullets = [f"- [{clock(nested[0][0], True, True)}] {nested[0][1]}", *(f"  - [{clock(s, True, True)}] {t}" for s, t in nested[1:3]),
               "- And it is worth collecting benchmarks with:", *(f"  - [{clock(s, True, True)}] {t}" for s, t in nested[3:5]),
               *(f"- [{clock(s, True, True)}] {t}" for s, t in nested[5:])]
    yield "a note inside a bulleted list over earlier times", "## Topics\n\n" + "\n".join(bullets) + "\n", expected(sorted(nested))


def _untimed_first_entry_on_a_line() -> Iterator[Case]:
    """Entries joined by `|`, `;` or `•` on one line, the first untimed: no chapter, nor part of the first title."""
    docs = [(1215, "The harbour vote"), (2710, "Who pays for the dredging?"), (4050, "What comes next")]
    piped = " | ".join(["Cold open", *(f"{t} (starts at {clock(s, s >= 3600, False)})" for s, t in docs)])
    yield "an untimed first entry joined by pipes", f"Hear our three reports again. {piped}\n", expected(docs)
    de = [(310, "Rückblick"), (1200, "Hauptthema"), (2400, "Ausblick")]
    semis = "; ".join(["Begrüßung", *(f"{t} (ab {clock(s, False, True)})" for s, t in de)])
    yield "an untimed first entry joined by semicolons", f"Themen: {semis}\n", expected(de)
    bullets = " • ".join(["开场", *(f"{t}（{clock(s, False, True)}）" for s, t in [(230, "嘉宾介绍"), (630, "正题"), (1505, "听众提问")])])
    yield "an untimed first entry joined by bullets", bullets + "\n", expected([(230, "嘉宾介绍"), (630, "正题"), (1505, "听众提问")])
    # A first entry with its own time, and names joined by commas, stay as they are.
    timed = " | ".join(f"{t} ({clock(s, False, True)})" for s, t in [(0, "Intro"), *docs[:2]])
    yield "a timed first entry joined by pipes", timed + "\n", expected([(0, "Intro"), *docs[:2]])


ROUND16_FAMILIES = (
    _untimed_first_entry_on_a_line,
    _second_timed_lists,
    _clock_times, _sentences_a_minute_apart, _flattened_over_lines, _first_entry_in_seconds, _lengths_after_titles,
    _numbered_titles, _time_alone_in_its_paragraph, _ranges_in_words,
)
