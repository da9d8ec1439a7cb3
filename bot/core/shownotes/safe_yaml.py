"""A YAML loader for text others wrote: it refuses what no chapter list or front matter needs and a
hostile text uses: aliases (a 1 KB list of nested aliases expands to gigabytes), nesting over
MAX_DEPTH, integers over MAX_DIGITS digits; each refusal names its line. The YAML list form and the
front matter reader (front_matter.py) both load through it."""

from __future__ import annotations

import yaml

from bot.core.shownotes.model import Unreadable
from bot.core.shownotes.structured import MAX_DEPTH, refuse_deep_brackets

MAX_DIGITS = 20


class SafeLoader(yaml.SafeLoader):
    def __init__(self, stream: str, base_line: int) -> None:
        super().__init__(stream)
        self.base_line = base_line
        self.depth = 0

    def line_of(self, mark: yaml.Mark | None) -> int:
        return self.base_line + (mark.line if mark is not None else 0)

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise Unreadable(self.line_of(mark), "it uses an alias (*name), which a chapter list never needs")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise Unreadable(self.line_of(self.peek_event().start_mark), f"nested more than {MAX_DEPTH} deep")
            return super().compose_node(parent, index)  # type: ignore[no-untyped-call]
        finally:
            self.depth -= 1

    def bounded_int(self, node: yaml.ScalarNode) -> int:
        if sum(c.isdigit() for c in node.value) > MAX_DIGITS:
            raise Unreadable(self.line_of(node.start_mark), f"a number of more than {MAX_DIGITS} digits")
        return self.construct_yaml_int(node)  # type: ignore[no-untyped-call]


SafeLoader.add_constructor("tag:yaml.org,2002:int", SafeLoader.bounded_int)


class ClockLoader(SafeLoader):
    """A SafeLoader that keeps a clock as written (`time: 1:52` is the string '1:52'): YAML 1.1 reads
    it as a base-60 number (112), which would hide under a key of any name that it is a time."""

    def clock_or_int(self, node: yaml.ScalarNode) -> int | str:
        return node.value if ":" in node.value else self.bounded_int(node)


ClockLoader.add_constructor("tag:yaml.org,2002:int", ClockLoader.clock_or_int)


def composed(block: str, base_line: int, kind: type[SafeLoader] = SafeLoader) -> tuple[SafeLoader, yaml.Node] | None:
    """The node tree of a YAML text and the loader to construct its nodes with (dispose it after);
    None when it is no YAML. Brackets nested too deep are refused before parsing: the YAML scanner
    itself takes time growing with the square of their depth."""
    refuse_deep_brackets(block, base_line)
    try:
        loader = kind(block, base_line)  # its reader refuses control characters at once
    except yaml.YAMLError:
        return None
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        loader.dispose()
        return None
    if node is None:
        loader.dispose()
        return None
    return loader, node
