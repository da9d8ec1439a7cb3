"""An episode from show notes (or a chapters JSON) a moderator uploads, for a podcast without a feed.

The file is read as UTF-8 text, never run or kept as it is: it goes through the same show-notes
reader as `ingest`, and only the episode file made from it is written, into the podcast's folder in
the data folder. An episode that exists is never overwritten (it may hold summaries written by hand).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.episodes import Episode, InvalidData
from bot.core.episodes.codec import dump_episode
from bot.core.episodes.files import write_atomically
from bot.core.episodes.format import ID_PATTERN, slug
from bot.core.shownotes.chapters import read_chapters
from bot.core.shownotes.reader import parse_show_notes

MAX_UPLOAD = 512 * 1024  # show notes are a few kilobytes; this is generous


class UploadRefused(Exception):
    """The upload made no episode; the message says why (each problem with its line)."""


@dataclass(frozen=True)
class Uploaded:
    episode: Episode
    path: Path
    warnings: list[str]


def episode_from_upload(
    data: bytes, filename: str, data_dir: Path, known_ids: set[str], *, podcast: str | None, title: str | None
) -> Uploaded:
    if len(data) > MAX_UPLOAD:
        raise UploadRefused(f"{filename} is {len(data) // 1024} KB; show notes of at most {MAX_UPLOAD // 1024} KB are read")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise UploadRefused(f"{filename} is not UTF-8 text (byte {error.start}); save it as UTF-8 and upload it again") from None
    name = Path(filename).name
    episode_id = slug(Path(name).stem, 64)
    if not ID_PATTERN.match(episode_id):
        raise UploadRefused(f"cannot make an episode id from the file name {name!r}; rename the file")
    if episode_id in known_ids:
        raise UploadRefused(f"an episode with the id {episode_id!r} exists; rename the file to add another")
    if text.lstrip().startswith("{"):
        episode, warnings = _from_chapters_json(text, name, episode_id, podcast=podcast, title=title)
    else:
        if title:
            text = f"{title.strip()}\n\n{text}"
        try:
            ingested = parse_show_notes(text, Path(name), episode_id=episode_id, podcast=podcast)
        except InvalidData as error:
            raise UploadRefused("\n".join(str(p) for p in error.problems)) from None
        episode, warnings = ingested.episode, [str(w) for w in ingested.warnings]
    target = data_dir / (slug(episode.podcast, 40) or "podcast") / f"{episode_id}.json"  # as a feed names its folder
    if target.exists():
        raise UploadRefused(f"{target.relative_to(data_dir)} exists; rename the file to add another episode")
    try:
        write_atomically(target, dump_episode(episode))
    except OSError as error:  # a full or read-only disk: nothing was added, and the moderator hears why
        raise UploadRefused(f"cannot write {target.relative_to(data_dir)}: {error.strerror or error}") from None
    return Uploaded(episode, target, warnings)


def _from_chapters_json(
    text: str, name: str, episode_id: str, *, podcast: str | None, title: str | None
) -> tuple[Episode, list[str]]:
    """A Podcasting 2.0 chapters JSON holds chapters only: the title and podcast come with the upload."""
    if not title or not podcast:
        raise UploadRefused(f"{name} is a chapters JSON, which names no episode: give title: and podcast: with it")
    listed = read_chapters(text)
    if not listed.chapters:
        raise UploadRefused(f"{name}: {listed.problem}")
    duration = (listed.chapters[-1].start // 60 + 1) * 60  # unknown: the minute after the last chapter starts
    episode = Episode(id=episode_id, title=title.strip(), podcast=podcast.strip(), duration=duration, chapters=listed.chapters)
    return episode, [f"{name}: {w}" for w in listed.warnings]
