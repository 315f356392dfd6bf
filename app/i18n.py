"""Languages: choosing one per request, switching, keeping numbers readable in RTL text, and
marking the language of text people typed."""

import re
from functools import cache
from urllib.parse import urlencode

from babel import Locale
from babel.core import get_global, parse_locale
from flask import current_app, has_request_context, redirect, request
from flask_babel import format_currency, get_locale, gettext
from flask_login import current_user
from markupsafe import Markup, escape

from app import preferences, translations
from app.local_urls import path_of_this_site
from app.services import accounts

LANGUAGE_COOKIE = "lang"
# The letters of each script a language of the site is written in (Babel's script codes).
SCRIPT_LETTERS = {
    "Hans": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
    "Arab": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
}


def languages() -> dict[str, dict]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    """Chosen language (cookie), else the browser's preference, else the default."""
    if not has_request_context():  # a command: callers choose with force_locale()
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages():
        return chosen
    return request.accept_languages.best_match(
        languages(), default=current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def current_language() -> dict:
    return languages()[str(get_locale())]


def switch_language():
    """`?lang=ug` on any page: remember the choice and show the same page in it."""
    code = request.args.get("lang")
    if request.method != "GET" or code is None:
        return None
    rest = {k: v for k, v in request.args.items(multi=True) if k != "lang"}
    # The path as sent may hold a tab or a backslash that a browser would read as another site.
    response = redirect(path_of_this_site(request.path) + (f"?{urlencode(rest)}" if rest else ""))
    if code in languages():
        preferences.remember(response, LANGUAGE_COOKIE, code)
        if current_user.is_authenticated:
            # Kept on the account too: messages we send later are written in it.
            accounts.set_locale(current_user, code)
    return response


def language_switch_url(code: str) -> str:
    args = {k: v for k, v in request.args.items(multi=True) if k != "lang"}
    return path_of_this_site(request.path) + "?" + urlencode({**args, "lang": code})


def ltr(value) -> Markup:
    """Keeps an ID number, phone number, reference or amount left-to-right inside RTL text."""
    return Markup('<bdi dir="ltr">%s</bdi>') % escape(value)


@cache
def script_of(code: str) -> str | None:
    """The script a language is written in: its own (`kk_Arab`), else the likely one (`ug`)."""
    language, _territory, script, *_ = parse_locale(code)
    return script or parse_locale(get_global("likely_subtags").get(language, code))[2]


def written_in(text: str) -> str | None:
    """The language of typed text, told by its script: the one language of the site written in
    that script. None when the text mixes scripts or has none of theirs (digits, Latin), and
    when several languages share its script (Uyghur and Kazakh both write Arabic letters)."""
    scripts = {script for script, letters in SCRIPT_LETTERS.items() if letters.search(text)}
    if len(scripts) != 1:
        return None
    codes = [code for code in languages() if script_of(code) in scripts]
    return codes[0] if len(codes) == 1 else None


def isolated(value, language: str | None = None) -> Markup:
    """Keeps a name or other text typed by someone (an address, a caseworker's words), in any
    script, apart from the sentence, and marks its language so that a screen reader reads it
    with the right voice: `language` (a code) when known, marked always; else the one its
    script tells (`written_in`), marked when it is not the page's (Chinese in a Uyghur page)."""
    code = language or written_in(str(value))
    if code is None or (language is None and code == str(get_locale())):
        return Markup("<bdi>%s</bdi>") % escape(value)
    spec = languages()[code]
    return Markup('<bdi lang="%s" dir="%s">%s</bdi>') % (spec["tag"], spec["dir"], escape(value))


def language_in_reader_language(code: str) -> str:
    """A language's name in the language of the page ("خەنزۇچە" for Chinese in Uyghur)."""
    reader = Locale.parse(str(get_locale()))
    return reader.languages.get(Locale.parse(code).language) or languages()[code]["name"]


def in_reader_language(original: str, translations: dict | None) -> tuple[str, str | None]:
    """Words a member of staff wrote, and the translations they wrote beside them: the one in
    the reader's language and its code when there is one, else the original and None (its
    language is then told by its script)."""
    reader = str(get_locale())
    translated = (translations or {}).get(reader)
    return (translated, reader) if translated else (original, None)


def with_names(translated: str, **names) -> Markup:
    """A translated sentence with names put in, each isolated (see `isolated`)."""
    return escape(translated) % {key: isolated(value) for key, value in names.items()}


class LazyMarkup:
    """Markup made when it is shown, so in the language of the page (a form label, say)."""

    def __init__(self, make):
        self.make = make

    def __html__(self) -> Markup:
        return self.make()

    def __str__(self) -> str:
        return str(self.make())


def language_name(language: dict) -> Markup:
    """A language's own name, marked as being in that language, inside a sentence of another."""
    return Markup('<span lang="%s" dir="%s">%s</span>') % (
        language["tag"],
        language["dir"],
        language["name"],
    )


def money(amount) -> Markup:
    return ltr(format_currency(amount, "CNY"))


def translate(text: str, **values) -> str:
    return gettext(text, **values)


def init_app(app) -> None:
    translations.init_app(app)
    app.before_request(switch_language)
