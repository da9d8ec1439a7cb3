"""Turning notes as published into numbered lines of plain text.

HTML (as RSS descriptions carry it) is parsed with selectolax: block elements and `<br>` end a line,
other tags go, entities are decoded, Markdown code around it stays text, a paragraph's source lines
join as a browser joins them and a run of blank lines is one; characters no one sees (a zero-width
space) go, and UTF-8 once read as Windows-1252 (`â€“`) is put back (mojibake.py); times typed full-width or in Arabic-Indic digits, or with units (`1h02m03s`, unit_times.py), are made plain; each text line keeps the number of the source line it came
from, so warnings name lines a moderator can find. Escaped descriptions (a string literal with
`\\n` escapes, HTML escaped as text) are decoded first (escapes.py), and a front matter's folded
block (`shownotes: >`) folded as YAML reads it (folded.py); table cells stay apart; a Markdown
heading's attribute block (`{#anchor}`) is dropped.
"""

from __future__ import annotations

import html
import re
from typing import Iterator

from selectolax.parser import HTMLParser

from bot.core.shownotes.escapes import unescape_html_text
from bot.core.shownotes.folded import unfolded
from bot.core.shownotes.front_matter import decoded_lines
from bot.core.shownotes.model import Line, Notes
from bot.core.shownotes.mojibake import repaired
from bot.core.shownotes.unit_times import with_clock_times

# A tag a description written in HTML has; Markdown with a stray `<` is not HTML.
_HTML_TAG = re.compile(
    r"</?(?:p|br|div|li|ul|ol|dl|dt|dd|a|b|i|em|strong|span|h[1-6]|time|table|tr|td|th|img|hr|blockquote|code|pre|u|small"
    r"|section|article|details|summary)"
    r"\b[^<>]{0,2000}>",
    re.I,
)
_BLOCK_TAG = re.compile(
    r"<(?:br|/?(?:p|div|li|ul|ol|dl|h[1-6]|tr|table|blockquote|section|article|dd|dt|hr|pre|header|footer|figure|details|summary))"
    r"\b[^<>]{0,2000}>",
    re.I,
)
_ANY_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]{0,30})[^<>]{0,2000}>")
_NOT_NESTING = frozenset(
    "br hr img input meta link wbr area base col embed source track param p li dt dd option tr td th".split()
)
_DEEPEST = 256  # elements open at once; real notes reach about 120 (a pad of <placeholders>), HTML about 15
# Private-use characters carry source line numbers through the HTML parser.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_MARK = re.compile(f"{_MARK_OPEN}[0-9]{{0,12}}{_MARK_CLOSE}?")
_CODE_SPAN = re.compile(r"`[^`\n]{1,300}`")
# A table cell ends with a tab, so a time column and a title column stay apart on their row's line.
_CELL_END = re.compile(r"</t[dh]\s{0,20}>", re.I)
_TABLE_TAG = re.compile(r"<(/?)table\b[^<>]{0,2000}>", re.I)
_ROW = re.compile(r"<tr\b", re.I)
# A paragraph's source lines are one line of text, as a browser shows them: `<p>[00:05:32]` / `What
# fails?` / `A people problem?</p>` is one entry. A line led by a time, or after a line that ends with
# one (`Intro 00:00` / `News 04:10`), still starts a line of its own: each is an entry.
# Two spans side by side are two cells a page's style sets apart (`<span class="time">00:00</span><span
# class="title">Intro</span>`): a space between them, so the time is not glued to the title.
_SPAN_THEN_TAG = re.compile(r"(</(?:span|time)\s{0,20}>)(?=<[a-zA-Z])", re.I)
# A time an editor's styling split over two spans (`<span>1</span><span>5:40 Title`): one time, `15:40`, as
# a browser shows it; the lone digits move into the span that holds the rest of the time.
_SPLIT_TIME = re.compile(r"(?<=>)(\d{1,2})((?:</span\s{0,20}>){1,20})((?:<span\b[^<>]{0,2000}>){1,20})(?=\d{1,2}:\d\d)", re.I)
# HTML whose lines end with `<br>` (this many at least) breaks its lines with tags, not with raw line breaks.
_LINE_END_BREAK = re.compile(r"<br\s{0,3}/?>[ \t]{0,20}$", re.I | re.M)
_MIN_BREAKS = 3
_ENDS_WITH_TAG = re.compile(r">\s{0,20}$")
# HTML has no Markdown: square brackets after a title's words are the title's own (`Memento [Blu-ray]`), kept
# as written (escaped, as titles.py reads `\[`); brackets holding digits (a time, a number) are left to the readers.
_BARE_BRACKETS = re.compile(r"(?<=\S )\[([^\[\]\n\d:\\]{1,60})\](?![(\[])")
_PARAGRAPH = re.compile(r"<p\b[^<>]{0,2000}>|</p\s{0,20}>", re.I)
_LED_BY_TIME = re.compile(r"[\s*•>#([-]{0,8}\d{1,3}:\d{2}")
_ENDS_WITH_TIME = re.compile(r"[^\W\d].{0,40}?\d{1,3}:\d{2}[)\]]?\W{0,3}$")

