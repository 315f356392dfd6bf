"""Languages: choosing one per request, switching, keeping numbers readable in RTL text, and
marking the language of text people typed."""

import re
from functools import cache
from urllib.parse import urlencode

from babel import Locale
from babel.core import get_global, parse_locale
from babel.support import Translations
from flask import current_app, has_request_context, redirect, request
from flask_babel import force_locale, format_currency, get_locale, gettext
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
    return _best_match() or current_app.config["BABEL_DEFAULT_LOCALE"]


def _best_match() -> str | None:
    """The browser's most wanted language the service speaks: by its code or tag (`ug`,
    `kk-Arab-CN`), else by its language alone, region and script aside (`kk-CN` and `kk` are
    Kazakh in Arabic script, the only Kazakh here; `zh-TW` is Chinese)."""
    by_name = {}
    for code, language in languages().items():
        by_name.setdefault(_language_of(code), code)
        by_name[code.lower().replace("_", "-")] = by_name[language["tag"].lower()] = code
    for wish, quality in request.accept_languages:
        wish = wish.lower().replace("_", "-")
        if quality > 0 and (found := by_name.get(wish) or by_name.get(_language_of(wish))):
            return found
    return None


def _language_of(code: str) -> str:
    return re.split(r"[-_]", code, maxsplit=1)[0].lower()


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


def default_language() -> dict:
    return languages()[current_app.config["BABEL_DEFAULT_LOCALE"]]


def in_default_language(message: str) -> str:
    """A message in the default language (Chinese) whatever the page's: the line that says a
    page's translation is not reviewed yet says it in Chinese too."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return gettext(message)


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
    that script, or of those sharing it (Uyghur and Kazakh write Arabic letters) the one whose
    letters it uses. None when the text mixes scripts or has none of theirs (digits, Latin),
    and when its letters are in every alphabet of its script."""
    scripts = {script for script, letters in SCRIPT_LETTERS.items() if letters.search(text)}
    if len(scripts) != 1:
        return None
    codes = [code for code in languages() if script_of(code) in scripts]
    if len(codes) > 1:  # a script shared: the languages whose alphabet holds every letter
        (script,) = scripts
        typed = set(SCRIPT_LETTERS[script].findall(text))
        codes = [code for code in codes if typed <= alphabet(code, script)]
    return codes[0] if len(codes) == 1 else None


@cache
def alphabet(code: str, script: str) -> frozenset[str]:
    """The letters of `script` the language's catalogue writes: Uyghur's ئ ې ۈ are not
    Kazakh's, Kazakh's ٴ is not Uyghur's, so a name typed with one of them tells its language."""
    catalogue = Translations.load(current_app.config["BABEL_TRANSLATION_DIRECTORIES"], [code])
    # `_catalog`: gettext's dict of every translation, which it offers no public way to list.
    written = "".join(
        "".join(value) if isinstance(value, tuple) else value
        for value in catalogue._catalog.values()
    )
    return frozenset(SCRIPT_LETTERS[script].findall(written))


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


def yuan(amount) -> str:
    """An amount as the reader's language writes money; the sign is "¥" in every language
    (CLDR gives Kazakh in Arabic script "CN¥")."""
    return format_currency(amount, "CNY").replace("CN¥", "¥")


def money(amount) -> Markup:
    return ltr(yuan(amount))


def translate(text: str, **values) -> str:
    return gettext(text, **values)


def init_app(app) -> None:
    translations.init_app(app)
    app.before_request(switch_language)
