-- Version 2, feeds (issue 11): the episode fields feeds bring, and each feed's state between polls.
ALTER TABLE episodes ADD COLUMN people TEXT NOT NULL DEFAULT '[]';  -- JSON, as in SQLite: one row maker for both
ALTER TABLE episodes ADD COLUMN published TEXT;
ALTER TABLE episodes ADD COLUMN number INTEGER;
ALTER TABLE episodes ADD COLUMN transcript_url TEXT;
ALTER TABLE episodes ADD COLUMN transcript_type TEXT;
CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    folder TEXT NOT NULL,
    podcast TEXT NOT NULL,
    interval INTEGER NOT NULL,
    etag TEXT,
    last_modified TEXT,
    body_digest TEXT,
    last_attempt DOUBLE PRECISION,
    last_success DOUBLE PRECISION,
    last_error TEXT,
    failing_since DOUBLE PRECISION,
    paused BOOLEAN NOT NULL,
    episode_count INTEGER NOT NULL,
    announce_channel_id BIGINT,
    failures INTEGER NOT NULL
);
CREATE TABLE feed_items (
    feed_url TEXT NOT NULL REFERENCES feeds (url) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    episode_id TEXT NOT NULL,
    path TEXT NOT NULL,
    written TEXT NOT NULL,
    source_digest TEXT NOT NULL,
    PRIMARY KEY (feed_url, guid)
);
