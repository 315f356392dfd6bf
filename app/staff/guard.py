"""The one guard of every staff page (app/staff/__init__.py puts it on the /staff blueprint,
whose children are the caseworkers' office, the figures and administration): staff only, in a
session begun with their passkey, and no copy of the page kept anywhere."""

from functools import wraps

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app import sessions
from app.access import has_staff_power
from app.extensions import login_manager
from app.models import Role


def never_kept(response):
    """Staff pages hold many residents' data: no copy on the device, not even for offline use."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


def admit_staff():
    """Everyone else gets 404; a staff account signed in with a code is signed out and asked
    for its passkey (a stolen number must never reach residents' files)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_staff:
        abort(404)
    if not has_staff_power(current_user):
        logout_user()
        sessions.end()
        flash(_("Staff sign in with a passkey."))
        return redirect(url_for("auth.sign_in"))
    return None


def for_roles(*roles: Role):
    """A before-request check for a blueprint whose pages are for some roles only."""

    def check():
        if current_user.role not in roles:
            abort(404)

    return check


def roles(*allowed: Role):
    """The same for one view, where a blueprint's pages differ."""

    def decorate(view):
        @wraps(view)
        def checked(*args, **kwargs):
            for_roles(*allowed)()
            return view(*args, **kwargs)

        return checked

    return decorate
