"""Text folding shared by the index and the questions, so both sides see words the same way."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

# Quotes and dashes people paste from show notes or phones; folded before anything else.
# Hyphens join words ("K‑hole"), and so does an en dash, often typed for one ("micro–dosing");
# an em dash separates them ("ketamine—dose").
_PUNCTUATION = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "‐": "-", "‑": "-", "–": "-", "—": " "}
)
APOSTROPHES = re.compile(r"(?<=[a-z0-9])'(?=[a-z])")
_NON_WORD = re.compile(r"[^a-z0-9-]+")
_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Words that carry no topic: English function words, and the verbs and fillers of conversation
# ("does it help", "why does it matter", "what's the difference"). Left in, they count as
# unmatched words and make real questions look off-topic; a question made only of them is still
# searched as typed (see search.py).
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any anything are as at be because been
    before being below between both but by can could did do does doing done down during each
    either else even ever every few for from further get gets getting got had has have having he
    her here hers him his how i if in into is it its itself just let lets like me might more
    most much must my no nor not now of off on once only or other our out over own same she
    should so some something such than that the their them then there these they thing things
    this those through to too under until up us very was we were what whats when where which
    while who whom why will with would you your yours
    isnt arent wasnt werent dont doesnt didnt cant couldnt wont wouldnt shouldnt hasnt havent
    actually basically really maybe perhaps probably usually always never often still already
    say says said talk talks talked tell tells told explain explains explained discuss discusses
    discussed mention mentions mentioned describe describes described
    know want need mean means think thought happen happens matter matters
    help helps helped make makes made way ways
    cause causes caused feel feels affect affects affected go goes going come comes
    good bad best better worse regular normal people person someone somebody anyone everyone
    different difference kind sort lot lots
    episode episodes podcast show guy host question
    """.split()
)

_stemmers = threading.local()


def fold(text: str) -> str:
    """Lowercase ASCII-ish text: accents, typographic quotes and punctuation folded away."""
    if not text.isascii():  # ASCII has no typographic punctuation, accents or compatibility forms
        text = unicodedata.normalize("NFKD", text.translate(_PUNCTUATION))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = APOSTROPHES.sub("", text)  # "K-hole's" -> "k-holes", not "k-hole s"
    return _NON_WORD.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """The words of `text`, a hyphenated compound as one joined word ("micro-dosing" -> "microdosing").

    One-letter words are dropped: "R-, S-" and the "K" of "K-holes" say nothing on their own.
    """
    return [w.replace("-", "") for w in _WORDS.findall(fold(text)) if len(w) > 1]


def compound_parts(text: str) -> list[str]:
    """The parts of the hyphenated compounds in `text`, so "micro dosing" also finds "micro-dosing"."""
    return [p for w in _WORDS.findall(fold(text)) if "-" in w for p in w.split("-") if len(p) > 1]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The word's Snowball stem, remembered: a reload stems only the words new to the process."""
    # A Snowball stemmer keeps state while it stems, and a reload builds its index in a worker
    # thread while questions are stemmed on the event loop: so one stemmer per thread.
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


def clip(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut with "…" where it had to be."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
