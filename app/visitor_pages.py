"""Pages a visitor reads before signing in (home, a programme's start page, the accessibility
statement, the privacy notice), rendered once and served again to every visitor.

Such a page holds nothing of the person reading it: only the language, the display settings
and the address, which are the key it is kept by. What differs for each visitor are the tokens
of its forms (the CSRF token, made from the visitor's own session key, and the one-time form
key): they are kept as placeholders and made afresh for every visitor it is served to. A page
is kept for at most a minute, so that what an administrator changes (a programme's dates)
shows within a minute or two, as with the programme windows themselves (services/admin.py).

Never kept or served: for anyone signed in, for a session that holds anything (a message to
show, a sign-in in progress), for a request with other cookies, and in debug mode.
"""

import time
from functools import wraps

from flask import current_app, g, request, session
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf

from app import devices, form_keys, preferences
from app.i18n import LANGUAGE_COOKIE
from app.models.base import local_today
from app.sessions import current

KEPT_FOR_SECONDS = 60
MOST_KEPT = 512
# The cookies a visitor may have (those the key holds, and those no such page reads); with any
# other, the page is made as usual.
KNOWN_COOKIES = frozenset(
    {
        "session",
        "__Host-session",
        LANGUAGE_COOKIE,
        preferences.DISPLAY_COOKIE,
        preferences.PASSKEY_OFFER_DECLINED,
        devices.COOKIE,
    }
)
CSRF_PLACEHOLDER = "\x00csrf\x00"
FORM_KEY_PLACEHOLDER = "\x00form-key\x00"


def _kept() -> dict[tuple, tuple[float, str]]:
    return current_app.extensions.setdefault("visitor_pages", {})


def _key() -> tuple | None:
    """What the page depends on, or None when it must be made for this visitor alone."""
    if (
        request.method != "GET"
        or current_app.debug
        or current().record is not None
        or session
        or not KNOWN_COOKIES.issuperset(request.cookies)
    ):
        return None
    return (
        request.endpoint,
        request.script_root,
        request.full_path,
        str(get_locale()),
        preferences.html_classes(),
        local_today(),
    )


def _served(html: str) -> str:
    """A kept page with this visitor's own tokens."""
    html = html.replace(CSRF_PLACEHOLDER, generate_csrf())
    while FORM_KEY_PLACEHOLDER in html:
        html = html.replace(FORM_KEY_PLACEHOLDER, form_keys.new_key(), 1)
    return html


def _keep(key: tuple, html: str) -> None:
    token = g.get("csrf_token")
    if token:
        html = html.replace(token, CSRF_PLACEHOLDER)
    for made in g.get("form_keys_made", ()):
        html = html.replace(made, FORM_KEY_PLACEHOLDER)
    kept = _kept()
    if len(kept) >= MOST_KEPT:
        kept.pop(next(iter(kept)))
    kept[key] = (time.monotonic() + KEPT_FOR_SECONDS, html)


def kept_for_visitors(view):
    """A view whose page, for a visitor, is the same for every visitor (see the module)."""

    @wraps(view)
    def served_or_made(*args, **kwargs):
        key = _key()
        found = _kept().get(key) if key else None
        if found and found[0] > time.monotonic():
            return _served(found[1])
        page = view(*args, **kwargs)
        if key and isinstance(page, str) and not session and not g.get("never_keep_page"):
            _keep(key, page)
        return page

    return served_or_made


def forget_all() -> None:
    """After a change these pages show (an administrator's, in this process), and for tests."""
    _kept().clear()
