"""What the bot calls to learn from its community, per server, over the shared database.

A question reads its server's snapshot (`Taught`): the pairs that apply to everyone, with their
vectors, read from the database at most every `refresh_seconds` (so a vote cast in another process
of a sharded bot counts within that time; this process's own writes count at once). The snapshot
adjusts an answer the search gave: search itself is not touched.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Callable, Mapping, Sequence

import numpy as np

from bot.core.db import DATABASE_ERRORS, Storage
from bot.core.search import Answer, Match, SearchIndex
from bot.core.search.semantic import shared_questions
from bot.core.teaching.asked import Asked, AskedAnswers
from bot.core.teaching.expansion import expanded_answer
from bot.core.teaching.rules import Pair, Wordings, groups, member_hash, normalize
from bot.core.teaching.store import TeachingStore

log = logging.getLogger(__name__)

KEY_META = "teaching-member-key"  # where the member key is kept when the environment sets none
PURGE_EVERY = 6 * 3600.0
DAY = 86400.0
READ_WAIT = 1.0  # seconds a question waits for its server's teaching from the database
EMBED_AT_ONCE = 64  # taught questions embedded before an answer (a fraction of a second); more, in the background
VECTORS_KEPT = 100_000  # about 150 MB at most

Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class TeachingLimits:
    needed: int = 2  # distinct members whose votes make a pair apply to everyone (a moderator alone does)
    keep_days: float = 90.0  # votes and misses older than this are deleted
    report_days: float = 30.0  # what the moderators' report covers
    refresh_seconds: float = 10.0  # how stale a server's snapshot may be


def model_embed() -> Embed | None:
    """The sentence model's vectors of normalized questions, when the model is there: the search's
    own embedder (semantic.shared_questions), so that a question asked is embedded once."""
    return shared_questions()


class Taught:
    """One server's pairs that apply to everyone: confirmed ones answer, dropped ones drop."""

    def __init__(self, pairs: Sequence[Pair], needed: int, vectors: Mapping[str, np.ndarray], embed: Embed | None) -> None:
        self._confirmed = Wordings([p for p in pairs if p.verdict(needed) > 0], vectors)
        self._dropped = Wordings([p for p in pairs if p.verdict(needed) < 0], vectors)
        self._embed = embed

    def __bool__(self) -> bool:
        return bool(self._confirmed.pairs or self._dropped.pairs)

    def adjust(self, query: str, answer: Answer, index: SearchIndex, *, limit: int) -> Answer:
        """The answer as the server taught it: the chapter confirmed for the closest taught question
        first; else the taught chapter that the search, with the server's taught questions as part of
        its chapters' text, ranks first and answers (expansion.py); chapters voted down for a close
        question left out. A question about a whole episode keeps its episode, and the search's
        confidence stays with its best chapter: it is kept only while that chapter still comes first."""
        if not self or answer.episodes or index.chapter(query) is not None:  # or a chapter picked by its id
            return answer
        question = normalize(query)
        # The search embedded this question a moment ago: the shared embedder gives its vector back.
        vector = self._embed([question])[0] if self._embed is not None else None
        drops = {p.chapter_id for p in self._dropped.close(question, vector)}
        taught = self._first([p for p in self._confirmed.close(question, vector) if p.chapter_id not in drops], index)
        if taught is None:
            taught = expanded_answer(query, question, vector, self._confirmed, drops, answer, index)
        results = [m for m in answer.results if m.chapter_id not in drops]
        if taught is not None:
            results = [taught, *(m for m in results if m.chapter_id != taught.chapter_id)]
        suggestions = [] if results else [m for m in answer.suggestions if m.chapter_id not in drops]
        searched_first = answer.results[:1] == results[:1]  # also when neither has a result
        return replace(answer, results=results[:limit], suggestions=suggestions, confidence=answer.confidence if searched_first else None)

    @staticmethod
    def _first(pairs: list[Pair], index: SearchIndex) -> Match | None:
        """The chapter of the first pair whose chapter the catalog still has."""
        return next((m for p in pairs for m in [index.chapter(p.chapter_id)] if m is not None), None)


