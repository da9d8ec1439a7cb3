"""Finding the chapter list in notes, whatever its form, before reading it.

Structured forms are tried first on the raw text. Otherwise every line form reads every line, each
result is cut into runs where the times start over (a list, then a transcript repeating its times),
runs that read like a transcript are set aside, and the longest remaining run is the list (the
first of equals, led-by-time before title-first). A time alone on its line takes its title from the
untimed line above it, else from the one below. Fewer than two chapters is not a list.
"""

from __future__ import annotations

from .forms import LINE_FORMS, STRUCTURED
from .model import Found, Line, Notes
from .scan import blank_links, tokens
from .titles import clean_title

MIN_CHAPTERS = 2
_TRANSCRIPT_WORDS = 25  # a run whose titles average this many words is speech, not a list
_SPEECH_SHARE = 0.6  # ... as is one whose titles mostly start in lower case, mid-sentence


def find_list(text: str, lines: list[Line], notes: Notes) -> tuple[str, list[Found]] | None:
    for form in STRUCTURED:
        found = form.read(text)
        if len(found) >= MIN_CHAPTERS:
            return form.NAME, found
    best: tuple[str, list[Found]] | None = None
    for form in LINE_FORMS:
        for run in _runs(form.read(lines)):
            run = _with_titles(run, lines)
            if len(run) < MIN_CHAPTERS or _is_speech(run):
                continue
            if best is None or len(run) > len(best[1]):
                best = form.NAME, run
    return best


def _runs(found: list[Found]) -> list[list[Found]]:
    """Cut where the times start over: at or before the first time of the run so far."""
    runs: list[list[Found]] = []
    for chapter in found:
        if runs and len(runs[-1]) >= MIN_CHAPTERS and 0 <= chapter.start <= runs[-1][0].start:
            runs.append([chapter])
        elif runs:
            runs[-1].append(chapter)
        else:
            runs.append([chapter])
    return runs


def _is_speech(run: list[Found]) -> bool:
    titled = [chapter.title for chapter in run if chapter.title]
    if not titled:
        return False
    words = sum(len(title.split()) for title in titled) / len(titled)
    lower = sum(title[0].islower() for title in titled) / len(titled)
    return words >= _TRANSCRIPT_WORDS or lower >= _SPEECH_SHARE


def _with_titles(run: list[Found], lines: list[Line]) -> list[Found]:
    """Titles for times alone on their line, from the untimed line next to it (see _title_for)."""
    if all(chapter.title for chapter in run):
        return run
    first_index: dict[int, int] = {}
    for index, line in enumerate(lines):
        first_index.setdefault(line.number, index)
    result = []
    for chapter in run:
        if chapter.title or chapter.line is None:
            result.append(chapter)
            continue
        title = _title_for(lines, _position(lines, chapter, first_index))
        result.append(Found(chapter.line, chapter.start, title, chapter.time, chapter.repair))
    return result


def _position(lines: list[Line], chapter: Found, first_index: dict[int, int]) -> int:
    start = first_index.get(chapter.line or 0, 0)
    for index in range(start, len(lines)):
        if lines[index].number != chapter.line:
            break
        if chapter.time in lines[index].text:
            return index
    return start


def _title_for(lines: list[Line], index: int) -> str:
    """The line above when it is right above; the line below when it is right below and indented
    under the time (`- [@11:45](...)` over `  *Google Stadia*`) or nothing is right above."""
    above, below = _untimed(lines, index - 1), _untimed(lines, index + 1)
    indent = _indent(lines[index].text)
    if below and _indent(lines[index + 1].text) > indent:
        return below
    return above or below


def _untimed(lines: list[Line], index: int) -> str:
    if not 0 <= index < len(lines) or tokens(blank_links(lines[index].text)):
        return ""
    return clean_title(lines[index].text)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())
