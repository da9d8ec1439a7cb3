-- Version 3, teaching (issue 19): what members and moderators taught the bot, per server.
-- A vote: one per member, question and chapter. `member` is a keyed hash (HMAC) of the member's id,
-- never the id; `question` is the question as normalized (bot/core/teaching/rules.py).
CREATE TABLE teach_votes (
    guild_id INTEGER NOT NULL,
    question TEXT NOT NULL,
    chapter_id TEXT NOT NULL,  -- episode@start, as autocomplete values name chapters
    member TEXT NOT NULL,
    vote INTEGER NOT NULL,  -- 1: it helped (or was picked, or taught), -1: not this one
    moderator INTEGER NOT NULL,  -- 1 when a moderator cast it: it applies to everyone at once
    at REAL NOT NULL,  -- seconds since the epoch; older than the retention limit is deleted
    PRIMARY KEY (guild_id, question, chapter_id, member)
);
-- Questions that got no answer, for the moderators' report.
CREATE TABLE teach_misses (
    guild_id INTEGER NOT NULL,
    question TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX teach_misses_by_guild ON teach_misses (guild_id, at);
