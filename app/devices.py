"""A cookie that tells one phone or computer from another, so that limits on sign-in codes can
say "on this phone or computer" truthfully (see services.rate_limits).

It is a random value with nothing personal in it or behind it: no account, no number, no
record but an hour's count of codes. HttpOnly and SameSite=Lax like the app's other cookies;
anyone can drop it, which gives them a fresh count, so it is never the only defence.
"""

import re
import secrets

from flask import after_this_request, g, request

from app import preferences

COOKIE = "device"
WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{22}")


def this_device() -> str:
    """This phone or computer's value; a new one, kept in the response, when it has none."""
    value = request.cookies.get(COOKIE, "")
    if WELL_FORMED.fullmatch(value):
        return value
    if "new_device" not in g:
        g.new_device = secrets.token_urlsafe(16)

        @after_this_request
        def remember(response):
            preferences.remember(response, COOKIE, g.new_device)
            return response

    return g.new_device
