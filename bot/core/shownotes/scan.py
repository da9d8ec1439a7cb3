"""Where the times are in one line of notes, and how each is dressed: the shared tokenizer of the
line forms. Link targets and bare URLs are taken out first (blank_links), so
`[05:29](#t=05:29)` holds one time, and titles are cut from the same text.

Every pattern here is bounded (`{0,N}`) or a plain character class, so scanning a line of any
length takes time linear in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.core.shownotes.times import read_time

TIME = r"\d{1,3}(?:::?\d{1,3}){1,3}(?:[.,]\d{1,3})?"  # "::" a slip (times.py)
# A lone "0:" opens some lists ("* 0: Intro"): it is 0:00; so is the start of a first range written
# short, "0 – 7:00 – Intro", ":00-16:34 - Review".
_ZERO = r"0(?=:\s)|(?:0|:00)(?=\s{0,3}[-–—]\s{0,3}\d{1,3}:\d)"
# A time glued to the word that joins it to its title inside brackets is one too: "Gewinnspiel (ab18:29)".
_GLUED_CONNECTOR = r"(?<=\(ab)|(?<=\(at)|(?<=\(um)|(?<=\(from)"
# A table of contents' dot leader runs into the time: "Top 5 Directors.......1:14:39".
_LEADER = r"(?<=\.\.)"
# Chinese and Japanese put no space between words, so a time glued to one is a time all the same:
# "Q6. 关于永生的问题01:01:42".
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(
    rf"(?:(?<![\w:.,+])|(?<=[{CJK}])|{_GLUED_CONNECTOR}|{_LEADER})(?:{TIME}|{_ZERO})(?![^\W{CJK}]|[:.,]\d)"
)
# A word glued to a time is no time ("10am", "00:00Bienvenue" of a transcript), except the end of a range
# glued to the next title of a flattened list: "Discussion: 2:45 - 7:15Spoiler Discussion: 7:15 - ...".
_GLUED_RANGE_END = re.compile(rf"(?<=[-–—] )(?:{TIME})(?=[A-Z][a-z])")
# A link's target `(...)`, with the title a Markdown link may give it (`[text](https://... "Title")`) and
# a site generator's template standing in it, spaces and all (`[his site]({{ page.guest_website }})`;
# atomic, so a template and its single characters are never tried both ways).
LINK_TARGET = (
    r"""\((?>\{\{[^{}\n]{0,200}\}\}|[^()\s]|\([^()\s]{0,200}\)){0,2000}"""
    r"""(?:\s{1,5}(?:"[^"\n]{0,300}"|'[^'\n]{0,300}'))?\)"""
)
_LINK_TARGET = re.compile(rf"\]{LINK_TARGET}")
# A kramdown attribute list is markup no reader sees (`{:data-timing="00:01:48"}`): its times are none of the list's.
_ATTRIBUTES = re.compile(r"\{:[^{}\n]{0,300}\}")
BARE_URL = re.compile(r"<?(?:https?://|www\.)[^\s<>()]{1,2000}>?")
# A bare URL keeps its place and its letters, its digits hidden as private-use characters so that no
# time is read in it (`?t=12:34`); clean_title shows them again and decides whether it is the title's.
_HIDE_DIGITS = str.maketrans("0123456789", "".join(chr(0xE020 + digit) for digit in range(10)))
SHOW_DIGITS = {hidden: str(digit) for digit, hidden in enumerate(range(0xE020, 0xE02A))}
HIDDEN_DIGIT = re.compile("[\ue020-\ue029]")
# A wall-clock time, not a position in the episode: "1:30 PM", "12:50:11 Uhr", "08:47 UTC".
# A length, not a start: "(08:17 Minuten 8 MB)", "45:10 min", "3:20 minutes long".
_LENGTH_AFTER = re.compile(r"\s{0,3}(?i:min|mins|minuten|minutes|minuti|minutos|std|stunden|hours|hrs)\b")
# ... and so is a time with the file's size after it: "29:03 & 27.9MB", "44:30, 61 MB" (the episode's length and size).
_SIZE_AFTER = re.compile(r"\s{0,3}(?:&|and|,|/|\|)?\s{0,3}\d{1,4}(?:[.,]\d{1,2})?\s{0,2}(?:MB|KB|GB|MiB|Mo)\b")
# Words saying that a part starts at the time after them, one table for every form and language: "starts at",
# "Beginn:", "ab ca. Minute", "à partir de la minute", "desde el minuto", "dal minuto", "vanaf minuut",
# "(from 41:10)", "（从02:30开始）". An approximation (`ca.`, `circa`, `~`) and the word for minute may follow
# the start word; STARTS_AFTER are the words that say it after the time (`开始`, `から`).
START_VERBS = r"(?:starts?|begins?|beginning|starting|beginnt|beginn|start|anfang|inizio|début|comienzo|empieza)(?:\s{1,3}(?:at|um|bei|ab|a|à|en))?\s{0,2}:?"
START_WORDS = (
    rf"(?:{START_VERBS}|from|at|@|ab|um|à|dès|desde|a partir de|à partir de|a partir do|dal|dalla|vanaf|vana|since|从|自)"
    r"(?:\s{1,3}(?:ca\.?|circa|approx\.?|etwa|ungefähr|~))?"
    r"(?:\s{1,3}(?:(?:el|la|der|de|il|do)\s{1,3})?(?:minute|min\.?|minuto|minuta|minuut))?"
)
STARTS_AFTER = r"(?:开始|から)"
# The start words that alone are as often a clock or prose (`At 9:00 we met`, `from 3:00 on`): a form reads them
# as a start only where its layout says so (after a title, in brackets).
BARE_START = r"(?:at|um|à|from|since)\b|@"
# A time a start word introduces is where a part starts, so a unit word after it is no length: "ab 6:48 min",
# "(Beginn: 0:20 min)". The start word stands right before the time, past brackets and emphasis.
_STARTED = re.compile(rf"(?:^|[\s(\[*_])(?i:{START_WORDS})[\s\[(*_]{{0,6}}$")
_MINUTES_AFTER = re.compile(r"\s{0,3}(?i:min|mins|minuten|minutes|minuti|minutos)\.?(?!\w)")
# ... unless the unit word is the label of a start, a colon and the topic after it: "00:10 min: Einleitung".
_UNIT_LABEL = re.compile(r"\s{0,3}(?i:min|mins|minuten|minutes|minute)\.?(?=\s{0,3}:\s{0,3}\w)")
# ... or when the time opens its line and the topic follows the unit word, after a dash or a space:
# "00:00 Min – Mannschaftsaufstellung", "3:04  min Neitscher - New Life" (a length stands after its topic).
_UNIT_OPENING = re.compile(r"\s{0,3}(?i:min|mins|minuten|minutes|minute)\.?(?=[*_]{0,2}\s{1,3}(?:[-–—]\s{1,3})?\w)")
_LINE_OPENING = re.compile(r"[\s*_]{0,4}")  # bare or bold; "(16:46 Minuten 16.1 MB)" is a length
# (`a.m.` ends in a full stop, so no word boundary follows it: "9:30 a.m.   Gates open" is a clock time too.)
CLOCK_AFTER = re.compile(r"\s{0,3}(?:(?i:am|pm|uhr|o'clock)\b|(?i:a\.\s?m\.|p\.\s?m\.)|(?:UTC|GMT|CET|CEST|EST|EDT|PST|PDT|MEZ)\b)")
# The start of a range whose end is a clock time is one too: "10:30 – 11:30 a.m.", "19:00 bis 21:30 Uhr".
_CLOCK_RANGE_END = re.compile(rf"\s{{0,3}}(?:-|–|—|(?i:to|bis|until|till|à|a))\s{{0,3}}{TIME}(?={CLOCK_AFTER.pattern})")
# ... or the time of a date: "2021-01-09 18:30:00", "09.01.2021 18:30", or a zone "GMT+5:45",
# or of a part of the day in Chinese or Japanese ("下午3:00", "午後7:30"), or of a weekday: "Viernes de 17:00 a 18:00", "Monday at 9:00", "Samstag um 20:00", "miercoles de 16 a 18:00".
_WEEKDAY = (
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
    r"|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)
_CLOCK_BEFORE = re.compile(
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}[ T]|\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}} |(?:gmt|utc)[+-]?"
    rf"|(?:上午|下午|晚上|早上|凌晨|中午|傍晚|午前|午後)\s{{0,2}}|\b(?:{_WEEKDAY})s?(?:\s{{1,3}}(?:de|at|um|ab|à|a las|from|von)){{0,2}}(?:\s{{1,3}}\d{{1,2}}\s{{1,3}}(?:a|to|bis|-|–))?\s{{1,3}})$",
    re.I,
)
# A transcriber's note of what happened at a time, in running text: "... operacje [niesłyszalne 00:56:36].",
# "so I [inaudible 00:12:04] it", "[crosstalk 00:03:10]" (times with hours, as transcription services write
# them); not a word joining a title to its time ("Q&A [from 00:41:00]").
_TRANSCRIBER_MARK = re.compile(
    r"\S\s{1,3}\[(?!(?:from|since|desde|depuis|minute|minuto|minuta|circa|approx|start|starts|etwa)\s)[^\W\d_]{4,30}\s{1,3}$",
    re.I,
)
# A last field of one digit: `4:3`, `16:9`, `2:1` are ratios and scores, never a position in an episode.
_ONE_DIGIT_END = re.compile(r"(?<=:)\d(?:[.,]\d{1,3})?$")
# What stands between the two times of a range "00:10–05:30" ("" for "00:10 05:30"); "?" and "\ufffd" are
# a dash lost to a wrong encoding ("00:53:51 ? 00:55:25: Title").
RANGE_WORDS = frozenset({"", "-", "–", "—", "~", "to", "bis", "à", "a", "-->", "—>", "->", "→", "?", "\ufffd"})
# A time's dress: brackets (also full-width), emphasis, and "`", a Markdown code span around it (`-	\`0:00:41\`	– Title`).
_LEFT_DRESS = "([{@*_<`（［"  # with the full-width brackets of Chinese and Japanese text: `开场（00:00）`
_RIGHT_DRESS = ")]}*_~>`）］"


