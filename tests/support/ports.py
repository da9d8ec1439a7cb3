"""A loopback port for a test's own server, or one where nothing listens."""

from __future__ import annotations

import socket


def unused_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: the probe that found it is closed again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
