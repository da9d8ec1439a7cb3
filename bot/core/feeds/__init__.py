"""Podcast feeds in, episode files out, kept current. No Discord here.

    fetch.py     HTTP with a guard against internal addresses, size and time limits, conditional requests
    entries.py   a feed's bytes -> the podcast's name and one FeedEntry per episode (feedparser)
    raw.py       what is read from the XML itself (items, people, numbers), and the cut of a hostile body
    videos.py    the video the notes present as the episode, if any
    chapters.py  an entry's chapters from the most trusted source it has
    merge.py     a refreshed episode merged with its file, keeping hand edits
    importer.py  one refresh of one feed: fetch, read, write what is new or changed
    service.py   add / remove / list / refresh, and the polling loop (poll_forever)
    state.py     what is remembered per feed (kept by the database, bot/core/db)
"""
