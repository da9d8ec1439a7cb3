"""Links that start playback at a moment, in the form each host documents.

An answer links its timestamp only where the host is known to honour a start time; for any other
address the timestamp is plain text, since a link that opens the episode at 0:00 would claim a jump
it does not make. A URL holding `{t}` is a template the data's author wrote for a player of their
own: `{t}` becomes the seconds.

| host | form | documented by |
|---|---|---|
| youtube.com, youtu.be (watch, live, shorts, share links) | `t=<seconds>` query parameter | YouTube Help, "Share videos": *Start at* adds `?t=` |
| vimeo.com | `#t=<seconds>s` fragment | Vimeo Help, "Linking to a specific time in a video" |
| twitch.tv videos | `t=<h>h<m>m<s>s` query parameter | Twitch "Share at current time" |
| soundcloud.com | `#t=<m>:<ss>` (`#t=<h>:<mm>:<ss>` past an hour) fragment | SoundCloud Help, "Sharing a track at a specific time" |
| open.spotify.com episodes | `t=<seconds>` query parameter | Spotify's "Share from <time>" links |
| an audio or video file (`.mp3`, `.m4a`, ...) | `#t=<seconds>` fragment | W3C Media Fragments URI 1.0, played by browsers |

A feed's Podlove deep link (`atom:link rel="http://podlove.org/deep-link"`) is stored as a `{t}`
template, `…#t={t}`: Podlove players read a Media Fragments time after the `#`.
"""

from __future__ import annotations

from typing import Callable
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

_MEDIA_SUFFIXES = (".mp3", ".m4a", ".m4b", ".mp4", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac", ".webm")


def _with_query(parts: SplitResult, key: str, value: str, *, drop: tuple[str, ...] = ()) -> str:
    """Set `key` in the query, replacing any start time the URL already had."""
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key and k not in drop]
    return urlunsplit(parts._replace(query=urlencode([*kept, (key, value)])))


def _with_fragment(parts: SplitResult, fragment: str) -> str:
    return urlunsplit(parts._replace(fragment=fragment))


def _hms_letters(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes}m{secs}s"


def _youtube(parts: SplitResult, seconds: int) -> str:
    return _with_query(parts, "t", str(seconds), drop=("start",))


def _spotify(parts: SplitResult, seconds: int) -> str | None:
    return _with_query(parts, "t", str(seconds)) if parts.path.startswith("/episode/") else None


def _twitch(parts: SplitResult, seconds: int) -> str | None:
    return _with_query(parts, "t", _hms_letters(seconds)) if parts.path.startswith("/videos/") else None


def _soundcloud(parts: SplitResult, seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return _with_fragment(parts, f"t={hours}:{minutes:02d}:{secs:02d}" if hours else f"t={minutes}:{secs:02d}")


def _vimeo(parts: SplitResult, seconds: int) -> str:
    return _with_fragment(parts, f"t={seconds}s")


_HOSTS: dict[str, Callable[[SplitResult, int], str | None]] = {
    "youtube.com": _youtube,
    "youtu.be": _youtube,
    "vimeo.com": _vimeo,
    "twitch.tv": _twitch,
    "soundcloud.com": _soundcloud,
    "open.spotify.com": _spotify,
}


def timestamp_link(url: str, seconds: int) -> str | None:
    """A link to `url` that starts playback at `seconds`, or None when the host has no known form."""
    if "{t}" in url:
        return url.replace("{t}", str(seconds))
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.").removeprefix("music.")
    form = _HOSTS.get(host)
    if form is not None:
        return form(parts, seconds)
    if parts.path.lower().endswith(_MEDIA_SUFFIXES):
        return _with_fragment(parts, f"t={seconds}")
    return None
