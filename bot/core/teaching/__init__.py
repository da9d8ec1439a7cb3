"""The community teaches the bot (issue 19): votes under answers, "did you mean" picks and
moderators' /teach make confirmed pairs (question -> chapter) per server; a later question close to
one, in words or in meaning, answers with its chapter, and a chapter voted down drops for it.

rules.py holds what counts (normalizing a question, closeness, the bound on how far votes move
a result for others, the report's groups); store.py the SQL, written once for SQLite and
PostgreSQL; service.py what the bot calls (a server's snapshot, votes, /teach, undo, report,
clear, retention); asked.py the answers shown recently, which buttons under them refer to.
"""

from bot.core.teaching.asked import Asked, AskedAnswers
from bot.core.teaching.rules import Pair, member_hash, normalize
from bot.core.teaching.service import Taught, Teaching, TeachingLimits

__all__ = ["Asked", "AskedAnswers", "Pair", "Taught", "Teaching", "TeachingLimits", "member_hash", "normalize"]