# A heading's attribute block is markup a page generator reads, not its text (Pandoc, Hugo, PHP
# Markdown Extra `{#anchor .class}`, kramdown `{: #anchor}`): `### News [02:45] {#news-02-45}` is the
# heading `News [02:45]`, a title and its time, whatever the heading's level.
_HEADING = re.compile(r"\s{0,3}#{1,6}\s")
_ATTRIBUTES = re.compile(r"\s\{:?\s{0,3}[#.][^{}]{0,300}\}")


# A time typed in full-width characters, as Chinese and Japanese keyboards give them (`００：００`,
# `05：10`), or in Arabic-Indic and Persian digits (`۰۵:۱۰`).
_DIGITS = "0-9０-９٠-٩۰-۹"
_WIDE_TIME = re.compile(rf"[{_DIGITS}]{{1,3}}(?:[:：][{_DIGITS}]{{2}}){{1,2}}")
_WIDE_DIGIT = re.compile("[０-９：٠-٩۰-۹]")
_NARROW = str.maketrans("０１２３４５６７８９：٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789:01234567890123456789")


# Characters no reader sees that a web page or an editor leaves between a time and its title: a zero-width
# space, a word joiner, a byte-order mark inside the text (a zero-width joiner stays: emoji are built with it).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))


# A footnote marker after an entry is no part of its title: `<sup>[1](#note1)</sup>`, `<sup>3</sup>`,
# `<sup><a href="#fn2">2</a></sup>`, Markdown's `[^1]`. A superscript of words stays; a number alone in one
# after a title marks a footnote far more often than a power.
_FOOTNOTE = re.compile(
    r"<sup>\s{0,3}(?:\[?\d{1,3}\]?(?:\(#[^()\s]{0,100}\))?|<a\s[^<>]{0,300}>\[?\d{1,3}\]?</a>)\s{0,3}</sup>|\[\^\w{1,20}\]",
    re.I,
)