class Teaching:
    def __init__(self, store: Storage, limits: TeachingLimits = TeachingLimits(), *, key: str | None = None,
                 embed: Callable[[], Embed | None] = model_embed, clock: Callable[[], float] = time.time) -> None:  # fmt: skip
        self._store = store
        self._records = TeachingStore(store)
        self.limits = limits
        self._key = key.encode() if key else None
        self._embed = embed
        self._clock = clock
        self._snapshots: dict[int, tuple[float, Taught]] = {}
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()  # taught questions' vectors, every server's
        self._embedding: dict[int, asyncio.Task[None]] = {}  # servers whose questions are being embedded
        self.asked = AskedAnswers()

    async def start(self) -> None:
        """Settle the key members are hashed with: the environment's, else one kept in the database."""
        if self._key is not None:
            return
        await self._store.run_sql("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO NOTHING", KEY_META, secrets.token_hex(32))
        self._key = bytes.fromhex(await self._store.get_meta(KEY_META) or "")
        log.info("SEGMENT_BOT_MEMBER_KEY is not set: members' votes are hashed with a key kept in the database")

    def member(self, guild_id: int, member_id: int) -> str:
        if self._key is None:
            raise RuntimeError("Teaching.start() was not awaited")
        return member_hash(self._key, guild_id, member_id)

    async def taught(self, guild_id: int) -> Taught:
        """The server's snapshot, read again when older than refresh_seconds."""
        now = self._clock()
        kept = self._snapshots.get(guild_id)
        if kept is not None and now - kept[0] < self.limits.refresh_seconds:
            return kept[1]
        try:
            # A question waits for the database this long at most: PostgreSQL's reconnecting would
            # take it past Discord's 3 seconds.
            pairs = await asyncio.wait_for(self._records.pairs(guild_id), READ_WAIT)
        except (*DATABASE_ERRORS, TimeoutError) as error:  # answer as before (or untaught) rather than not at all
            log.error("teaching: cannot read server %s's teaching (%s); using what was read before", guild_id, error or "too slow")
            stale = kept[1] if kept is not None else Taught((), self.limits.needed, {}, None)
            self._snapshots[guild_id] = (now, stale)  # the next look in refresh_seconds, not at every question
            return stale
        applying = [p for p in pairs if p.verdict(self.limits.needed)]
        embed = self._embed() if applying else None
        if embed is not None:
            await self._vectors_of([p.question for p in applying], embed, guild_id)
        # The vectors this server needs, taken here (the background embedding adds to the shared
        # ones on this loop); the snapshot is made in a thread: thousands of pairs take a third of a
        # second to prepare, which no question should wait behind.
        vectors = {q: v for q in dict.fromkeys(p.question for p in applying) if (v := self._vectors.get(q)) is not None}
        taught = await asyncio.to_thread(Taught, applying, self.limits.needed, vectors, embed)
        self._snapshots[guild_id] = (now, taught)
        return taught

    async def _vectors_of(self, questions: list[str], embed: Embed, guild_id: int) -> None:
        """Embed the questions that have no vector yet: at once when few, else in the background (the
        server's questions compare in words meanwhile, and its snapshot is read again when done), so
        that no answer waits for many."""
        missing = [q for q in dict.fromkeys(questions) if q not in self._vectors]
        if not missing:
            return
        if len(missing) <= EMBED_AT_ONCE:
            self._keep(missing, await asyncio.to_thread(embed, missing))
        elif guild_id not in self._embedding:
            self._embedding[guild_id] = asyncio.create_task(self._embed_later(missing, embed, guild_id))

    async def _embed_later(self, missing: list[str], embed: Embed, guild_id: int) -> None:
        try:
            self._keep(missing, await asyncio.to_thread(embed, missing))
            self._snapshots.pop(guild_id, None)
        finally:
            del self._embedding[guild_id]

    def _keep(self, questions: list[str], vectors: np.ndarray) -> None:
        for question, vector in zip(questions, vectors):
            self._vectors[question] = vector
            self._vectors.move_to_end(question)
        while len(self._vectors) > VECTORS_KEPT:
            self._vectors.popitem(last=False)

    async def vote(self, guild_id: int, question: str, chapter_id: str, member_id: int, vote: int, *, moderator: bool) -> bool:
        """Cast the member's vote on (question, chapter); False when that same vote already stood."""
        member, question = self.member(guild_id, member_id), normalize(question)
        if await self._records.vote_of(guild_id, question, chapter_id, member) == vote:
            return False
        await self._records.vote(guild_id, question, chapter_id, member, vote, moderator=moderator, at=self._clock())
        self._snapshots.pop(guild_id, None)
        return True

    async def pairs(self, guild_id: int) -> list[Pair]:
        """Every pair with votes in the server, most recent first."""
        return sorted(await self._records.pairs(guild_id), key=lambda p: -p.last_at)

    async def undo(self, guild_id: int, pair_key: str) -> Pair | None:
        """Forget every vote on the pair named by `pair_key` (Pair.key); the pair, or None if unknown."""
        pair = next((p for p in await self._records.pairs(guild_id) if p.key == pair_key), None)
        if pair is not None:
            await self._records.forget(guild_id, pair.question, pair.chapter_id)
            self._snapshots.pop(guild_id, None)
        return pair

    async def missed(self, guild_id: int, question: str) -> None:
        """A question that got no answer, for the report (not kept, and logged, when the database fails)."""
        try:
            await self._records.miss(guild_id, normalize(question), self._clock())
        except DATABASE_ERRORS as error:
            log.error("teaching: an unanswered question could not be noted (server %s): %s", guild_id, error)

    def shown(self, guild_id: int, question: str, matches: Sequence[Match]) -> str:
        """Remember an answer (or suggestions) shown; the key the components under it carry."""
        return self.asked.add(Asked(guild_id, normalize(question), tuple(m.chapter_id for m in matches)))

    async def report(self, guild_id: int) -> list[tuple[str, dict[str, int]]]:
        """What the server could not find in the last report_days: close wordings grouped, counted."""
        rows = await self._records.not_found(guild_id, self._clock() - self.limits.report_days * DAY)
        return await asyncio.to_thread(groups, rows)

    async def clear(self, guild_id: int) -> int:
        self._snapshots.pop(guild_id, None)
        return await self._records.clear(guild_id)

    async def purge(self) -> int:
        """Delete what is older than the retention limit, in every server."""
        self._snapshots.clear()
        return await self._records.purge(self._clock() - self.limits.keep_days * DAY)

    async def purge_forever(self) -> None:
        """purge() now and every PURGE_EVERY seconds (the once-only work of one process)."""
        while True:
            try:
                if removed := await self.purge():
                    log.info("teaching: %d record(s) older than %g days deleted", removed, self.limits.keep_days)
            except DATABASE_ERRORS:  # a database fault: try again next time, never stop the bot
                log.exception("teaching: deleting old records failed")
            await asyncio.sleep(PURGE_EVERY)
