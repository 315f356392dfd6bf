"""The catalogue of the page's language, found once a request, and the translation functions
that go through it: for templates, and lazy strings for Python (form labels, services' names).

Nothing of the app is imported here, so that any module may translate lazily."""

from babel import support
from flask import g
from flask_babel import Domain, get_domain
from flask_babel.speaklater import LazyString
from markupsafe import Markup


def catalogue() -> support.NullTranslations:
    """The catalogue of the page's language, or of the one force_locale() asks for.

    A page asks for a hundred translations or more, and Flask-Babel finds the locale and the
    catalogue anew through its request context each time. The catalogue found is kept where
    Flask-Babel keeps its context's locale (force_locale() empties it and puts it back), so
    that each later translation costs one lookup."""
    try:
        found = g._flask_babel.babel_translations
    except AttributeError:  # nothing translated yet in this context
        found = None
    except RuntimeError:  # outside the app: no language chosen
        return support.NullTranslations()
    if found is None:
        found = Domain.get_translations(get_domain())
        g._flask_babel.babel_translations = found
    return found


class KeptCatalogue(Domain):
    """Flask-Babel's domain, for gettext() and lazy strings in Python, with `catalogue()`."""

    def get_translations(self):
        return catalogue()


def template_gettext(text: str, /, **values) -> Markup:
    """`_()` and `gettext()` in templates, as Jinja's i18n extension makes them ("newstyle":
    values put in after the translation, escaped), in one call instead of three. Every
    template is HTML (autoescaped), so the translation is Markup."""
    return Markup(catalogue().ugettext(text)) % values


def template_ngettext(singular: str, plural: str, count: int, /, **values) -> Markup:
    values.setdefault("num", count)
    return Markup(catalogue().ungettext(singular, plural, count)) % values


def template_pgettext(context: str, text: str, /, **values) -> Markup:
    values.setdefault("context", context)
    return Markup(catalogue().upgettext(context, text)) % values


def template_npgettext(context: str, singular: str, plural: str, count: int, /, **values) -> Markup:
    values.setdefault("context", context)
    values.setdefault("num", count)
    return Markup(catalogue().unpgettext(context, singular, plural, count)) % values


def init_app(app) -> None:
    """Flask-Babel's gettext and lazy strings through `catalogue()`, and templates' _(),
    gettext, ngettext and pgettext in place of those Flask-Babel installed (with Jinja's i18n
    extension, which stays)."""
    app.extensions["babel"].instance.domain_instance = KeptCatalogue()
    app.jinja_env.globals.update(
        _=template_gettext,
        gettext=template_gettext,
        ngettext=template_ngettext,
        pgettext=template_pgettext,
        npgettext=template_npgettext,
    )


def gettext(text: str, **values) -> str:
    """As Flask-Babel's gettext, through `catalogue()`."""
    translated = catalogue().ugettext(text)
    return translated % values if values else translated


def lazy_gettext(text: str, **values) -> LazyString:
    """As Flask-Babel's lazy_gettext (the same LazyString), translated through `catalogue()`
    when shown: a form's labels and messages are shown on every page that asks them."""
    return LazyString(gettext, text, **values)
