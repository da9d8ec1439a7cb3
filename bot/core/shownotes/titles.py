"""The one cleaner of chapter titles, shared by every form.

Removes what surrounds a title in published notes: bullets and numbering (`-`, `*`, `•`, `1.`),
separators between time and title (` - `, ` – `, ` — `, `: `, `| `, `~`, `. `) and between entries (` / `), Markdown emphasis,
headings (a glued `#hashtag` or `@handle` stays) and backslash escapes, links (a Markdown link keeps its text, an image
goes, a bare URL goes unless it is shown as part of the title: _url_is_title), tags of the Open Shownotes Format (`#chapter`), a mark that the time is approximate (`(ca.)`), HTML entities left in plain text (once or twice escaped), leftover
brackets of the time, and runs of spaces. Code spans (`` `*const T` ``) are kept as written.
Written with string methods and bounded patterns, so a line of any length is cleaned in linear time.
"""

from __future__ import annotations

import html
import re

from bot.core.shownotes.scan import BARE_URL, HIDDEN_DIGIT, LINK_TARGET, SHOW_DIGITS

# Characters that separate or decorate, never start or end a title; with the vertical bars a page sets
# between a time and its title (`01:46 ❙ Interview begins`, `05:10 │ News`, `｜`); full-width `；` `，` end
# an item in Chinese and Japanese lists as `;` `,` do; the wave dash `〜` `～` a Japanese list sets after a time
# (`00:00〜 オープニング`, "from 00:00") as `~` is set elsewhere.
_SEPARATORS = " \t\u00a0\u2009\u202f\u3000-–—:：|~〜～,;，；•·=/\\❘❙❚│┃｜¦"
# List bullets, arrows and closing brackets (also the full-width ones around a time: `【00:00】Intro`)
# never start a title; opening brackets never end one.
_EDGE_START = _SEPARATORS + "*_>#@)]}●▪◦→⇒➔➜►▶▸】」』）〕］"
_EDGE_END = _SEPARATORS.replace("/", "") + "*#@([{【「『（〔［"
# Dot leaders between a title and its time, as a table of contents sets them: `Intro ........ 00:00`
# (four or more dots standing apart; an ellipsis `...` is the title's own).
_LEADER = re.compile(r"(?<!\S)[.·…]{4,2000}(?!\S)")
_DOTS = ".·…"
_CODE_SPAN = re.compile(r"`([^`\n]{1,300})`")
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,300}\](?:\([^()\s]{0,2000}\))?")
# [text](target) or [text][reference] or [text] -> text (no nesting but `[]`, bounded: linear).
# The text may hold escaped brackets: `[Front In Sampa – \\["FINAL"\\]](https://... "Front In Sampa")`.
_LINK = re.compile(rf"\[((?:[^\[\]\n\\]|\\.|\[\]){{0,300}})\](?:{LINK_TARGET}|\[[^\[\]\n]{{0,100}}\])?")
# What a removed URL leaves ("Light (https://...)" -> "Light ( )"), not code: "[]byte", "Executable()".
_EMPTY_BRACKETS = re.compile(r"[(\[]\s{1,20}[)\]]")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_OSF_TAG = re.compile(r"\s#(?:chapter|c|section|topic|link|glossary|wikipedia|podcast|flattr|spoiler)\b", re.I)
# A mark that the time is approximate, before the title: "(ca.) Hausaufgaben", "(approx.) Q&A".
_APPROXIMATE = re.compile(r"\((?:ca\.?|circa|approx\.?|env\.?|aprox\.?|~)\)\s", re.I)
_NUMBERING = re.compile(r"\d{1,3}[.)](?:\s|$)")
# A number at the end belongs to the next chapter of a flattened numbered list: "Intro 2. 05:00 ..."
_TRAILING_NUMBER = re.compile(r"\s\d{1,3}[.)]$")
# Emphasis markers around words inside a title: "from _"the marriage"_" -> "from "the marriage"".
# Group 1 opens (nothing of a word before it, a letter after), group 2 closes; only pairs go, so
# code keeps its stars: "add Name method to *T and *B", "(*UnixListener).Close".
_EMPHASIS = re.compile(r"(?<![\w*])([*_]{1,2})(?=[^\s*_])|(?<=[^\s*_])([*_]{1,2})(?![\w*])")
# Strong emphasis just inside brackets or quotes (`(__CHATOS!!!!__)`) goes without leaving a space;
# elsewhere `**` may glue a title to its time (`**00:00**Intro`) and leaves one.
_BRACKETED_STRONG = re.compile(r"(?<=[(\[\"'«“])(?:\*\*|__)(?=\S)|(?<=\S)(?:\*\*|__)(?=[)\]\"'»”])")
_PAIRS = ("**", "__", "*", "_", "【】")  # emphasis goes; quotation marks (« », " ") are the title's
_CODE_OPEN, _CODE_CLOSE = "\ue010", "\ue011"
# A dash glued to the word after the separator is the word's own: `50:44 - -ilities: Tradeoffs`.
_OWN_DASH = re.compile(r"\s{0,20}[-–—:|]\s{1,5}-(?=[^\W\d_])")
_DASH_KEPT = "\ue012"
_OWN_COLON = re.compile(r"[^\W\d][)\]\"'”’]{0,2}[:：][*_\s]{0,6}$")  # "include:", "(Derek):" at the very end

