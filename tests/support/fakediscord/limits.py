"""Discord's limits on what a bot sends (see docs/discord-limits.md).

Each check returns Discord's nested `errors` object: `{}` when everything is within limits,
otherwise e.g. `{"data": {"content": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
"message": "Must be 2000 or fewer in length."}]}}}`. The fake sends that back inside a 400 with
code 50035, and discord.py turns it into `HTTPException.text` ("In data.content: Must be ...").
The functions take plain JSON so they can also be used on `command.to_dict(tree)` directly.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

Errors = dict[str, Any]
Path = tuple[str | int, ...]

# Option types that hold other options instead of a value.
SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
CHAT_INPUT = 1

# Which callback types Discord accepts for each interaction type.
ALLOWED_CALLBACKS: dict[int, frozenset[int]] = {
    2: frozenset({4, 5, 9}),  # application command: message, deferred message, modal
    3: frozenset({4, 5, 6, 7, 9}),  # component: + deferred update, update message
    4: frozenset({8}),  # autocomplete: choices only
}


class _Collector:
    """Builds the nested errors object from (path, code, message) triples."""

    def __init__(self) -> None:
        self.errors: Errors = {}

    def add(self, path: Path, code: str, message: str) -> None:
        node = self.errors
        for key in path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_length(self, path: Path, value: Any, limit: int) -> None:
        if isinstance(value, str | list) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def length_between(self, path: Path, value: Any, low: int, high: int) -> None:
        if not isinstance(value, str) or not low <= len(value) <= high:
            self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")


def flatten_errors(errors: Errors, prefix: str = "") -> dict[str, str]:
    """{"data": {"content": {"_errors": [...]}}} -> {"data.content": "Must be ..."}."""
    flat: dict[str, str] = {}
    for key, value in errors.items():
        if key == "_errors":
            flat[prefix] = " ".join(error["message"] for error in value)
        else:
            flat.update(flatten_errors(value, f"{prefix}.{key}" if prefix else key))
    return flat


# ---------------------------------------------------------------------------------------------
# Command definitions (PUT applications/{app}/commands, .../guilds/{gid}/commands)


def _is_name_char(ch: str) -> bool:
    # Python's re has no \p{L}; this is Discord's ^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]$ by hand.
    return (
        ch in "-_'"
        or unicodedata.category(ch)[0] in "LN"
        or "\u0900" <= ch <= "\u097f"  # Devanagari
        or "\ua8e0" <= ch <= "\ua8ff"  # Devanagari Extended
        or "\u0e00" <= ch <= "\u0e7f"  # Thai
    )


def _check_chat_input_name(c: _Collector, path: Path, name: Any) -> None:
    c.length_between(path, name, 1, 32)
    if isinstance(name, str) and not all(_is_name_char(ch) and ch.lower() == ch for ch in name):
        c.add(path, "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid: {name!r}")


def command_size(node: dict[str, Any]) -> int:
    """Characters Discord counts towards a command's 8000 limit: names, descriptions and choice
    names and values of the command and, recursively, of its options and subcommands."""
    total = len(node.get("name", "")) + len(node.get("description", ""))
    for choice in node.get("choices") or []:
        total += len(choice.get("name", "")) + len(str(choice.get("value", "")))
    return total + sum(command_size(option) for option in node.get("options") or [])


def _check_options(c: _Collector, path: Path, options: list[dict[str, Any]]) -> None:
    c.max_length((*path, "options"), options, 25)
    for index, option in enumerate(options):
        here = (*path, "options", index)
        _check_chat_input_name(c, (*here, "name"), option.get("name"))
        c.length_between((*here, "description"), option.get("description"), 1, 100)

        choices = option.get("choices") or []
        c.max_length((*here, "choices"), choices, 25)
        for number, choice in enumerate(choices):
            c.length_between((*here, "choices", number, "name"), choice.get("name"), 1, 100)
            c.max_length((*here, "choices", number, "value"), choice.get("value"), 100)
        if choices and option.get("autocomplete"):
            c.add((*here, "autocomplete"), "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES",
                  "Autocomplete cannot be set on an option with choices.")

        for key in ("min_length", "max_length"):
            if key in option and not 0 <= option[key] <= 6000:
                c.add((*here, key), "NUMBER_TYPE_MAX", "int value should be less than or equal to 6000.")

        if option.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP):
            _check_options(c, here, option.get("options") or [])


def check_commands(commands: Sequence[dict[str, Any]]) -> Errors:
    """Validate a bulk overwrite: one list of command definitions."""
    c = _Collector()
    seen: set[tuple[int, str]] = set()
    chat_inputs = 0
    for index, command in enumerate(commands):
        path: Path = (index,)
        kind = command.get("type", CHAT_INPUT)
        name = command.get("name")
        if kind == CHAT_INPUT:
            chat_inputs += 1
            _check_chat_input_name(c, (*path, "name"), name)
            c.length_between((*path, "description"), command.get("description"), 1, 100)
            _check_options(c, path, command.get("options") or [])
        else:
            # User and message commands may use spaces and capitals, and have no description.
            c.length_between((*path, "name"), name, 1, 32)
        if (kind, str(name)) in seen:
            c.add((*path, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", f"Command name {name!r} is already used.")
        seen.add((kind, str(name)))
        if command_size(command) > 8000:
            c.add(path, "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (8000)")
    if chat_inputs > 100:
        c.add((), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer chat input commands.")
    return c.errors


# ---------------------------------------------------------------------------------------------
# Messages: interaction responses, followups, edits, channel messages


def embed_size(embed: dict[str, Any]) -> int:
    """What counts towards the 6000-character total, as discord.py's `len(embed)` counts it."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    for embed_field in embed.get("fields") or []:
        total += len(embed_field.get("name") or "") + len(embed_field.get("value") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    return total


def _check_message(c: _Collector, path: Path, body: dict[str, Any]) -> None:
    c.max_length((*path, "content"), body.get("content"), 2000)
    embeds = body.get("embeds") or []
    c.max_length((*path, "embeds"), embeds, 10)
    for index, embed in enumerate(embeds):
        here = (*path, "embeds", index)
        c.max_length((*here, "title"), embed.get("title"), 256)
        c.max_length((*here, "description"), embed.get("description"), 4096)
        c.max_length((*here, "footer", "text"), (embed.get("footer") or {}).get("text"), 2048)
        c.max_length((*here, "author", "name"), (embed.get("author") or {}).get("name"), 256)
        fields = embed.get("fields") or []
        c.max_length((*here, "fields"), fields, 25)
        for number, embed_field in enumerate(fields):
            c.length_between((*here, "fields", number, "name"), embed_field.get("name"), 1, 256)
            c.length_between((*here, "fields", number, "value"), embed_field.get("value"), 1, 1024)
    if sum(embed_size(embed) for embed in embeds) > 6000:
        c.add((*path, "embeds"), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")


def check_message(body: dict[str, Any]) -> Errors:
    """Validate a message body: a followup, an edit or a channel message."""
    c = _Collector()
    _check_message(c, (), body)
    return c.errors


def is_empty_message(body: dict[str, Any], files: int) -> bool:
    """Discord refuses to create a message with nothing in it (code 50006)."""
    return not (body.get("content") or body.get("embeds") or body.get("components") or body.get("poll") or files)


def check_callback(interaction_type: int, body: dict[str, Any]) -> Errors:
    """Validate an interaction callback body {"type": ..., "data": {...}}."""
    c = _Collector()
    callback_type = body.get("type")
    allowed = ALLOWED_CALLBACKS.get(interaction_type, frozenset())
    if callback_type not in allowed:
        c.add(("type",), "INTERACTION_CALLBACK_TYPE_INVALID",
              f"Callback type {callback_type} is not valid here; use one of {sorted(allowed)}.")
    data = body.get("data") or {}
    if callback_type in (4, 7):
        _check_message(c, ("data",), data)
    elif callback_type == 8:
        choices = data.get("choices") or []
        c.max_length(("data", "choices"), choices, 25)
        for index, choice in enumerate(choices):
            c.length_between(("data", "choices", index, "name"), choice.get("name"), 1, 100)
            c.max_length(("data", "choices", index, "value"), choice.get("value"), 100)
    return c.errors
