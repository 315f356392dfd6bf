"""Error pages in the user's language, with the right status code."""

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

PAGES = {400, 403, 404, 413, 500}


def _render(code: int):
    page = code if code in PAGES else (400 if 400 <= code < 500 else 500)
    return render_template(f"errors/{page}.html"), code


def handle_http_error(error: HTTPException):
    return _render(error.code or 500)


def handle_csrf_error(error: CSRFError):
    # The form's security token is missing or from another session (cookies cleared, say).
    return render_template("errors/csrf.html"), 400


def init_app(app) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(500, lambda error: _render(500))
