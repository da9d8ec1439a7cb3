"""The video in an episode's notes that is the episode itself, if the notes say there is one.

An answer's link opens the episode at the chapter's moment, so only a link that is the episode may
carry the timestamp. Notes link many videos: clips, trailers and talks the hosts mention ("The eBay
Promo video"), none of them the episode. A YouTube link is taken only where the notes present it as
the episode, in the link's own text or the words just before it on its line: "Watch this episode on
YouTube", "Watch on YouTube", "Full episode on YouTube", "Video version", "Diese Folge auf YouTube",
"Regarder sur YouTube", "Ver en YouTube" ... When in doubt there is no video: none presented, or two
different ones.

Written without an HTML parser: each of the first hundred links is judged on a few hundred characters
around it, so notes of any size and nesting take time linear in their length.
"""

from __future__ import annotations

import html
import re
from itertools import islice

_VIDEO = re.compile(r"https?://(?:www\.|m\.)?(?:youtube\.com/watch\?v=|youtu\.be/)[\w-]{11}")
_WINDOW = 300  # characters of notes before a link, and after it for its text, that are read
_MOST_LINKS = 100  # videos judged: notes presenting their episode do so long before their hundredth link
# Where the words that introduce a link begin: a new line, a block of HTML, or just after another link.
_LINE_START = re.compile(
    r"\n|<(?:br|/?(?:p|div|li|ul|ol|h[1-6]|tr|td|table|blockquote|section|article|dd|dt|hr|pre))\b[^<>]{0,200}>"
    r"|https?://[^\s\"'<>]{1,300}",
    re.I,
)
_TAG = re.compile(r"<[^<>]{0,300}>")
_HREF = re.compile(r"""href\s{0,3}=\s{0,3}["']?$""", re.I)

_EP = r"(?:episode|show|interview|conversation|podcast|ep\.?)"
_THIS = r"(?:this|the|today'?s|this week'?s|our)"
# Each alternative names the episode or is a player's own "watch it there" line; words between are
# fixed, so "Watch the trailer on YouTube" or "Marco's video review" is no match.
_PRESENTS_EPISODE = re.compile(
    "|".join([
        # English
        rf"\bwatch(?: {_THIS})?(?: (?:full|whole|entire))?(?: {_EP})? (?:on|at|via) youtube\b",
        rf"\bwatch(?: {_THIS})? (?:full|whole|entire) {_EP}\b",
        rf"\bwatch {_THIS} (?:video version|video of {_THIS} {_EP}|{_EP} video)\b",
        rf"\b(?:full|whole|entire|{_THIS}(?: full)?) {_EP} (?:is )?(?:also )?(?:available )?(?:on|at) youtube\b",
        rf"\b(?:video|youtube) version\b|\bvideo of {_THIS}(?: full)? {_EP}\b|\b{_EP} on video\b",
        # German
        r"\b(?:diese|die ganze|die komplette|die gesamte|die heutige|die) (?:folge|episode|sendung)"
        r" (?:gibt es )?(?:auch )?(?:als video )?(?:auf|bei) youtube\b",
        r"\b(?:auf|bei) youtube (?:ansehen|anschauen|schauen|sehen)\b|\bvideo (?:zur|dieser|der) (?:folge|episode|sendung)\b",
        r"\b(?:die )?(?:folge|episode|sendung) als video\b",
        # French
        r"\b(?:regarder|regardez|voir)(?: (?:l'|cet |le |la )?(?:épisode|émission|emission))?(?: (?:complet|complète|entier))?"
        r" (?:sur|en) youtube\b",
        r"\b(?:l'|cet )épisode (?:complet )?(?:en vidéo|sur youtube)\b",
        # Spanish, Portuguese, Italian, Dutch
        r"\b(?:ver|mira|míralo|verlo)(?: (?:el |este )?(?:episodio|programa))?(?: completo)? en youtube\b",
        r"\b(?:episodio|programa) completo en youtube\b",
        r"\b(?:assista|assistir|veja)(?: (?:ao |o )?(?:episódio|programa))?(?: completo)? no youtube\b",
        r"\bguarda(?: (?:l'episodio|la puntata))?(?: (?:completo|completa))? su youtube\b",
        r"\bbekijk(?: (?:deze|de) aflevering)? op youtube\b",
    ]),
    re.I,
)  # fmt: skip


def episode_video(notes: str) -> str | None:
    """The one YouTube video the notes present as the episode, or None."""
    links = islice(_VIDEO.finditer(notes), _MOST_LINKS)
    presented = {link[0] for link in links if _PRESENTS_EPISODE.search(_label(notes, link))}
    return presented.pop() if len(presented) == 1 else None


def _label(notes: str, link: re.Match[str]) -> str:
    """The words that introduce the link on its line, and its own text when it is an HTML link."""
    window_start = max(0, link.start() - _WINDOW)
    before = notes[window_start : link.start()]
    if _HREF.search(before):
        # <a href="URL">its text</a>: the words before start before the tag.
        before = before[: before.rfind("<")] if "<" in before else before
        after = notes[link.end() : link.end() + _WINDOW]
        tag_end, close = after.find(">"), after.lower().find("</a>")
        own_text = after[tag_end + 1 : close] if -1 < tag_end < close else ""
    else:
        own_text = ""
    starts = [match.end() for match in _LINE_START.finditer(before)]
    before = before[starts[-1] :] if starts else before
    text = _TAG.sub(" ", f"{before} {own_text}")
    return " ".join(html.unescape(text).replace("’", "'").split())
