"""Interactions a test sends to the bot, and the handle that collects the bot's answers.

Command interactions are built from the definitions the bot synced, the way Discord's client
builds them: options get their declared type, subcommands nest, user/channel/role options come
with `resolved` data. Asking for a command or option the bot never synced is an error in the
test, reported at once rather than as a silent "no response".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .limits import SUB_COMMAND, SUB_COMMAND_GROUP
from .models import Callback, SentMessage, Violation

if TYPE_CHECKING:
    from .users import FakeDiscord

JSON = dict[str, Any]

# Option value types (Discord's numbering).
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11
SNOWFLAKE_TYPES = frozenset({USER, CHANNEL, ROLE, MENTIONABLE, ATTACHMENT})
_CONVERTERS: dict[int, Callable[[Any], Any]] = {STRING: str, INTEGER: int, BOOLEAN: bool, NUMBER: float}

# Adds the object behind a user/channel/role/attachment option to `resolved` and returns its id.
Resolver = Callable[[int, Any, JSON], str]


def _find(options: list[JSON], name: str, types: frozenset[int] | None = None) -> JSON | None:
    for option in options:
        if option["name"] == name and (types is None or option.get("type") in types):
            return option
    return None


def _option_value(label: str, definition: JSON, value: Any, resolved: JSON, resolve: Resolver) -> Any:
    kind = definition.get("type")
    if kind in SNOWFLAKE_TYPES:
        return resolve(kind, value, resolved)
    if kind not in _CONVERTERS:
        raise AssertionError(f"{label}: option {definition['name']!r} has type {kind}, which the fake cannot send")
    converted = _CONVERTERS[kind](value)
    allowed = [choice["value"] for choice in definition.get("choices") or []]
    if allowed and converted not in allowed:
        raise AssertionError(f"{label}: {converted!r} is not one of the choices of {definition['name']!r}: {allowed}")
    return converted


def command_data(definition: JSON, path: list[str], values: Mapping[str, Any], *,
                 focused: str | None, resolve: Resolver) -> JSON:
    """The `data` of a slash command (focused=None) or autocomplete interaction.

    `path` names the subcommand group and/or subcommand under the command; `values` are the
    options of the innermost one. An autocomplete's focused option is sent as the text typed so
    far, whatever its type, as Discord does.
    """
    label = "/" + " ".join([definition["name"], *path])
    data: JSON = {"id": definition["id"], "name": definition["name"], "type": definition.get("type", 1)}
    if "guild_id" in definition:
        data["guild_id"] = definition["guild_id"]

    container, declared = data, definition.get("options") or []
    for name in path:
        sub = _find(declared, name, frozenset({SUB_COMMAND, SUB_COMMAND_GROUP}))
        if sub is None:
            synced = [option["name"] for option in declared]
            raise AssertionError(f"{label}: no subcommand or group {name!r} here; synced: {synced}")
        node: JSON = {"name": name, "type": sub["type"]}
        container["options"] = [node]
        container, declared = node, sub.get("options") or []
    if any(option.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for option in declared):
        raise AssertionError(f"{label} has subcommands; name one, e.g. {label} {declared[0]['name']}")

    unknown = set(values) - {option["name"] for option in declared}
    if unknown:
        raise AssertionError(f"{label} has no option(s) {sorted(unknown)}; synced: {[o['name'] for o in declared]}")
    if focused is None:
        missing = [o["name"] for o in declared if o.get("required") and o["name"] not in values]
        if missing:
            raise AssertionError(f"{label}: Discord would not send it without the required option(s) {missing}")
    elif focused not in values:
        raise AssertionError(f"{label}: the focused option {focused!r} needs a value (the text typed so far)")

    resolved: JSON = {}
    options: list[JSON] = []
    for option in declared:  # in declared order, as Discord sends them
        name = option["name"]
        if name not in values:
            continue
        if name == focused:
            options.append({"name": name, "type": option["type"], "value": str(values[name]), "focused": True})
        else:
            value = _option_value(label, option, values[name], resolved, resolve)
            options.append({"name": name, "type": option["type"], "value": value})
    container["options"] = options
    if resolved:
        data["resolved"] = resolved
    return data


def find_component(components: list[JSON], custom_id: str) -> JSON | None:
    """The component with this custom_id, searched through rows, containers and sections."""
    for component in components:
        if component.get("custom_id") == custom_id:
            return component
        nested = list(component.get("components") or [])
        if isinstance(component.get("accessory"), dict):
            nested.append(component["accessory"])
        found = find_component(nested, custom_id)
        if found is not None:
            return found
    return None


@dataclass(eq=False)
class FakeInteraction:
    """One interaction the test dispatched, and everything the bot answered to it.

    The lists fill in as the bot answers; the `await`able methods wait for an entry and fail
    with a clear message after `timeout` seconds (default: `fake.wait_timeout`). They also fail
    at once if the fake refused something the bot sent for this interaction, unless the test
    took that refusal with `violation()` first.
    """

    fake: FakeDiscord
    id: int
    token: str
    type: int
    label: str  # for messages: "/echo", "button 'next'"
    payload: JSON  # the INTERACTION_CREATE payload as dispatched
    channel_id: int
    created_at: float  # event-loop time of dispatch; the 3 s deadline counts from here
    original_message_id: int | None = None  # what PATCH .../messages/@original edits
    callbacks: list[Callback] = field(default_factory=list)
    followups: list[SentMessage] = field(default_factory=list)
    edits: list[SentMessage] = field(default_factory=list)

    def _unclaimed_violation(self) -> None:
        for violation in self.fake.violations:
            if violation.interaction_id == self.id:
                raise AssertionError(
                    f"the fake refused what the bot sent for {self.label} (interaction {self.id}):\n{violation}")

    async def _wait(self, records: list[Any], index: int, what: str, timeout: float | None) -> Any:
        def check() -> Any:
            self._unclaimed_violation()
            return records[index] if len(records) > index else None

        return await self.fake.wait_until(check, f"bot sent {what} to {self.label} (interaction {self.id})", timeout)

    async def response(self, timeout: float | None = None) -> Callback:
        """The initial response (interaction callback)."""
        return await self._wait(self.callbacks, 0, "no response", timeout)

    async def followup(self, index: int = 0, timeout: float | None = None) -> SentMessage:
        """The index-th followup message (POST webhooks/{app}/{token})."""
        return await self._wait(self.followups, index, f"no followup #{index}", timeout)

    async def edit(self, index: int = 0, timeout: float | None = None) -> SentMessage:
        """The index-th edit through this interaction's token (PATCH .../messages/@original or /{id})."""
        return await self._wait(self.edits, index, f"no edit #{index}", timeout)

    async def choices(self, timeout: float | None = None) -> list[JSON]:
        """The autocomplete choices the bot answered with (callback type 8)."""
        callback = await self.response(timeout)
        if callback.type != 8:
            raise AssertionError(f"{self.label}: the bot answered with callback type {callback.type}, not 8 (choices)")
        return callback.choices

    async def violation(self, timeout: float | None = None) -> Violation:
        """Wait for the fake to refuse something for this interaction, and take the refusal
        (the fixture then no longer reports it)."""

        def check() -> Violation | None:
            return next((v for v in self.fake.violations if v.interaction_id == self.id), None)

        what = f"the fake refused nothing for {self.label} (interaction {self.id})"
        found = await self.fake.wait_until(check, what, timeout)
        self.fake.violations.remove(found)
        return found
