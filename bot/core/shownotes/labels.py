"""Words in notes that label something other than a chapter, and headings that open a chapter list,
in the languages of the notes met so far. Compared after clean_title and casefold."""

from __future__ import annotations

import re

# "Dauer: 5:16:10" is the episode's length; "Sendungsbeginn: 22:35:15" a wall-clock time.
NOT_CHAPTERS = frozenset(
    """duration dauer durée duree duración duracion duração duracao durata duur längd length länge runtime
    laufzeit running time time zeit heure hora date datum fecha published veröffentlicht recorded
    aufgenommen enregistré grabado sendungsbeginn sendungsende start beginn ende air date live""".split()
) | {"running time", "air date", "recorded on", "published on"} | {"total", "total time", "total length", "gesamtzeit", "gesamtlänge", "gesamtdauer", "durée totale", "duración total"}
# ("Total Time: 25:50" closing a timeline is the episode's length, not its last chapter.)

# "Kapitel: 00:00 Intro" has its first chapter on the heading's line.
LIST_HEADINGS = frozenset(
    """timestamps timestamp chapters chapter kapitel kapitelmarken capítulos capitulos capitoli capitolo
    chapitres chapitre sections outline contents inhalt themen topics agenda índice indice inhoud
    hoofdstukken 目次 チャプター""".split()
) | {"time stamps", "time links", "show notes", "episode chapters", "in this episode", "in dieser folge",
     "in dieser episode", "dans cet épisode", "en este episodio", "in this show"}


def is_list_heading(text: str) -> bool:
    return text.casefold() in LIST_HEADINGS

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september"
    "|october|november|december|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril"
    "|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto"
    "|septiembre|octubre|noviembre|diciembre"
)
# "8 October: tarot talk (17:00)", "Sat, Mar 16, 2024, 1:30 PM": an event's date and clock time.
_DATED = re.compile(
    rf"(?:\d{{1,2}}\.?\s{{0,3}}(?:{_MONTHS})\b|(?:{_MONTHS})\.?\s{{0,3}}\d{{1,2}}\b|\d{{4}}-\d{{2}}-\d{{2}})", re.I
)


# "Duración (H:M:S): Palabra 00:59:54": a length, labelled, with what it measures after the label.
LENGTH_LABELS = frozenset(
    """duration dauer durée duree duración duracion duração duracao durata duur längd length länge runtime
    laufzeit spieldauer gesamtlänge gesamtdauer""".split()
) | {"running time", "total time", "total length"}
_LABEL = re.compile(r"([^:(]{1,40}?)\s{0,3}(?:\([^()]{0,20}\))?\s{0,3}:")


def is_not_chapter(title: str) -> bool:
    """A label ("Dauer", "Sendungsbeginn"), a labelled length or a dated event, not a chapter title."""
    label = _LABEL.match(title)
    return (
        title.casefold() in NOT_CHAPTERS
        or (label is not None and label[1].casefold() in LENGTH_LABELS)
        or _DATED.match(title) is not None
    )
