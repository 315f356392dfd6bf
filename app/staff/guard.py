"""What every staff page shares: only staff who signed in with a passkey, and no copy kept."""

from functools import wraps

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app import sessions
from app.access import has_staff_power
from app.models import Role


def never_kept(response):
    """Staff pages hold many residents' data: no copy on the device, not even for offline use."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


def staff_only(*roles: Role):
    """Staff of these roles (any, when none are named), signed in with a passkey. Everyone else
    gets 404; a staff account signed in with a code is signed out and asked for its passkey."""

    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not current_user.is_staff or (roles and current_user.role not in roles):
                abort(404)
            if not has_staff_power(current_user):
                logout_user()
                sessions.end()
                flash(_("Staff sign in with a passkey."))
                return redirect(url_for("auth.sign_in"))
            return view(*args, **kwargs)

        return guarded

    return decorate
