"""Every global, filter and context value the templates use, registered here and nowhere else,
so that what a template can call is found in one place."""

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from app import catalogue, form_keys, formats, held_answers, i18n, pwa, sessions
from app.account.labels import role_label
from app.acting import acting_resident, banner_context
from app.apply import summary
from app.apply.labels import (
    district_name,
    question_caption,
    status_label,
    step_label,
    text_kind_label,
)
from app.assets import asset_url
from app.book.labels import when
from app.built_urls import kept_url_for
from app.forms import rendering
from app.listen import texts as listen_texts
from app.preferences import html_classes
from app.services import notifications

FILTERS = {
    "ltr": i18n.ltr,  # a number kept left-to-right in RTL text
    # A name or other typed text kept apart from the sentence, marked with its language
    "bdi": i18n.isolated,
    "money": i18n.money,
    "t": i18n.translate,  # texts from programme definitions
    "local": catalogue.local,  # a station's name or address in the reader's language
    "last_four": pwa.last_four,
    # Dates, times and lists as each language writes them (app/formats.py), never Babel's own
    "day": formats.day,
    "day_with_weekday": formats.day_with_weekday,
    "moment": formats.moment,
    "clock": formats.clock,
    "joined": formats.joined,
}

GLOBALS = {
    # Languages and direction
    "languages": i18n.languages,
    "current_language": i18n.current_language,
    "language_switch_url": i18n.language_switch_url,
    "language_name": i18n.language_name,
    "default_language": i18n.default_language,
    "in_default_language": i18n.in_default_language,
    "written_in": i18n.written_in,  # the language typed text is in, told by its script
    "in_reader_language": i18n.in_reader_language,
    "language_in_reader_language": i18n.language_in_reader_language,
    "sentences": formats.sentences,
    # Files, the offline layer, display settings, one-time form keys
    "asset_url": asset_url,
    "page_script_url": pwa.page_script_url,
    "theme_colour": pwa.THEME_COLOUR,
    "never_keep_page": pwa.never_keep_page,
    "display_classes": html_classes,
    "new_form_key": form_keys.new_key,
    "typed_by": held_answers.typed_by,  # who a question's form was shown to, signed
    # Form components (templates/components/fields.html)
    "input_attrs": rendering.input_attrs,
    "described_by": rendering.described_by,
    "error_anchor": rendering.error_anchor,
    "max_length": rendering.max_length,
    "chosen_labels": rendering.chosen_labels,
    "has_files": rendering.has_files,
    "page_heading": rendering.page_heading,
    # Summary lists and timelines, written in Python (components/summary.html, timeline.html)
    "summary_html": summary.summary_html,
    "documents_by_event": summary.documents_by_event,
    # The "Listen" control (components/listen.html)
    "listening": listen_texts.listening,
    "form_parts": listen_texts.form_parts,
    # Words for codes
    "status_label": status_label,
    "step_label": step_label,
    "text_kind_label": text_kind_label,
    "district_name": district_name,
    "question_caption": question_caption,
    "role_label": role_label,
    "service_title": lambda code: str(catalogue.SERVICE_TITLES[code]),
    "device_title": lambda code: str(catalogue.DEVICE_TITLES[code]),
    "booking_status_label": lambda code: str(catalogue.BOOKING_STATUS_LABELS[code]),
    "station_kind_label": lambda code: str(catalogue.STATION_KIND_LABELS[code]),
    "slot_when": when,
    "notice_headline": notifications.headline,
    "notice_explanation": notifications.explanation,
    "step_explanation": notifications.step_explanation,
    # The staff session's warning (static/js/session.js)
    "session_timing_to_warn": sessions.timing_to_warn,
    "session_warning_before": sessions.WARNING_BEFORE_IDLE_END,
    "session_total_warning_before": sessions.WARNING_BEFORE_TOTAL_END,
}


_fragments: dict[tuple, Markup] = {}
MOST_FRAGMENTS = 1024


def kept_fragment(name: str, *key, caller) -> Markup:
    """A part of the layout that is the same for every reader of a language (the footer, the
    head's links), rendered once per language and kept: `{% call kept_fragment("footer") %}`.
    Only for parts without anything of the reader's: `key` names whatever else it depends on.
    Rendered each time in debug mode, where templates change."""
    if current_app.debug:
        return caller()
    found_key = (name, str(get_locale()), request.script_root, *key)
    found = _fragments.get(found_key)
    if found is None:
        if len(_fragments) >= MOST_FRAGMENTS:  # a key with a count in it, say: keep the newest
            _fragments.pop(next(iter(_fragments)))
        found = _fragments[found_key] = Markup(caller())
    return found


def macros_of(template: str, *names: str):
    """Macros of a components template, for `{% set a, b = macros_of("components/x.html",
    "a", "b") %}` in place of `{% from "components/x.html" import a, b %}`: the same macros
    (an import is "without context" too), of the module Jinja makes of that template once
    (`Template.module`). An import makes Jinja compare the page's globals with the
    component's at every render (some sixty names, a set difference through a ChainMap),
    which costs more than most of what a page writes. One macro alone comes as itself."""
    module = current_app.jinja_env.get_template(template).module
    found = tuple(getattr(module, name) for name in names)
    return found[0] if len(found) == 1 else found


def unread_messages() -> dict:
    """How many messages wait unread, for the header's link; only residents have messages."""
    if not current_user.is_authenticated or current_user.is_staff:
        return {"unread_messages": 0}
    return {"unread_messages": notifications.unread_count(acting_resident())}


def init_app(app: Flask) -> None:
    # Flask-Babel's own date filters write CLDR's formats: app/formats.py's replace them.
    for name in ("dateformat", "datetimeformat", "timeformat"):
        app.jinja_env.filters.pop(name, None)
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)
    app.jinja_env.globals["url_for"] = kept_url_for
    app.jinja_env.globals["kept_fragment"] = kept_fragment
    app.jinja_env.globals["macros_of"] = macros_of
    app.context_processor(banner_context)
    app.context_processor(unread_messages)