@dataclass(frozen=True, slots=True)
class Token:
    start: int  # where its dress begins: "(" of "(12:34)"
    end: int  # where its dress ends
    time: str
    seconds: int  # -1: shaped like a time but no time (00:75)
    repair: str | None
    bracket: str  # "(" "[" or "" (bare, bold, ...): glued chapters split on the same bracket


def blank_links(line: str) -> str:
    """The line without link targets (`[text](url)` -> `[text]`) and kramdown attribute lists, and
    with the digits of bare URLs hidden; titles are cut from it."""
    if "{:" in line:
        line = _ATTRIBUTES.sub("", line)
    if "](" in line:
        line = _LINK_TARGET.sub("]", line)
    if "://" in line or "www." in line:
        line = BARE_URL.sub(lambda url: url[0].translate(_HIDE_DIGITS), line)
    return line


def tokens(line: str) -> list[Token]:
    """The times in a line already passed through blank_links."""
    found: list[Token] = []
    clock_end = -1  # where the last wall-clock time ended: the end of its range is one too ("de 17:00 a 18:00")
    matches = _TOKEN.finditer(line)
    if "- " in line or "– " in line or "— " in line:
        matches = sorted([*matches, *_GLUED_RANGE_END.finditer(line)], key=lambda match: match.start())
    for match in matches:
        before = line[max(0, match.start() - 24) : match.start()]
        unit = (
            _UNIT_LABEL.match(line, match.end())
            or (_UNIT_OPENING.match(line, match.end()) if _LINE_OPENING.fullmatch(line, 0, match.start()) else None)
            or (_MINUTES_AFTER.match(line, match.end()) if _STARTED.search(line, max(0, match.start() - 32), match.start()) else None)
        )
        if (
            CLOCK_AFTER.match(line, match.end())
            or _CLOCK_RANGE_END.match(line, match.end())
            or (_LENGTH_AFTER.match(line, match.end()) and not unit)
            or _SIZE_AFTER.match(line, match.end())
            or _CLOCK_BEFORE.search(before)
            or (_TRANSCRIBER_MARK.search(before) and line[match.end() : match.end() + 1] == "]" and match[0].count(":") == 2)
            or (clock_end >= 0 and line[clock_end : match.start()].strip().casefold() in RANGE_WORDS - {""})
        ):
            clock_end = match.end()
            continue
        if _ONE_DIGIT_END.search(match[0]):
            continue  # a ratio or a score (`16:9`, `2:1`): a time ends in two digits of seconds
        # A time-shaped slip no reader can place ("00:75") is kept with seconds -1, to be named and dropped.
        read = (0, None) if match[0] in ("0", ":00") else read_time(match[0]) or (-1, None)
        start, end = match.start(), match.end()
        left = start
        while left > 0 and start - left < 3 and line[left - 1] in _LEFT_DRESS:
            left -= 1
        right = unit.end() if unit else end
        while right < len(line) and right - end < 4 and line[right] in _RIGHT_DRESS:
            right += 1
        bracket = next((c for c in line[left:start] if c in "([（［"), "")
        if bracket and found and found[-1].seconds == read[0] >= 0 and not line[found[-1].end : left].strip():
            found[-1] = replace(found[-1], end=right)  # the same moment again in minutes: "1:02:32 (62:32)" is one time
            continue
        time = "0:00" if match[0] == ":00" else match[0]
        found.append(Token(left, right, time, read[0], read[1], bracket))
    return found


