"""Which file in the data folder is an episode's transcript: `<episode file's stem>.transcript.<ext>`
beside it (`ketamine.json` and `ketamine.transcript.vtt`). Such a file is never an episode file."""

from __future__ import annotations

TRANSCRIPT_EXTENSIONS = (".vtt", ".srt", ".json", ".html", ".txt")
_MARK = ".transcript"


def transcript_stem(name: str) -> str | None:
    """The stem of the episode file a transcript's file name belongs to, or None for any other name."""
    base, dot, extension = name.rpartition(".")
    if not dot or f".{extension.lower()}" not in TRANSCRIPT_EXTENSIONS or not base.endswith(_MARK):
        return None
    stem = base[: -len(_MARK)]
    return stem or None


def is_transcript_name(name: str) -> bool:
    return transcript_stem(name) is not None


def transcript_name(episode_stem: str, extension: str) -> str:
    """The file name of the transcript of the episode file `<episode_stem>.json`; `extension` like `.vtt`."""
    return f"{episode_stem}{_MARK}{extension.lower()}"
