"""The documentation keeps its promises: a short README, and links and paths that lead somewhere.

Checked in README.md, docs/*.md and tests/README.md:
- README.md is at most 10 KB (its guides live in docs/);
- every relative link resolves to a file or folder of the checkout, and a `#anchor` to a heading of
  the file it names (GitHub's slugs);
- every path named in backticks that starts with bot/, tests/, docs/, benchmarks/ or data/ exists.
Code blocks are not read for links or paths. A path with a placeholder (`data/<podcast>/`,
`data/synonyms/*.txt`) names no one file and is not checked.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tests.support.paths import REPO

README = REPO / "README.md"
README_LIMIT = 10_000  # bytes
DOCUMENTS = sorted([README, REPO / "tests" / "README.md", *(REPO / "docs").glob("*.md")])

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_PATH = re.compile(r"^(?:bot|tests|docs|benchmarks|data)/[\w.\-/]*$")


def prose(text: str) -> list[str]:
    """The lines of a Markdown text outside fenced code blocks."""
    lines, fence = [], ""
    for line in text.splitlines():
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)
        else:
            lines.append(line)
    return lines


def code_spans(text: str) -> list[str]:
    return [span.strip() for _, span in _CODE_SPAN.findall("\n".join(prose(text)))]


def links(text: str) -> list[str]:
    """Link targets, code spans left out (a `[05:29](#t=05:29)` in backticks is an example)."""
    without_code = _CODE_SPAN.sub(lambda m: "code", "\n".join(prose(text)))
    return _LINK.findall(without_code)


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text, lowercased, punctuation gone, spaces as dashes."""
    text = _CODE_SPAN.sub(lambda m: m.group(2), heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link's text stays, its target goes
    text = re.sub(r"<[^>]+>", "", text).replace("*", "").strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return kept.replace(" ", "-")


def anchors(text: str) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in prose(text):
        heading = _HEADING.match(line)
        if heading:
            base = slug(heading.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_references(document: Path, text: str, repo: Path = REPO) -> list[str]:
    """Every link and backticked path of `document` (whose text is `text`) that leads nowhere."""
    broken = []
    for target in links(text):
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # https:, mailto: ...
            continue
        path_part, _, anchor = target.partition("#")
        if not path_part:  # an anchor in the document itself
            if anchor not in anchors(text):
                broken.append(f"link to {target}: no heading #{anchor} in {document.relative_to(repo)}")
            continue
        linked = (document.parent / path_part).resolve()
        if not linked.exists():
            broken.append(f"link to {target}: no file {linked.relative_to(repo) if linked.is_relative_to(repo) else linked}")
        elif not linked.is_relative_to(repo):
            broken.append(f"link to {target}: outside the checkout")
        elif anchor and linked.suffix == ".md":
            if anchor not in anchors(linked.read_text(encoding="utf-8")):
                broken.append(f"link to {target}: no heading #{anchor} in {linked.relative_to(repo)}")
    for span in code_spans(text):
        if _PATH.match(span) and not (repo / span).exists():
            broken.append(f"`{span}`: no such file or folder")
    return broken


def test_readme_is_at_most_10_kb() -> None:
    size = len(README.read_bytes())
    assert size <= README_LIMIT, f"README.md is {size:,} bytes; keep it within {README_LIMIT:,} and move the rest to docs/"


def test_readme_keeps_the_test_command_ci_runs() -> None:
    """.ci/run runs the command between the markers; it must be there, one line in a code block."""
    found = re.search(r"<!-- test-command -->\n```\n([^\n`]+)\n```\n<!-- /test-command -->", README.read_text(encoding="utf-8"))
    assert found and "pytest" in found.group(1)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(REPO)))
def test_links_and_paths_lead_somewhere(document: Path) -> None:
    broken = broken_references(document, document.read_text(encoding="utf-8"))
    assert not broken, f"{document.relative_to(REPO)}:\n" + "\n".join(broken)


def test_the_check_finds_what_is_broken() -> None:
    """The checker itself: what it must catch, and what it must let through."""
    document = REPO / "docs" / "example.md"  # never written: only its folder matters
    text = "\n".join([
        "# A guide",
        "## (b) A reload",
        "[fine](architecture.md) [fine too](#b-a-reload) [up](../README.md#quick-start) <https://example.com>",
        "[gone](no-such-guide.md) [no heading](architecture.md#no-such-heading) [here either](#nowhere)",
        "`bot/core/catalog/reload.py` `tests/support/` `data/<podcast>/` `bot/core/no_such_module.py`",
        "`[05:29](#t=05:29)` is an example, not a link.",
        "```",
        "[in a code block](not-checked.md) `bot/not/checked.py`",
        "```",
    ])  # fmt: skip
    assert broken_references(document, text) == [
        "link to no-such-guide.md: no file docs/no-such-guide.md",
        "link to architecture.md#no-such-heading: no heading #no-such-heading in docs/architecture.md",
        "link to #nowhere: no heading #nowhere in docs/example.md",
        "`bot/core/no_such_module.py`: no such file or folder",
    ]


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("(a) A member's question", "a-a-members-question"),
        ("Reading the run of 2026-12-01", "reading-the-run-of-2026-12-01"),
        ('"Start here" links per host', "start-here-links-per-host"),
        ("The fake Discord (`tests/support/fakediscord/`)", "the-fake-discord-testssupportfakediscord"),
        ("Moving to many processes", "moving-to-many-processes"),
    ],
)
def test_anchors_are_githubs(heading: str, anchor: str) -> None:
    assert slug(heading) == anchor
