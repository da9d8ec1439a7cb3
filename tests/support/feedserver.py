"""A podcast host on loopback for feed tests: feeds, chapters files and the faults hosts produce.

Real feeds are read from ../shared/corpora/feeds at test time (never copied here); the small
feeds for fault cases are written by `rss()`.
"""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pytest
from aiohttp import web

from bot.core.feeds.fetch import FetchLimits
from tests.support.paths import CORPORA

CORPUS = CORPORA / "feeds"
LOOPBACK_ONLY = FetchLimits(timeout=2.0, allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def corpus_file(name: str) -> Path:
    """A real feed or chapters file, or a skip naming what is missing."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"real feed corpus not found at {CORPUS} (CI has ../shared beside the checkout)")
    return path


@dataclass
class FeedServer:
    base: str = ""
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def serve(self, path: str, body: bytes | str, *, content_type: str = "application/rss+xml",
              etag: str | None = None, last_modified: str | None = None, compress: bool = False) -> None:  # fmt: skip
        data = body.encode() if isinstance(body, str) else body
        validators = {**({"ETag": etag} if etag else {}), **({"Last-Modified": last_modified} if last_modified else {})}

        async def handler(request: web.Request) -> web.StreamResponse:
            if (etag and request.headers.get("If-None-Match") == etag) or (
                last_modified and not etag and request.headers.get("If-Modified-Since") == last_modified
            ):
                return web.Response(status=304, headers=validators)
            headers = {"Content-Type": content_type, **validators}
            if compress:
                headers["Content-Encoding"] = "gzip"
                return web.Response(body=gzip.compress(data), headers=headers)
            return web.Response(body=data, headers=headers)

        self.routes[path] = handler

    def redirect(self, path: str, to: str, status: int = 301) -> None:
        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, headers={"Location": to})

        self.routes[path] = handler

    def status(self, path: str, status: int) -> None:
        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, text="no")

        self.routes[path] = handler

    def slow(self, path: str, seconds: float) -> None:
        async def handler(request: web.Request) -> web.StreamResponse:
            await asyncio.sleep(seconds)
            return web.Response(text="late")

        self.routes[path] = handler

    def endless(self, path: str, megabytes: int) -> None:
        """A body of `megabytes`, streamed without a Content-Length, as a misbehaving host would."""

        async def handler(request: web.Request) -> web.StreamResponse:
            response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
            await response.prepare(request)
            chunk = b"<!-- padding -->" * 65536  # 1 MiB
            try:
                for _ in range(megabytes):
                    await response.write(chunk)
            except ConnectionError:
                pass  # the client hung up at its size limit
            return response

        self.routes[path] = handler

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.requests.append((request.path, dict(request.headers)))
        handler = self.routes.get(request.path)
        if handler is None:
            return web.Response(status=404, text="not found")
        return await handler(request)

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def asked(self, path: str) -> list[dict[str, str]]:
        """The headers of each request for `path`, in order."""
        return [headers for p, headers in self.requests if p == path]


@asynccontextmanager
async def feed_server() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", server._dispatch)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    server.base = f"http://127.0.0.1:{port}"
    try:
        yield server
    finally:
        await runner.cleanup()


def rss(items: list[dict[str, str]], *, title: str = "Test Cast", extra_channel: str = "") -> str:
    """A small RSS feed; each item's keys are element names (`guid`, `title`, `description`, ...),
    written as given (values are escaped), plus raw XML under the key `xml`."""
    entries = []
    for item in items:
        parts = [f"<{k}>{escape(v)}</{k}>" for k, v in item.items() if k != "xml"]
        entries.append(f"<item>{''.join(parts)}{item.get('xml', '')}</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
        'xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:psc="http://podlove.org/simple-chapters">'
        f"<channel><title>{escape(title)}</title><link>https://example.com/</link>{extra_channel}"
        f"{''.join(entries)}</channel></rss>"
    )
