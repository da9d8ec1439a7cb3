"""A fake Discord (REST + gateway on loopback) for end-to-end tests of the real discord.py client.

Start with the `fake_discord` fixture in tests/conftest.py; tests/README.md shows a full test.
"""

from .interactions import FakeInteraction
from .limits import check_callback, check_commands, check_message, command_size, embed_size, flatten_errors
from .models import (
    ADMINISTRATOR,
    PLAIN_MEMBER_PERMISSIONS,
    Callback,
    Channel,
    Guild,
    Member,
    RequestRecord,
    Role,
    SentMessage,
    Upload,
    Violation,
)
from .server import FAST_CLIENT_OPTIONS
from .users import FakeDiscord

__all__ = [
    "ADMINISTRATOR",
    "FAST_CLIENT_OPTIONS",
    "PLAIN_MEMBER_PERMISSIONS",
    "Callback",
    "Channel",
    "FakeDiscord",
    "FakeInteraction",
    "Guild",
    "Member",
    "RequestRecord",
    "Role",
    "SentMessage",
    "Upload",
    "Violation",
    "check_callback",
    "check_commands",
    "check_message",
    "command_size",
    "embed_size",
    "flatten_errors",
]
