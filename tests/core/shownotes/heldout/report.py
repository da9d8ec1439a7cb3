"""The held-out score as text: every file with its misses, the figures by podcast, language, layout and source, the totals."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from tests.core.shownotes.heldout.score import Result


@dataclass(frozen=True)
class Totals:
    files: int
    exact: int
    timed: int  # files whose chapters all start at the right times
    expected: int  # chapters a careful reader writes
    read: int  # chapters the reader read
    matched: int  # chapters read right

    @classmethod
    def of(cls, results: Iterable[Result]) -> Totals:
        scored = [result for result in results if not result.missing]
        return cls(
            files=len(scored),
            exact=sum(result.exact for result in scored),
            timed=sum(result.times_right for result in scored),
            expected=sum(len(result.case.chapters) for result in scored),
            read=sum(len(result.read) for result in scored),
            matched=sum(result.matched for result in scored),
        )


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def file_lines(result: Result) -> list[str]:
    case = result.case
    if result.missing:
        return [f"  MISSING {case.name}: {result.refusal}"]
    verdict = "EXACT" if result.exact else "wrong"
    if case.chapters:
        figures = (
            f"{result.matched}/{len(case.chapters)} read right, {len(result.read)} read, "
            f"recall {percent(result.matched, len(case.chapters))}, precision {percent(result.matched, len(result.read))}"
        )
    else:
        figures = "no chapter list: " + ("refused" if not result.read else f"read {len(result.read)} chapters")
    lines = [f"  {verdict:5} {case.name} [{case.language}] {figures}"]
    if result.refusal and case.chapters:
        lines.append(f"        refused: {result.refusal}")
    lines += [f"        missed {time} {title}" for time, title in result.misses]
    lines += [f"        extra  {time} {title}" for time, title in result.extras]
    return lines


def layout_family(layout: str) -> str:
    """The layout line up to its first comma, parenthesis or quote: "Markdown list", "shownotes pad", ..."""
    for stop in (" (", ", ", ' "'):
        layout = layout.split(stop)[0]
    return layout


def source_family(source: str) -> str:
    """Where a file was taken from, as far as tells its stratum apart: a repository's owner/name, else its site.

    A set drawn from several sources is scored per source too, because one old crawl and today's YouTube
    descriptions are read very differently and a set's total alone hides which it holds."""
    address = urlsplit(source.split()[0]) if source.strip() else urlsplit("")
    if not address.netloc:
        return source.split(";")[0].split(" (")[0].strip() or "-"
    if address.netloc == "github.com":
        return "/".join(address.path.strip("/").split("/")[:2])
    return address.netloc


def table(title: str, results: list[Result], key: Callable[[Result], str]) -> list[str]:
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(key(result), []).append(result)
    width = max((len(name) for name in groups), default=0)
    lines = [f"By {title}", f"  {'':{width}}  files  exact     recall  precision"]
    for name in sorted(groups):
        t = Totals.of(groups[name])
        lines.append(f"  {name:{width}}  {t.files:5}  {t.exact:5}  {percent(t.matched, t.expected):>9}  {percent(t.matched, t.read):>9}")
    return lines


def render(results: list[Result], notes_folder: str) -> str:
    found = [result for result in results if not result.missing]
    totals = Totals.of(results)
    negatives = [result for result in found if not result.case.chapters]
    lines = [f"Held-out show notes: {len(results)} expected files, {len(found)} notes found in {notes_folder}", "", "Per file"]
    for result in results:
        lines += file_lines(result)
    for title, key in (
        ("podcast", lambda r: r.case.podcast),
        ("language", lambda r: r.case.language),
        ("layout family", lambda r: layout_family(r.case.layout)),
        ("source", lambda r: source_family(r.case.source)),
    ):
        lines += ["", *table(title, found, key)]
    lines += [
        "",
        "Totals",
        f"  files exactly right: {totals.exact}/{totals.files} ({percent(totals.exact, totals.files).strip()})",
        f"  files with every time right: {totals.timed}/{totals.files} ({percent(totals.timed, totals.files).strip()})",
        f"  chapter recall:      {totals.matched}/{totals.expected} ({percent(totals.matched, totals.expected).strip()})",
        f"  chapter precision:   {totals.matched}/{totals.read} ({percent(totals.matched, totals.read).strip()})",
        f"  notes without a chapter list refused: {sum(r.exact for r in negatives)}/{len(negatives)}",
    ]
    if len(found) < len(results):
        lines.append(f"  not scored (notes missing): {len(results) - len(found)}")
    return "\n".join(lines) + "\n"
