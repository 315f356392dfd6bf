"""Which languages the server reads aloud, and with which espeak-ng voice: those phones rarely
speak (decision 14). A language without one is read by the phone's own voice (Chinese).

espeak-ng's Kazakh voice reads Cyrillic only: Kazakh is given to it through app/listen/kazakh.py.
"""

from collections.abc import Callable

from app.listen import kazakh

VOICES = {"ug": "ug", "kk_Arab_CN": "kk"}
# What a voice is given in place of the page's text, where it reads another script.
READ_AS: dict[str, Callable[[str], str]] = {"kk": kazakh.to_cyrillic}


def voice_of(code: str) -> str | None:
    return VOICES.get(code)


def as_read(text: str, voice: str) -> str:
    return READ_AS.get(voice, str)(text)
