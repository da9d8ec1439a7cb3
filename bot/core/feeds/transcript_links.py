"""Which of the transcripts a feed item links to (`<podcast:transcript>`) the bot fetches, in order.

An item may offer one transcript in several forms and languages (`themnshow.xml` gives SRT and
WebVTT of one episode). The order, first to last:

1. the feed's language: a link whose `language` has the same main part as the channel's
   `<language>` (`EN` for `en-us`), or none (the namespace says it then is the feed's), before
   links in other languages; a feed that names no language prefers none;
2. the richest form, the order in which the data folder chooses between two transcripts of one
   episode (transcripts/attach.py): WebVTT, Podcasting 2.0 JSON (both say who speaks and when each
   cue ends), SubRip, HTML, plain text; the form comes from `type`, or the URL's extension when the
   type is missing or unknown, and a link of an unknown form comes last (the reader still tells the
   form from the content);
3. a transcript before captions (`rel="captions"`: short lines cut for the screen) of the same form;
4. the feed's order.

The importer tries the first and falls back to the next when it fails (transcripts.py).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.core.episodes.format import MAX_URL
from bot.core.transcripts.attach import PREFERENCE

MAX_LINKS = 10  # per item: a feed is anyone's text, and no host offers more forms than this

# MIME types seen in feeds and in the namespace's documentation, by the extension of their form.
_EXTENSION_OF_TYPE = {
    "text/vtt": ".vtt", "text/webvtt": ".vtt",
    "application/json": ".json", "application/transcript+json": ".json", "text/json": ".json",
    "application/srt": ".srt", "application/x-subrip": ".srt", "text/srt": ".srt", "text/x-srt": ".srt",
    "application/x-srt": ".srt",
    "text/html": ".html", "application/xhtml+xml": ".html",
    "text/plain": ".txt",
}  # fmt: skip


@dataclass(frozen=True)
class TranscriptLink:
    url: str
    type: str | None  # the MIME type the feed gives, e.g. "text/vtt"
    language: str | None = None
    rel: str | None = None


def form_of(link: TranscriptLink) -> str | None:
    """The extension of the link's form (".vtt"), from its type, else its URL; None when unknown."""
    mime = (link.type or "").split(";", 1)[0].strip().lower()
    if mime in _EXTENSION_OF_TYPE:
        return _EXTENSION_OF_TYPE[mime]
    if mime.endswith("+json"):
        return ".json"
    path = urlsplit(link.url).path.lower()
    return next((extension for extension in PREFERENCE if path.endswith(extension)), None)


def ranked(links: list[TranscriptLink], feed_language: str | None) -> tuple[TranscriptLink, ...]:
    """The links in the order they are tried (see the module's note), each URL once."""
    unique = list({link.url: link for link in reversed(links)}.values())[::-1]  # the first of a repeated URL
    wanted = _main_part(feed_language)

    def key(position_and_link: tuple[int, TranscriptLink]) -> tuple[int, int, int, int]:
        position, link = position_and_link
        language = _main_part(link.language)
        foreign = int(bool(wanted and language and language != wanted))
        form = form_of(link)
        richness = PREFERENCE.index(form) if form else len(PREFERENCE)
        captions = int((link.rel or "").strip().lower() == "captions")
        return foreign, richness, captions, position

    return tuple(link for _, link in sorted(enumerate(unique), key=key))


def link_of(attributes: dict[str, str]) -> TranscriptLink | None:
    """A link from a tag's attributes, or None without an http(s) URL."""
    url = html.unescape(attributes.get("url", "")).strip()
    if not url.startswith(("https://", "http://")) or len(url) > MAX_URL:
        return None

    def short(name: str) -> str | None:
        return html.unescape(attributes.get(name, "")).strip()[:100] or None

    return TranscriptLink(url, short("type"), short("language"), short("rel"))


def _main_part(language: str | None) -> str | None:
    return (language or "").strip().lower().replace("_", "-").split("-", 1)[0] or None