def without_asides(text: str, times: list[Token]) -> list[Token]:
    """The times of a line less the bare ones inside a parenthesis opened since the time kept before:
    a time cited in an aside of a title (`4:34 IT nel mondo (verso 6:40 eco soppresso)`) starts no
    chapter. A list inside parentheses (`(00:00 Intro, 02:15 Sleep)`) keeps its times. One pass."""
    kept: list[Token] = []
    seen = depth = 0
    for token in times:
        depth += text.count("(", seen, token.start) - text.count(")", seen, token.start)
        seen = token.end
        if kept and depth > 0 and not token.bracket:
            continue
        kept.append(token)
        depth = 0
    return kept


# The end of a range of plain numbers glued to a dash: `-20` of `3:11-20`, not a time (`-05:30`).
_NUMBER_RANGE_END = re.compile(r"\d{1,3}(?![\d:.])")


def stands_alone(text: str, token: Token) -> bool:
    """A bare time in a line starts a chapter when spaces surround it: `00:00 Intro 05:30 Next`. One with
    a dash glued to a bare number after it is a reference's range (`1 Samuel 3:11-20`, a verse), no time."""
    before = text[token.start - 1] if token.start else " "
    after = text[token.end] if token.end < len(text) else ""
    if after in "-–" and _NUMBER_RANGE_END.match(text, token.end + 1):
        return False
    return before.isspace() and (after.isspace() or after in tuple(":-–—|"))


def more_times_than(text: str, limit: int) -> bool:
    """Whether the text holds more than `limit` time-shaped tokens (counting stops past the limit)."""
    return any(n > limit for n, _ in enumerate(_TOKEN.finditer(text), 1))


def with_ranges(text: str, times: list[Token]) -> list[tuple[Token, Token | None]]:
    """The times of a line paired with the end of their range (`05:30–12:00`, `02:10 to 09:45`), or None."""
    pairs: list[tuple[Token, Token | None]] = []
    for token in times:
        if pairs and pairs[-1][1] is None and text[pairs[-1][0].end : token.start].strip().casefold() in RANGE_WORDS - {""}:
            pairs[-1] = (pairs[-1][0], token)
        else:
            pairs.append((token, None))
    return pairs
