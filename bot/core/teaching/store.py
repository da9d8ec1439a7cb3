"""The teaching records in the database, in SQL written once for SQLite and PostgreSQL
(Storage.run_sql and read_sql; the tables are migration 0003's)."""

from __future__ import annotations

from bot.core.db import Storage
from bot.core.teaching.rules import Pair

# The votes of each (question, chapter) of a server: distinct members, since one member has one
# vote per question and chapter (the table's key).
_PAIRS = """
SELECT question, chapter_id,
       SUM(CASE WHEN vote > 0 AND moderator = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN vote < 0 AND moderator = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN moderator = 1 THEN vote ELSE 0 END),
       MAX(at)
FROM teach_votes WHERE guild_id = ? GROUP BY question, chapter_id
"""


class TeachingStore:
    def __init__(self, store: Storage) -> None:
        self._db = store

    async def pairs(self, guild_id: int) -> list[Pair]:
        rows = await self._db.read_sql(_PAIRS, guild_id)
        return [Pair(str(q), str(c), int(h), int(n), int(m), float(at)) for q, c, h, n, m, at in rows]  # type: ignore[arg-type]

    async def vote_of(self, guild_id: int, question: str, chapter_id: str, member: str) -> int:
        """The member's vote on the pair: 1, -1, or 0 for none."""
        rows = await self._db.read_sql(
            "SELECT vote FROM teach_votes WHERE guild_id = ? AND question = ? AND chapter_id = ? AND member = ?",
            guild_id, question, chapter_id, member,
        )  # fmt: skip
        return int(rows[0][0]) if rows else 0  # type: ignore[call-overload]

    async def vote(self, guild_id: int, question: str, chapter_id: str, member: str, vote: int, *, moderator: bool, at: float) -> None:
        """Cast or change the member's one vote on the pair."""
        await self._db.run_sql(
            "INSERT INTO teach_votes VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, question, chapter_id, member) "
            "DO UPDATE SET vote = excluded.vote, moderator = excluded.moderator, at = excluded.at",
            guild_id, question, chapter_id, member, vote, int(moderator), at,
        )  # fmt: skip

    async def forget(self, guild_id: int, question: str, chapter_id: str) -> int:
        """Every vote on the pair (a moderator's undo); how many there were."""
        return await self._db.run_sql(
            "DELETE FROM teach_votes WHERE guild_id = ? AND question = ? AND chapter_id = ?", guild_id, question, chapter_id
        )

    async def miss(self, guild_id: int, question: str, at: float) -> None:
        await self._db.run_sql("INSERT INTO teach_misses VALUES (?, ?, ?)", guild_id, question, at)

    async def not_found(self, guild_id: int, since: float) -> list[tuple[str, str]]:
        """(question, what happened) since `since`: "no answer" per miss, "voted down" per vote down."""
        misses = await self._db.read_sql("SELECT question FROM teach_misses WHERE guild_id = ? AND at >= ?", guild_id, since)
        down = await self._db.read_sql(
            "SELECT question FROM teach_votes WHERE guild_id = ? AND at >= ? AND vote < 0", guild_id, since
        )
        return [(str(q), "no answer") for (q,) in misses] + [(str(q), "voted down") for (q,) in down]

    async def clear(self, guild_id: int) -> int:
        """Everything kept for the server; how many records there were."""
        votes = await self._db.run_sql("DELETE FROM teach_votes WHERE guild_id = ?", guild_id)
        return votes + await self._db.run_sql("DELETE FROM teach_misses WHERE guild_id = ?", guild_id)

    async def purge(self, before: float) -> int:
        """Every record older than `before`, in every server (the retention limit); how many."""
        votes = await self._db.run_sql("DELETE FROM teach_votes WHERE at < ?", before)
        return votes + await self._db.run_sql("DELETE FROM teach_misses WHERE at < ?", before)