# A list written as a sentence (`Topic [1:45]; and Last topic [48:00]`, `…, y Cierre (50:00)`): the
# joining word after a separator is no part of the next title; lowercase only, so a title starting
# `And Then There Were None` keeps its And.
JOINING_WORD = r"(?:and|or|und|oder|et|ou|y|e|и)"
_JOINED = re.compile(rf"^[\s;,]*{JOINING_WORD}\s+")


def without_joining_word(title: str) -> str:
    """A title that follows a separator inside a list written as a sentence, without its joining word."""
    joined = _JOINED.match(title)
    return title[joined.end() :] if joined else title


# The end of a sentence with another after it: `questions. Thanks`, `質問。ご清聴`.
SENTENCE_BREAK = re.compile(r"(?<=[^\s.])[.!?…](?=\s{1,3}[^\W\d_])|[。！？](?=\S)")


# A section heading in capitals glued to the last title where a line break was dropped: `WarLINKS MENTIONED:`.
_GLUED_HEADING = re.compile(r"(?<=[a-z])[A-Z]{4,}(?: [A-Z]{2,}){0,3}:")


# The separators that only ever stand between entries (a title's own `,` or `/` may not).
ENTRY_MARKS = ";|·•"


def untimed_entries_end(lead: str, mark: str) -> int:
    """Where the first timed entry's title starts in `lead`, the text before a line's first time, when the line's
    entries are joined by `mark`: after the last `mark` in it with a space after it, the entries before that
    untimed, no chapters (`Cold open | Harbour vote (starts at 12:10) | ...`); 0 when there is none."""
    at = lead.rfind(f"{mark} ") if mark and mark in ENTRY_MARKS else -1
    return at + 2 if at >= 0 else 0


def without_closing_sentence(last: str, others: list[str]) -> str:
    """The last title of a list flattened onto one line, led by its time, without the sentence after it
    where a line break was dropped (`48:10 Listener questions. Thanks for listening!`), or the section
    heading in capitals glued to it (`Zen and WarLINKS MENTIONED: ...`), unless the
    list's other titles hold sentences too; its full stop kept where they all end with one."""
    if heading := _GLUED_HEADING.search(last):  # `... and WarLINKS MENTIONED: ...`: the section after the list
        return last[: heading.start()]
    cut = SENTENCE_BREAK.search(last)
    if cut is None or any(SENTENCE_BREAK.search(title) for title in others):
        return last
    stop = last[cut.start()]
    return last[: cut.end() if others and all(title.rstrip().endswith(stop) for title in others) else cut.start()]


# A feed's mark that it cut the description off there (`... I Said (Original Club [...]`): no title text.
_TRUNCATION_MARK = re.compile(r"\s{0,3}\\?[\[(](?:\.\.\.|…)\\?[\])]\s{0,3}$")


def clean_title(text: str, ends_line: bool = False, before_time: bool = False) -> str:
    """The title in text; ends_line: the text runs to the end of its line after its time, so a
    colon ending it is the title's own (`Featured artists include:`), not a separator before a time;
    before_time: the title stands before its own time, so no next entry's number can end it and a
    number at its end is its own (`... at the tender age of 12. [06:33]`); nor can one end a title
    that ends its line (`17:00 Xbox 360.`): the next entry starts a line of its own."""
    if ends_line and (own := _OWN_COLON.search(text)):
        cleaned, colon = clean_title(text, before_time=before_time), own[0].rstrip("*_ \t")[-1]
        return f"{cleaned}{colon}" if cleaned and not cleaned.endswith(colon) else cleaned
    codes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        codes.append(match[1])
        return f"{_CODE_OPEN}{len(codes) - 1}{_CODE_CLOSE}"

    text = _CODE_SPAN.sub(keep, text.replace(_CODE_OPEN, "").replace(_CODE_CLOSE, "").replace(_DASH_KEPT, ""))
    for _ in range(2):  # entities left in plain text, escaped once or twice ("&amp;amp;")
        text = html.unescape(text) if "&" in text else text
    text = _IMAGE.sub(" ", _TRUNCATION_MARK.sub("", text))
    text = _LINK.sub(lambda m: m[1], text)
    if HIDDEN_DIGIT.search(text):
        text = text.translate(SHOW_DIGITS)
    text = BARE_URL.sub(lambda url: url[0] if _url_is_title(text, url) else " ", text)
    text = _EMPTY_BRACKETS.sub(" ", text)
    text = _ESCAPE.sub(lambda m: m[1], text)
    text = _OSF_TAG.sub(" ", text)
    text = _without_emphasis(_BRACKETED_STRONG.sub("", text).replace("**", " ").replace("__", " "))
    text = " ".join(_without_leaders(text).split())
    # Once, before the loop: a pass of the loop costs the whole text, so it must not remove marks one by one.
    if own_dash := _OWN_DASH.match(text):
        text = _DASH_KEPT + text[own_dash.end() :]
    if approximate := _APPROXIMATE.match(text.lstrip(_EDGE_START)):
        text = text.lstrip(_EDGE_START)[approximate.end() :]
    previous = None
    while previous != text:  # each pass removes at least one character, so this ends
        previous = text
        text = _lstripped(_unwrap(text)).rstrip(_EDGE_END)
        if text.startswith(". "):  # a full stop set after a time as its separator (`00:00. Intro`), not an ellipsis
            text = text[2:]
        if text.endswith(" /"):  # a slash set apart joins entries (`Intro / 02:15 ...`); glued, it ends a URL
            text = text[:-2]
        if numbering := _NUMBERING.match(text):
            text = text[numbering.end() :]
        # ... unless its ")" closes a bracket of the title: "Debugging (Teil 2)".
        if not (before_time or ends_line) and (trailing := _TRAILING_NUMBER.search(text)) and not _closes_bracket(text):
            text = text[: trailing.start()]
        text = _close_brackets(text)
    text = text.replace(_DASH_KEPT, "-")
    for index, code in enumerate(codes):
        text = text.replace(f"{_CODE_OPEN}{index}{_CODE_CLOSE}", code)
    return text


