"""One module per form a chapter list is published in.

Structured forms (`read(text) -> list[Found]`) are tried on the whole text first: a pasted chapters
JSON, Podlove Simple Chapters, an Audacity label track or a YAML list says unambiguously what it
is. Line forms (`read(lines) -> list[Found]`) each read every line their way; the finder then keeps
the run of chapters that a reader would take for the list. Adding a form is adding a module here
and one line in the tuples below.
"""

from __future__ import annotations

from . import audacity, led_by_time, podcasting20, podlove, title_first, yaml_list

STRUCTURED = (podcasting20, podlove, audacity, yaml_list)
LINE_FORMS = (led_by_time, title_first)
