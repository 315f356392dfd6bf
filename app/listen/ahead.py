"""Recordings made ahead of time (`flask recordings`), so the first resident to press "Listen"
on a question waits for nothing: every programme's question pages in every language the server
reads aloud, and any text a page has asked for that is not made yet (booking steps, errors)."""

from collections.abc import Iterator
from dataclasses import dataclass
from time import perf_counter

from flask import current_app
from flask_babel import force_locale

from app import programmes
from app.apply.forms import add_another
from app.i18n import translate
from app.listen import recordings, voices
from app.listen.texts import form_parts, spoken
from app.translations import lazy_gettext as _l


def _question_texts() -> Iterator[str]:
    """What "Listen" reads on each programme's question pages, before any answer or error."""
    for programme in programmes.all_programmes():
        for page in programme.steps:
            form = page.form(formdata=None, meta={"csrf": False})
            if page.group:  # the list page's question, and the first item's page
                listing = add_another(page)(formdata=None, meta={"csrf": False})
                yield spoken(*form_parts(listing, translate(page.spec.heading)))
                form.heading = _l(page.group.item, num=1)
            yield spoken(*form_parts(form))


@dataclass
class Made:
    recordings: int = 0
    made_now: int = 0
    bytes: int = 0
    seconds: float = 0.0  # spent making the ones made now


def make_all() -> Made:
    """Makes what is missing; says how many there are, their size and the time it took."""
    made = Made()
    names = set()
    with current_app.test_request_context():
        for code in current_app.config["LANGUAGES"]:
            if voice := voices.voice_of(code):
                with force_locale(code):
                    names |= {recordings.wanted(t, voice) for t in _question_texts()}
    names |= recordings.all_wanted()
    for name in sorted(names):
        fresh = not recordings.is_made(name)
        started = perf_counter()
        path = recordings.recording(name)
        if fresh:
            made.made_now += 1
            made.seconds += perf_counter() - started
        made.recordings += 1
        made.bytes += path.stat().st_size
    return made