def numbered(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """Each match of `pattern` in `text` with the line it starts on. Newlines are counted from the
    last match only: counting from the top for each would be quadratic in the matches."""
    line, counted = 1, 0
    for match in pattern.finditer(text):
        line, counted = line + text.count("\n", counted, match.start()), match.start()
        yield line, match


def lines_of(text: str, notes: Notes | None = None) -> list[Line]:
    """The text as numbered lines; notes (when given) gets a warning for each escape decoded."""
    text = text.removeprefix("\ufeff").replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")
    text = repaired(text.translate(_INVISIBLE), notes)
    if "<sup>" in text or "<SUP>" in text or "[^" in text:
        text = _FOOTNOTE.sub("", text)
    if _WIDE_DIGIT.search(text):
        text = _WIDE_TIME.sub(lambda time: time[0].translate(_NARROW), text)
    text = with_clock_times(text)
    html_tags = _HTML_TAG.search(text) is not None
    if not html_tags:
        text = unescape_html_text(text, notes)
        html_tags = _HTML_TAG.search(text) is not None
    sources = unfolded(decoded_lines(text, notes), notes)
    if html_tags or any(_HTML_TAG.search(line) for _, line in sources if "<" in line):
        return _numbered_html(sources)
    return [Line(number, _without_attributes(line)) for number, line in sources]


def _without_attributes(line: str) -> str:
    """A Markdown heading line without the attribute block at its end (one look from the right)."""
    end = line.rstrip()
    if not end.endswith("}") or not _HEADING.match(line):
        return line
    start = end.rfind("{")
    return end[: start - 1].rstrip() if start > 0 and _ATTRIBUTES.fullmatch(end, start - 1) else line


def _numbered_html(sources: list[tuple[int, str]]) -> list[Line]:
    texts = _literal_code([line for _, line in sources])
    marked = "\n".join(f"{_MARK_OPEN}{n}{_MARK_CLOSE}{line}" for (n, _), line in zip(sources, texts, strict=True))
    marked = _joined_paragraphs(marked)
    if len(_LINE_END_BREAK.findall(marked)) >= _MIN_BREAKS:
        marked = _joined(marked, by_breaks=True)
    marked = _SPAN_THEN_TAG.sub(r"\1 ", _SPLIT_TIME.sub(r"\2\3\1", marked))
    marked = _CELL_END.sub(lambda tag: f"{tag[0]}\t", _BLOCK_TAG.sub(lambda tag: f"\n{tag[0]}\n", marked))
    marked = _unmarked_tables(marked)
    if _nesting(marked) > _DEEPEST:
        # The HTML parser takes time growing with length × depth: 160 KB of "<li><ul>" held the
        # interpreter for 47 s. Notes nested this deep are no one's notes; their tags simply go.
        plain = html.unescape(_ANY_TAG.sub("", marked))
    else:
        tree = HTMLParser(marked)
        tree.strip_tags(["script", "style", "head"])
        plain = tree.root.text(separator="") if tree.root else ""
    lines: list[Line] = []
    number = 1
    for part in plain.split("\n"):
        start = part.find(_MARK_OPEN)
        if start != -1 and (end := part.find(_MARK_CLOSE, start)) != -1 and part[start + 1 : end].isdigit():
            number = int(part[start + 1 : end])
        text = _strip_marks(part)
        if "[" in text:
            text = _BARE_BRACKETS.sub(r"\\[\1\\]", text)
        if text.strip() or not lines or lines[-1].text.strip():  # blank lines in HTML: one is a break, more mean nothing
            lines.append(Line(number, text))
    return lines


def _joined_paragraphs(marked: str) -> str:
    """Each `<p>...</p>` (opened and closed) with its source lines joined where a browser joins
    them (see _PARAGRAPH); the line marks stay, so the line keeps the number of its first line."""
    parts: list[str] = []
    done = 0
    opened: int | None = None
    for tag in _PARAGRAPH.finditer(marked):
        if tag[0][1] != "/":
            opened = tag.end()
        elif opened is not None:
            parts += [marked[done:opened], _joined(marked[opened : tag.start()])]
            done, opened = tag.start(), None
    parts.append(marked[done:])
    return "".join(parts)


def _joined(paragraph: str, by_breaks: bool = False) -> str:
    """The paragraph's source lines joined as a browser joins them; by_breaks: the whole text, whose
    lines a `<br>` breaks (_LINE_END_BREAK), where a line ending without a tag runs on into the next
    (`07:52- We discuss the role of bribery ...` / `scores (thanks to ...)<br/>`), but a blank line stays."""
    if "\n" not in paragraph or (not by_breaks and _BLOCK_TAG.search(paragraph.replace("<br", ""))):
        return paragraph  # one line, or a paragraph never closed that holds other blocks
    lines = paragraph.split("\n")
    result = [lines[0]]
    for previous, line in zip(lines, lines[1:]):  # each line looked at twice: linear however many are joined
        text = _plain(line)
        if _LED_BY_TIME.match(text) or _ENDS_WITH_TIME.search(_plain(previous)) or (
            by_breaks and (not text or not _plain(previous) or _ENDS_WITH_TAG.search(previous))
        ):
            result.append(line)
        else:
            result[-1] = f"{result[-1].rstrip()} {line.lstrip()}" if text else result[-1] + line
    return "\n".join(result)


def _plain(line: str) -> str:
    return _strip_marks(_ANY_TAG.sub("", line)).strip()


def _unmarked_tables(marked: str) -> str:
    """A table one row a line, however its source is laid out (a cell a line is common): its line
    marks taken out, as the HTML parser moves text that is not whitespace from between cells to
    before the table, with the row breaks and cell tabs beside it (which glued the whole table into
    one line). The rows keep the number of the line above the table."""
    parts: list[str] = []
    depth = done = 0
    for tag in _TABLE_TAG.finditer(marked):
        part = marked[done : tag.start()]
        parts.append(_ROW.sub("\n<tr", _strip_marks(part).replace("\n", " ")) if depth else part)
        parts.append(tag[0])
        depth = max(depth - 1, 0) if tag[1] else depth + 1
        done = tag.end()
    parts.append(marked[done:])
    return "".join(parts)


def _nesting(marked: str) -> int:
    """How deep the elements nest at most, as the parser will open them (void elements and those a
    sibling closes, `<p>` `<li>` ..., not counted), in one pass over the tags."""
    depth = deepest = 0
    for tag in _ANY_TAG.finditer(marked):
        if tag[2].lower() in _NOT_NESTING or tag[0].endswith("/>"):
            continue
        depth = max(depth - 1, 0) if tag[1] else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _literal_code(lines: list[str]) -> list[str]:
    """Markdown code (``` fences, `spans`) escaped, so `<script>` in a code sample stays text."""
    result: list[str] = []
    fenced = False
    for line in lines:
        if line.lstrip().startswith("```"):
            fenced = not fenced
            result.append(line)
        elif fenced:
            result.append(html.escape(line, quote=False))
        else:
            result.append(_CODE_SPAN.sub(lambda span: html.escape(span[0], quote=False), line) if "`" in line else line)
    return result


def _strip_marks(part: str) -> str:
    return _MARK.sub("", part)
