"""The family matrix, round 18 (matrix.py): a title too long for a Discord reply with no sentence end to cut
it after (a run of names or games, a listener's question without its question mark, a paragraph in a
language without spaces) keeps its moment, cut after its last whole word with `…`, when such titles are
at most half the list; when most of the list is such paragraphs (a transcript's turns), they stay dropped
and the notes are refused. A time whose colon slipped (a quote typed for it, `26‘48`, or a space after it, `15: 30`)
in order among a list's colon times, a quoted list's `>` before it. Each case with the list a careful reader
takes for a bot that must fit a reply, and guards where the text is what it seems."""

from __future__ import annotations

from collections.abc import Iterator

from tests.core.shownotes.matrix import Case, clock, expected

_GAMES = ", ".join(f"Spiel Nummer {n} mit dem langen Namen" for n in range(1, 9))  # 8 x 34 characters, commas only
_QUESTION = ("Hallo ihr zwei ich höre euch seit einem Jahr jeden Morgen auf dem Weg zur Arbeit und frage mich "
             "seitdem wie ihr eure Gäste findet und ob ihr sie vorher trefft oder erst im Studio kennenlernt und "
             "wie lange so eine Folge vorbereitet wird")
_ZH = "，".join(["这一段我们聊到了城市里的老房子和住在里面的人们怎样度过漫长的冬天"] * 8)  # 33 x 8 characters, no sentence end


def _cut(text: str, limit: int = 199) -> str:
    """What a careful reader keeps of a long title in a 200-character reply: the words that fit, then `…`."""
    head = text[:limit]
    return (head.rsplit(" ", 1)[0] if " " in head else head).rstrip(" ,;:") + "…"


def _long_titles() -> Iterator[Case]:
    """One entry of a list of short topics too long for a reply, with no sentence end to cut after."""
    de = [(0, "Begrüßung"), (312, f"Blättern im alten Heft: {_GAMES}"), (1490, "Hörerpost"), (2405, "Verabschiedung")]
    read = [(s, _cut(t)) if len(t) > 200 else (s, t) for s, t in de]
    assert read[1][1].endswith("Spiel Nummer 5 mit dem…") and len(read[1][1]) == 195  # the words that fit, no comma before the mark
    yield "a run of names past 200 characters, plain lines", "".join(f"{clock(s, False, True)} {t}\n" for s, t in de), expected(read)
    es = [(65, "Presentación"), (730, "Las noticias"), (1820, f"Pregunta de Ana: {_QUESTION}"), (2930, "Despedida")]
    html = "<ul>" + "".join(f"<li>({clock(s, True, True)}) {t}</li>" for s, t in es) + "</ul>"
    yield "a listener's question without a question mark, HTML items", html, expected([(s, _cut(t)) if len(t) > 200 else (s, t) for s, t in es])
    zh = [(0, "开场"), (421, _ZH), (1802, "听众来信"), (2710, "结尾")]
    yield "a paragraph without spaces or a sentence end, full-width colons", "".join(f"{clock(s, False, True)}：{t}\n" for s, t in zh), expected(
        [(s, t[:199] + "…") if len(t) > 200 else (s, t) for s, t in zh])
    flat = [(0, "Intro"), (540, f"Mailbag: {_QUESTION}"), (1500, "Wrap-up"), (2100, "Outtakes")]
    yield "a long entry in a flattened list with bullets", " • ".join(f"[{clock(s, True, True)}] {t}" for s, t in flat) + "\n", expected(
        [(s, _cut(t)) if len(t) > 200 else (s, t) for s, t in flat])


def _turns() -> Iterator[Case]:
    """Guards: most of the list is paragraphs with no sentence end within reach, a transcript's turns."""
    turns = [(12, f"Anna {_QUESTION}"), (95, f"Ben {_GAMES}"), (170, f"Anna {_GAMES}"), (260, "Ben ja")]
    yield "no list: turns too long for a reply, most of the list", "".join(f"[{clock(s, True, True)}] {t}\n" for s, t in turns), None


_SLIPS = [(0, "Bienvenida"), (245, "Las noticias"), (1008, "La entrevista"), (1930, "Preguntas"), (2710, "Despedida")]


def _slipped_colons() -> Iterator[Case]:
    """One time of a colon list typed with a quote for its colon or a space after it, in order between its neighbours."""
    def typed(slip: str) -> str:
        return "".join(f"> {clock(s, False, True).replace(':', slip) if n == 2 else clock(s, False, True)} {t}\n" for n, (s, t) in enumerate(_SLIPS))
    yield "a quote typed for the colon, a quoted list", typed("’"), expected(_SLIPS)
    yield "a prime typed for the colon, a quoted list", typed("′"), expected(_SLIPS)
    html = "".join(f"{clock(s, False, False).replace(':', ': ') if n == 3 else clock(s, False, False)} – {t}<br />\n" for n, (s, t) in enumerate(_SLIPS))
    yield "a space after the colon, HTML lines with dashes", html, expected(_SLIPS)
    aside = "".join(f"{clock(s, False, True)} {t}\n" for s, t in _SLIPS[:3]) + "Teil 2: 30 Leute im Saal\n" + "".join(
        f"{clock(s, False, True)} {t}\n" for s, t in _SLIPS[3:])
    yield "a number after a colon out of the list's order is no time", aside, expected(_SLIPS)


ROUND18_FAMILIES = (_long_titles, _turns, _slipped_colons)