def _url_is_title(text: str, url: re.Match[str]) -> bool:
    """Whether a bare URL is shown as part of the title: the whole title (`46:28 http://woofjs.com`) or
    its end, after its words with only a space between (`Реквием программиста https://youtu.be/...`),
    as the careful readers keep it; after a separator or in brackets (`Light - https://...`, `Light
    (https://...)`), in angle brackets (also with one of them lost: `Name http://example.org>`), or with
    more text after it (a line's links and credits run together) it is a link beside the title, and goes;
    but an item of the title's own enumeration, between commas, stays (`Show opening, http://..., our contest`)."""
    before = text[: url.start()]
    after = text[url.end() :].strip()
    bracketed = url[0].startswith("<") or url[0].endswith(">")
    enumerated = before.rstrip().endswith(",") and before[-1:].isspace() and (after[:1] in ("", ",") or url[0].endswith(","))
    if enumerated and not bracketed:
        return True
    if bracketed or (before and not before[-1].isspace()) or after:
        return False
    words = before.rstrip()
    return not any(c.isalnum() for c in words) or words[-1].isalnum() or words[-1] in ".!?…\"'”’»"


def _without_leaders(text: str) -> str:
    """The text without dot leaders, standing apart or glued to either end (`Intro........`)."""
    text = _LEADER.sub(" ", text) if "...." in text or "··" in text or "…" in text else text
    text = text.strip()
    for strip in (str.rstrip, str.lstrip):
        if len(text) - len(stripped := strip(text, _DOTS)) >= 4:
            text = stripped
    return text


def _lstripped(text: str) -> str:
    """The text without the bullets and separators that start it, but a hashtag or a handle glued to
    its word is the title's own (`#DansGesammelteWerke`, `@compod: ...`), unlike a heading's `# `."""
    stripped = text.lstrip(_EDGE_START)
    lost = text[: len(text) - len(stripped)]
    if lost[-1:] in ("#", "@") and stripped[:1].isalpha() and lost[-2:-1] not in ("#", "@"):
        return lost[-1] + stripped
    return stripped


def _without_emphasis(text: str) -> str:
    """The text without its emphasis markers that pair up, an opening one with the next closing one."""
    markers = list(_EMPHASIS.finditer(text))
    dropped: set[int] = set()
    opened: dict[str, int] = {}  # marker -> where the last unclosed one starts
    for match in markers:
        marker = match[1] or match[2]
        # A marker between a word's end and punctuation (`_"quote"_)`) may open or close: it closes one open.
        closes = match[2] or (match.start() and text[match.start() - 1] not in " \t*_")
        if closes and marker in opened:
            dropped.update((opened.pop(marker), match.start()))
        elif match[1]:
            opened[match[1]] = match.start()
    pieces: list[str] = []
    end = 0
    for match in markers:
        if match.start() in dropped:
            pieces.append(text[end : match.start()])
            end = match.end()
    return "".join(pieces) + text[end:]


def _closes_bracket(text: str) -> bool:
    return text.endswith(")") and text.count("(") >= text.count(")")


def _unwrap(text: str) -> str:
    """`_"quote"_` -> `"quote"`: emphasis around the whole title."""
    for pair in _PAIRS:
        opening, closing = (pair, pair) if pair in ("**", "__", "*", "_") else (pair[0], pair[1])
        if len(text) > len(opening) + len(closing) and text.startswith(opening) and text.endswith(closing):
            return text[len(opening) : -len(closing)]
    return text


def _close_brackets(text: str) -> str:
    """Drops an unmatched bracket left at either end by the time it surrounded: `Intro)` -> `Intro`."""
    for opening, closing in ("()", "[]"):
        if text.endswith(closing) and text.count(opening) < text.count(closing):
            text = text[:-1]
        if text.startswith(opening) and text.count(opening) > text.count(closing):
            text = text[1:]
        if text.endswith(opening):
            text = text[:-1]
    return text
