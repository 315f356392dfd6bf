"""Recordings of texts read aloud by espeak-ng, kept as small MP3 files (decision 14).

A recording is named by a hash of what it says, in which voice, made how: the same name always
holds the same sound, so browsers may keep it for a year. Pages note the text they want read
(`wanted`), a small file beside the recordings; the first request for the name makes the
recording (`recording`). Only texts the app itself shows are noted (questions, hints, error
messages): never anything a person typed, so neither the address nor the store holds personal
data, and nobody can make the server record a text of their choosing.

Two requests for a new recording at once make it once: the second waits on a lock, then reads
the file the first wrote whole (written beside it and renamed into place)."""

import fcntl
import functools
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from flask import current_app

from app.listen import voices

# Part of every name: when the way of making recordings changes, every address does too.
MAKER = "espeak-ng 1.51, lame mono 24 kbit/s"
CONTENT_TYPE = "audio/mpeg"
SUFFIX = ".mp3"
TOOLS = ("espeak-ng", "lame")
NAME_LENGTH = 32


@functools.cache
def available() -> bool:
    """Whether this machine can make recordings (Debian: apt-get install espeak-ng lame)."""
    return all(shutil.which(tool) for tool in TOOLS)


def name_of(text: str, voice: str) -> str:
    return hashlib.sha256(f"{MAKER}\n{voice}\n{text}".encode()).hexdigest()[:NAME_LENGTH]


def _folder() -> Path:
    return Path(current_app.config["RECORDINGS_FOLDER"])


def _write_whole(path: Path, content: bytes) -> None:
    """Written beside, then renamed: a reader sees the whole file or none."""
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as part:
        part.write(content)
    os.replace(part.name, path)


# Texts this process has seen noted already, by folder: a page shown again looks at no file.
_noted: set[tuple[str, str]] = set()


def wanted(text: str, voice: str) -> str:
    """Notes a text to be read in a voice, if new; returns its recording's name."""
    name = name_of(text, voice)
    folder = _folder()
    if (str(folder), name) in _noted:
        return name
    note = folder / f"{name}.json"
    if not note.exists():
        folder.mkdir(parents=True, exist_ok=True)
        _write_whole(note, json.dumps({"voice": voice, "text": text}).encode())
    _noted.add((str(folder), name))
    return name


def text_of(name: str) -> str | None:
    """The text a recording says (tests and figures compare its length with the sound's)."""
    note = _folder() / f"{name}.json"
    return json.loads(note.read_text())["text"] if note.exists() else None


def all_wanted() -> set[str]:
    """The names of every text a page has asked to be read."""
    folder = _folder()
    return {note.stem for note in folder.glob("*.json")} if folder.exists() else set()


def is_made(name: str) -> bool:
    return (_folder() / f"{name}{SUFFIX}").exists()


def recording(name: str) -> Path | None:
    """The recording's file, made now if it is wanted and not made yet; None if not wanted."""
    folder = _folder()
    audio = folder / f"{name}{SUFFIX}"
    if audio.exists():
        return audio
    note = folder / f"{name}.json"
    if not note.exists():
        return None
    with note.open("rb") as locked:
        fcntl.flock(locked, fcntl.LOCK_EX)  # the one making it finishes before another looks
        if not audio.exists():
            wish = json.loads(locked.read())
            _write_whole(audio, make(wish["text"], wish["voice"]))
    return audio


def make(text: str, voice: str) -> bytes:
    """The text read by espeak-ng in `voice`, as MP3: mono, 24 kbit/s, enough for speech."""
    speech = subprocess.run(
        ["espeak-ng", "-v", voice, "-b", "1", "--stdout"],  # -b 1: the text is UTF-8, on stdin
        input=voices.as_read(text, voice).encode(),
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    return subprocess.run(
        ["lame", "--quiet", "-m", "m", "-b", "24", "-", "-"],
        input=speech,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
