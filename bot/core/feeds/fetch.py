"""Fetching a feed (or a chapters file it links to) over HTTP, defensively.

A feed URL may be typed by anyone with the moderator role, and the bot's machine fetches it. So:

- only `http` and `https`, and only to public addresses: loopback, private, link-local (which holds
  the cloud metadata address 169.254.169.254), shared, reserved and multicast ranges are refused,
  checked on every redirect hop and on the addresses a name resolves to *at connection time* (a
  resolver that filters, so a name that resolves differently the second time gains nothing),
  except in the networks the operator allows (`SEGMENT_BOT_FEEDS_ALLOW`, e.g. `127.0.0.0/8`). An
  address is recognised in every form a resolver or browser reads (`127.1`, `2130706433`,
  `017700000001`, `0x7f.1`, a trailing dot; IPv6 with an IPv4 address inside: mapped, compatible,
  NAT64, 6to4, Teredo), and so is the name `localhost`: each is refused before any connection with
  one message naming what it is and that such feeds are not allowed;
- redirects are followed by hand, at most MAX_REDIRECTS, and a loop is named as one;
- a response larger than the size limit is cut off and refused, counted after gzip is undone (so a
  small compressed bomb is refused too), and the whole fetch has a timeout;
- conditional requests: the ETag / Last-Modified of the last success go along, and 304 means
  "unchanged" without a body.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

MAX_REDIRECTS = 5
USER_AGENT = "podcast-segment-bot/0.1 (podcast feed reader)"


class FetchError(Exception):
    """The fetch failed; the message is one line for the feed's status and the log."""

    def __init__(self, message: str, *, gone: bool = False) -> None:
        super().__init__(message)
        self.gone = gone  # HTTP 410: the server says the feed is gone for good


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class FetchLimits:
    timeout: float = 30.0  # seconds for one whole fetch, redirects included
    max_bytes: int = 20 * 1024 * 1024
    allowed_networks: tuple[Network, ...] = ()  # non-public networks the operator allows; tests allow loopback


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes | None  # None: 304 Not Modified
    etag: str | None
    last_modified: str | None


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NOT_ALLOWED = "feeds on this machine or a private network are not allowed"
# One part of an IPv4 address as resolvers and browsers read it: hex (0x7f), octal (0177) or decimal.
_IPV4_PART = re.compile(r"0x[0-9a-f]{0,8}|0[0-7]{0,11}|[1-9][0-9]{0,9}", re.I)
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def refused_address(ip: IPAddress, allowed: tuple[Network, ...] = ()) -> str | None:
    """What kind of address this is when the bot will not connect to it ("a loopback address"), or
    None when it is public or allowed. An IPv4 address inside an IPv6 one is judged as itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None and (why := refused_address(inner, allowed)):
            return why
        ip = ip.ipv4_mapped or ip
    if any(ip in network for network in allowed):
        return None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address (where cloud metadata services live)"
    if ip.is_private:
        return "a private address"
    if not ip.is_global or ip.is_multicast:
        return "not a public address"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries to: mapped, compatible (`::127.0.0.1`), NAT64, 6to4, Teredo."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if int(ip) >> 32 == 0 and int(ip) > 1:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if any(ip in network for network in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    return ip.teredo[1] if ip.teredo is not None else None


def address_of(host: str) -> IPAddress | None:
    """The IP address a URL's host is, in any form a resolver or browser reads as one: `127.0.0.1`,
    `127.1`, `2130706433`, `017700000001`, `0x7f.1`, with a trailing dot, or IPv6 (with a zone);
    None for a name. FetchError for a host that ends in a number but is no address."""
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # "127.0.0.1." is 127.0.0.1, as "example.com." is example.com
    if not (parts[-1].isdigit() or _IPV4_PART.fullmatch(parts[-1])):
        return None  # a name: the resolver checks what it resolves to when connecting
    # Ending in a number, it is an address (as browsers read it) or nothing: 127.1 is 127.0.0.1.
    if len(parts) > 4 or not all(_IPV4_PART.fullmatch(part) for part in parts):
        raise FetchError(f"refused: {host[:100]!r} is neither a name nor an address")
    numbers = [_ipv4_number(part) for part in parts]
    if any(number > 255 for number in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise FetchError(f"refused: {host[:100]!r} is neither a name nor an address")
    value = numbers[-1]  # the last part fills the bytes the others leave
    for index, number in enumerate(numbers[:-1]):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _ipv4_number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    return int(part, 8) if part.startswith("0") else int(part)


class _PublicOnlyResolver(AbstractResolver):
    """Resolves names as usual, then drops every address the bot must not connect to."""

    def __init__(self, allowed: tuple[Network, ...]) -> None:
        self._resolver = aiohttp.ThreadedResolver()
        self._allowed = allowed

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        found = await self._resolver.resolve(host, port, family)
        usable = [entry for entry in found if _refused_host(entry["host"], self._allowed) is None]
        if not usable:
            if not found:
                raise OSError(f"cannot connect: {host} resolves to no address")
            ip = found[0]["host"]
            # aiohttp keeps it as .os_error
            raise OSError(f"refused: {host} resolves to {ip}, {_refused_host(ip, self._allowed)}; {NOT_ALLOWED}")
        return usable

    async def close(self) -> None:
        await self._resolver.close()


def open_session(limits: FetchLimits) -> aiohttp.ClientSession:
    """The session every feed fetch uses; close it when done."""
    connector = aiohttp.TCPConnector(limit=8, resolver=_PublicOnlyResolver(limits.allowed_networks))
    return aiohttp.ClientSession(
        connector=connector,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        trust_env=False,  # a proxy from the environment would hide where requests really go
    )


def _refused_host(address: str, allowed: tuple[Network, ...]) -> str | None:
    return refused_address(ipaddress.ip_address(address.split("%", 1)[0]), allowed)


def check_url(url: str, limits: FetchLimits) -> None:
    """FetchError unless `url` is http(s) and, when it names an IP address (in any form) or this
    machine by name, a public one."""
    try:
        parts = urlsplit(url)
        host = parts.hostname  # may raise too, for a bracketed host that is no IPv6 address
    except ValueError:  # as a FetchError, one feed's nonsense is its own failure, not the polling round's
        raise FetchError(f"refused: {url[:200]!r} is not a valid address") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"refused: {url[:200]!r} is not an http:// or https:// address")
    if not host:
        raise FetchError(f"refused: {url[:200]!r} names no host")
    if host.rstrip(".") == "localhost" or host.rstrip(".").endswith(".localhost"):
        if not any(ipaddress.ip_address("127.0.0.1") in network for network in limits.allowed_networks):
            raise FetchError(f"refused: {host[:100]} is this machine (a loopback name); {NOT_ALLOWED}")
        return
    ip = address_of(host)
    if ip is None:
        return
    why = refused_address(ip, limits.allowed_networks)
    written = host.split("%", 1)[0]
    if why:
        inner = _embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
        judged = inner if inner is not None and refused_address(inner, limits.allowed_networks) else ip
        shown = written if written == str(judged) else f"{written} ({judged})"
        raise FetchError(f"refused: {shown} is {why}; {NOT_ALLOWED}")
    if isinstance(ip, ipaddress.IPv4Address) and written != str(ip):
        # The HTTP client reads only the usual form; a fetch would fail with its parser's error.
        raise FetchError(f"refused: {host[:100]!r} is an unusual way to write {ip}; write it as {ip}")


async def fetch(
    session: aiohttp.ClientSession, url: str, limits: FetchLimits, *,
    etag: str | None = None, last_modified: str | None = None,
) -> Fetched:  # fmt: skip
    """GET `url`, following redirects; FetchError with a one-line reason on any failure."""
    try:
        return await asyncio.wait_for(_fetch(session, url, limits, etag, last_modified), limits.timeout)
    except asyncio.TimeoutError:
        raise FetchError(f"timed out after {limits.timeout:g} s") from None
    except aiohttp.ClientError as error:
        raise FetchError(_client_error_text(error)) from None


async def _fetch(
    session: aiohttp.ClientSession, url: str, limits: FetchLimits, etag: str | None, last_modified: str | None
) -> Fetched:
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    seen: list[str] = []
    while True:
        check_url(url, limits)
        if url in seen:
            raise FetchError(f"redirect loop: {' -> '.join([*seen, url])[:300]}")
        if len(seen) > MAX_REDIRECTS:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects (last: {url[:200]})")
        seen.append(url)
        async with session.get(url, headers=headers, allow_redirects=False) as response:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"HTTP {response.status} redirect without a Location")
                try:
                    url = urljoin(url, location)
                except ValueError:
                    raise FetchError(f"refused: a redirect to {location[:200]!r}, which is not a valid address") from None
                continue
            if response.status == 304:
                return Fetched(url, None, etag, last_modified)
            if response.status != 200:
                reason = f"HTTP {response.status} {response.reason or ''}".strip()
                raise FetchError(reason, gone=response.status == 410)
            body = await _read_limited(response, limits.max_bytes)
            return Fetched(url, body, response.headers.get("ETag"), response.headers.get("Last-Modified"))


async def _read_limited(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    too_big = f"larger than the size limit of {max_bytes / 1024 / 1024:g} MB"
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes and "Content-Encoding" not in response.headers:
        raise FetchError(f"refused: {int(declared) / 1024 / 1024:.1f} MB is {too_big}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):  # decompressed: gzip bombs count in full
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"refused: the response is {too_big}")
        chunks.append(chunk)
    return b"".join(chunks)


def _client_error_text(error: aiohttp.ClientError) -> str:
    cause = str(getattr(error, "os_error", "") or "")
    if cause.startswith("refused: "):  # from the resolver, wrapped by aiohttp
        return cause
    return f"cannot connect: {str(error)[:300] or type(error).__name__}"
