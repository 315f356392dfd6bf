"""What the "Listen" control says, and how a page's language says it aloud.

It reads what the page asks: the question, its hint and any error, never an answer: the words
come from the programme definitions and the app's messages, the same for everyone."""

import re
from dataclasses import dataclass

from flask import request, url_for
from flask_babel import gettext
from markupsafe import Markup, escape

from app import i18n
from app.forms.rendering import page_heading
from app.listen import recordings, voices

# Ends a sentence in any of our scripts; a part without one gets a full stop (a Chinese one
# after a Chinese character), so the voice pauses between the question and its hint.
SENTENCE_ENDS = ".!?。！？؟:："  # noqa: RUF001 (Chinese and Arabic-script punctuation)


# A value isolated in <bdi> (app/i18n.py) was typed by someone (a file's name in an error) or
# is a personal number: never read, so that a recording is the same for everyone.
ISOLATED = re.compile(r"<bdi\b[^>]*>.*?</bdi>", re.S)


def _sentence(part) -> str:
    html = part.__html__() if hasattr(part, "__html__") else str(escape(part))
    text = " ".join(Markup(ISOLATED.sub("", html)).striptags().split())
    if not text or text[-1] in SENTENCE_ENDS:
        return text
    return text + ("。" if "\u4e00" <= text[-1] <= "\u9fff" else ".")


def spoken(*parts) -> str:
    """Parts (plain text or Markup) as one text to read, each its own sentence."""
    return " ".join(s for s in map(_sentence, filter(None, parts)) if s)


def form_parts(form, heading=None) -> list:
    """A question page's words: that there is a problem, if there is, its heading, then each
    question's label (unless it is the heading), hint and first error."""
    heading = heading or page_heading(form)
    parts = [gettext("There is a problem") if form.errors else None, heading]
    for field in form.answer_fields():
        if str(field.label.text) != str(heading):
            parts.append(field.label.text)
        parts += [field.description, field.errors[0] if field.errors else None]
    return [p for p in parts if p]


@dataclass(frozen=True)
class Listening:
    """How the page's language is read aloud: a recording made on the server (`recording`,
    its address), or the phone's own voice (`device_lang`, the tag to ask it for)."""

    text: str
    recording: str | None = None
    device_lang: str | None = None


def for_residents() -> bool:
    """Listen is for residents: staff pages (all under /staff) have none."""
    return (request.blueprint or "").split(".")[0] != "staff"


def listening(*parts) -> Listening | None:
    """For the template's "Listen" control (components/listen.html); None when there is
    nothing to read, on a staff page, or when the server cannot make recordings."""
    text = spoken(*parts)
    language = i18n.current_language()
    voice = voices.voice_of(language["code"])
    if not text or not for_residents() or (voice and not recordings.available()):
        return None
    if not voice:
        return Listening(text, device_lang=language["tag"])
    name = recordings.wanted(text, voice)
    return Listening(text, recording=url_for("listen.recording", name=name))
