"""Languages: choosing one per request, switching, and keeping numbers readable in RTL text."""

from urllib.parse import urlencode

from flask import current_app, has_request_context, redirect, request
from flask_babel import format_currency, get_locale, gettext
from flask_login import current_user
from markupsafe import Markup, escape

from app import preferences
from app.local_urls import path_of_this_site
from app.services import accounts

LANGUAGE_COOKIE = "lang"


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


def isolated(value) -> Markup:
    """Keeps a name or other text typed by someone, in any script, apart from the sentence."""
    return Markup("<bdi>%s</bdi>") % escape(value)


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
    app.before_request(switch_language)
