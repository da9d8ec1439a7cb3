"""One module per form a chapter list is published in.

Structured forms (`read(text) -> list[Found]`) are tried on the whole text first: a pasted chapters
JSON, Podlove Simple Chapters, the Open Shownotes Format rendered to HTML (and any definition-list timeline), an Audacity label track, a chapter table (CSV or TSV with a header row), an Open Shownotes
Format pad (chapters tagged `#chapter`), a YAML or TOML list, records under any key in YAML (a front matter, an episode record), TOML or `key = value` blocks (HCL) or a chapter file (OGM, FFmpeg metadata, CUE sheet) says unambiguously what it is. Line forms (`read(lines) -> list[Found]`)
each read every line their way; the finder then keeps the run of chapters a reader would take for
the list. Fallback forms are tried last. Adding a form is adding a module here and one line in the tuples below.
"""

from __future__ import annotations

from bot.core.shownotes.forms import (
    audacity,
    cue_sheet,
    ffmetadata,
    flattened,
    json_chapters,
    kv_blocks,
    led_by_time,
    ogm,
    osf,
    osf_html,
    osf_tagged,
    podlove,
    prose_ranges,
    table,
    title_first,
    toml_list,
    yaml_list,
    yaml_records,
)

STRUCTURED = (json_chapters, podlove, osf_html, osf_tagged, audacity, table, yaml_list, yaml_records, toml_list, kv_blocks, ogm, ffmetadata, cue_sheet)
# Structured forms whose own marks say which lines are chapters: what they find decides, even one chapter
# (too few for a list), so no line form reads the lines they marked as not chapters.
DECIDE_ALONE = (osf_tagged,)
LINE_FORMS = (led_by_time, flattened, title_first, prose_ranges)
# Read only when no other form finds a list: a pad's live times are superseded by a list written after.
FALLBACK = (osf,)
