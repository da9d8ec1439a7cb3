"""Open Shownotes Format rendered as HTML, and any timeline that renders a time beside its title.

Two renderings, both read by what the markup says the elements are, not by the words inside:
- Podlove Publisher (as Metaebene feeds carry it): `<h2 class="osf_chapter">Title</h2>
  <span class="osf_chaptertime" data-time="118">00:01:58</span>`;
- a definition list whose terms are the times and whose definitions hold the titles, as the
  shownot.es archive renders a pad (`<dt data-time="60">00:01:00</dt><dd><strong
  class="osf_chapter">Title</strong><div class="osf_items">...`) and timeline pages write by hand
  (`<dt>12:30</dt><dd>Title</dd>`). The title is the definition's element marked as a chapter
  (a class with the word "chapter"), else its leading `<strong>`/`<b>`/heading, else its own text.
  A term without a visible time (`<dt data-time=""></dt>`) is no chapter: that page has section
  headings, not a timed list. The items' times inside `data-tooltip` attributes are no chapters
  either: the format renders them as a tooltip precisely because they are not the outline.
"""

from __future__ import annotations

import re

from selectolax.parser import HTMLParser, Node

from bot.core.episodes import format_timestamp
from bot.core.shownotes.model import Found
from bot.core.shownotes.text import numbered
from bot.core.shownotes.times import read_time, seconds_of
from bot.core.shownotes.titles import clean_title

NAME = "Open Shownotes Format (HTML)"
_CHAPTER_CLASS = re.compile(r"(?:^|[\s_-])chapter(?:$|[\s_-])", re.I)
_PODLOVE_TIME = re.compile(r"<span\b[^<>]{0,200}osf_chaptertime", re.I)
_TERM = re.compile(r"<dt\b", re.I)
_LOOK_INSIDE = 8  # elements of a definition searched for the one marked as a chapter
_BLOCKS = {"div", "p", "ul", "ol", "dl", "table", "br", "hr", "blockquote", "section", "pre"}
_LEADING = {"strong", "b", "h1", "h2", "h3", "h4", "h5", "h6"}


def _lines(text: str, element: re.Pattern[str]) -> list[int]:
    """The line of each element the pattern opens, in order: the parser keeps no lines, and a
    chapter's line tells the reader where the list starts (the episode's title is above)."""
    return [line for line, _ in numbered(element, text)]


def read(text: str) -> list[Found]:
    if "osf_chaptertime" in text:
        return _podlove(HTMLParser(text), _lines(text, _PODLOVE_TIME))
    if "<dt" in text.casefold():
        return _timeline(HTMLParser(text), _lines(text, _TERM))
    return []


def _podlove(tree: HTMLParser, lines: list[int]) -> list[Found]:
    found: list[Found] = []
    for order, span in enumerate(tree.css("span.osf_chaptertime")):
        heading = _past_blank(span.prev, backwards=True)
        seconds = seconds_of(span.attributes.get("data-time") or span.text())
        if heading is None or seconds is None or "osf_chapter" not in (heading.attributes.get("class") or ""):
            continue
        line = lines[order] if order < len(lines) else None
        found.append(Found(line, seconds, clean_title(heading.text()), format_timestamp(seconds)))
    return found


def _timeline(tree: HTMLParser, lines: list[int]) -> list[Found]:
    found: list[Found] = []
    for order, term in enumerate(tree.css("dt")):
        visible = term.text().strip()
        if not visible or read_time(visible) is None:
            continue  # a term without a time: a heading or a glossary word, not a timed entry
        seconds = seconds_of(term.attributes.get("data-time") or visible)
        definition = term.next
        while definition is not None and definition.tag == "-text":
            definition = definition.next
        if seconds is None or definition is None or definition.tag != "dd":
            continue
        title = clean_title(_title(definition))
        if title:
            found.append(Found(lines[order] if order < len(lines) else None, seconds, title, format_timestamp(seconds)))
    return found


def _title(definition: Node) -> str:
    """The definition's chapter title: the element marked as a chapter among its first few, else its
    leading bold or heading element, else its text up to its first block. Looking at a few elements, not the whole
    subtree, keeps a page of definitions nested in definitions linear."""
    for seen, node in enumerate(definition.traverse(include_text=False)):
        if seen > _LOOK_INSIDE:
            break
        if node is not definition and _CHAPTER_CLASS.search(node.attributes.get("class") or ""):
            return node.text()
    child = _past_blank(definition.child)
    if child is not None and child.tag in _LEADING:
        return child.text()
    leading: list[str] = []  # the text up to the definition's first block (its items, its notes)
    while child is not None and child.tag not in _BLOCKS:
        leading.append(child.text() or "")
        child = child.next
    return "".join(leading)


def _past_blank(node: Node | None, backwards: bool = False) -> Node | None:
    """The first node from `node` on (or back) that is not text of white space only."""
    while node is not None and node.tag == "-text" and not (node.text() or "").strip():
        node = node.prev if backwards else node.next
    return node
