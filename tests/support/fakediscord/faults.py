"""Faults a test can arm on a REST route: 429, 5xx, or a slow response.

Routes are written like discord.py's `Route` paths, relative to /api/v10, with any `{name}`
matching one path segment: "POST /interactions/{id}/{token}/callback".
"""

from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass

from aiohttp import web


def compile_route(route: str) -> tuple[str, re.Pattern[str]]:
    """ "POST /channels/{channel_id}/messages" -> ("POST", pattern to fullmatch request paths)."""
    method, _, path = route.partition(" ")
    if not method.isupper() or not path.startswith("/"):
        raise ValueError(f"route must look like 'POST /channels/{{channel_id}}/messages', got {route!r}")
    pattern = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]*\})", path))
    return method, re.compile(pattern)


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    times: int  # how many more requests it applies to
    status: int | None = None  # 429 or 5xx: refuse the request with this status
    retry_after: float = 0.0  # for 429
    delay: float = 0.0  # for a slow response: seconds to hold the response back

    def refusal(self) -> web.Response:
        if self.status != 429:
            return web.Response(status=self.status, text="upstream connect error", content_type="text/plain")
        # discord.py only waits and retries a 429 that has a `Via` header (without one it assumes
        # a Cloudflare ban and raises) and a JSON body with `retry_after`. The X-RateLimit-*
        # headers are what Discord sends with it; discord.py ignores them on a 429.
        reset_after = f"{self.retry_after:.3f}"
        headers = {
            "Content-Type": "application/json",
            "Via": "1.1 google",
            "Retry-After": str(math.ceil(self.retry_after)),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{time.time() + self.retry_after:.3f}",
            "X-RateLimit-Reset-After": reset_after,
            "X-RateLimit-Bucket": "fake-bucket",
            "X-RateLimit-Scope": "user",
        }
        body = {"message": "You are being rate limited.", "retry_after": self.retry_after, "global": False}
        return web.Response(status=429, body=json.dumps(body).encode(), headers=headers)


class Faults:
    """The armed faults; each request consumes at most one (the first armed that matches)."""

    def __init__(self) -> None:
        self._armed: list[Fault] = []

    def arm(self, route: str, *, times: int, status: int | None = None,
            retry_after: float = 0.0, delay: float = 0.0) -> None:
        method, path = compile_route(route)
        self._armed.append(Fault(method, path, times, status, retry_after, delay))

    def take(self, method: str, path: str) -> Fault | None:
        for fault in self._armed:
            if fault.method == method and fault.path.fullmatch(path):
                fault.times -= 1
                if fault.times == 0:
                    self._armed.remove(fault)
                return fault
        return None
