"""How much a request may send, decided before anything reads it.

Every form but an upload is a few kilobytes, so a body over MAX_CONTENT_LENGTH (1 MB) is
refused with 413 before it is read, on every route and before sign-in. A view marked
`takes_uploads` accepts up to MAX_UPLOAD_LENGTH, and only as a form with files
(multipart/form-data) from a signed-in person: a stranger can never make us read 60 MB.
"""

from flask import current_app, request
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from app.extensions import login_manager


def takes_uploads(view):
    """Marks a view whose form carries files."""
    view.takes_uploads = True
    return view


def allow_uploads():
    """Before anything reads the body: raises the limit for an upload from a signed-in person;
    a stranger's upload is sent to sign in, its body unread."""
    view = current_app.view_functions.get(request.endpoint)
    if not getattr(view, "takes_uploads", False) or request.mimetype != "multipart/form-data":
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    request.max_content_length = current_app.config["MAX_UPLOAD_LENGTH"]
    return None


class IdConverter(IntegerConverter):
    """`<int:...>` in an address: a number the database can hold (a signed 64-bit integer).
    A longer one is a 404 like any unknown id, not an error from the database driver."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**63 - 1, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app) -> None:
    app.url_map.converters["int"] = IdConverter
    # First of the functions run before a view: CSRF protection reads the form, so the limit
    # must be set before it.
    app.before_request_funcs.setdefault(None, []).insert(0, allow_uploads)
