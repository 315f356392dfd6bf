"""Error pages in the user's language, with the right status code."""

from flask import redirect, render_template, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app import held_answers

PAGES = {400, 403, 404, 413, 500}


def _render(code: int):
    page = code if code in PAGES else (400 if 400 <= code < 500 else 500)
    return render_template(f"errors/{page}.html"), code


def handle_http_error(error: HTTPException):
    return _render(error.code or 500)


def handle_csrf_error(error: CSRFError):
    """The form's security token is missing or from another session: the session ended
    (expired, or the browser forgot it), or the person signed in again in another tab. A
    question's answer is kept for the account that typed it (app/held_answers.py)."""
    typist = held_answers.hold()
    if typist:
        if current_user.is_authenticated:  # signed in again meanwhile: straight back to it
            return redirect(held_answers.held(current_user).page, 303)
        # In the question's language: the cookie that kept it may have gone with the session.
        return redirect(url_for("auth.answer_kept", lang=typist.language), 303)
    return render_template("errors/csrf.html"), 400


def init_app(app) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(500, lambda error: _render(500))
