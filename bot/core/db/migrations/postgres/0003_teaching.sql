-- Version 3, teaching (issue 19): what members and moderators taught the bot, per server.
-- A vote: one per member, question and chapter. `member` is a keyed hash (HMAC) of the member's id,
-- never the id; `question` is the question as normalized (bot/core/teaching/rules.py).
CREATE TABLE teach_votes (
    guild_id BIGINT NOT NULL,
    question TEXT NOT NULL,
    chapter_id TEXT NOT NULL,
    member TEXT NOT NULL,
    vote INTEGER NOT NULL,
    moderator INTEGER NOT NULL,
    at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (guild_id, question, chapter_id, member)
);
CREATE TABLE teach_misses (
    guild_id BIGINT NOT NULL,
    question TEXT NOT NULL,
    at DOUBLE PRECISION NOT NULL
);
CREATE INDEX teach_misses_by_guild ON teach_misses (guild_id, at);
