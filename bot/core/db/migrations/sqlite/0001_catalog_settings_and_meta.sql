-- Version 1: the catalog (episodes and their chapters), per-server settings, and the bot's meta values.
CREATE TABLE episodes (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    podcast TEXT NOT NULL,
    title TEXT NOT NULL,
    duration INTEGER NOT NULL,
    description TEXT NOT NULL,
    url TEXT,
    note TEXT
);
CREATE TABLE chapters (
    episode_id TEXT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    keywords TEXT NOT NULL,  -- a JSON list of strings
    PRIMARY KEY (episode_id, position)
);
CREATE TABLE guild_settings (
    guild_id INTEGER PRIMARY KEY,
    mod_role_id INTEGER
);
CREATE TABLE guild_channels (
    guild_id INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
