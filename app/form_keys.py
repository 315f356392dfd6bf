"""Every form carries a one-time key, so that sending the same form twice acts once.

A phone that kept an answer offline sends it again when the network returns, and cannot know
whether its first try reached us; people double-tap. The key with a digest of the answers is
recorded before the view runs. The same key with the same answers again is redirected to where
the first send went; the same key with different answers (back, change, send) is new work.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app, g, redirect, request
from flask_login import current_user
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.local_urls import path_of_this_site
from app.models import SentForm
from app.models.base import utcnow

FIELD = "form_key"
# Long enough for a phone to come back online; after that a send is simply new work.
KEPT_FOR = timedelta(days=2)
# Never part of the digest: a queued send comes back with a fresh CSRF token.
NOT_ANSWERS = {"csrf_token", FIELD}


def new_key() -> str:
    key = secrets.token_urlsafe(12)
    # Noted, so that a page kept for every visitor (app/visitor_pages.py) can leave it out.
    g.setdefault("form_keys_made", []).append(key)
    return key


def digest(form, files, key: bytes) -> str:
    """What was sent, as one value: text answers, and each file's name and content. Keyed with
    the server's secret: a form holding only an ID number would otherwise be found from a copy
    of this table by hashing guesses (decision 13)."""
    hashed = hmac.new(key, digestmod=hashlib.sha256)
    for name, value in sorted(form.items(multi=True)):
        if name not in NOT_ANSWERS:
            hashed.update(f"{name}\0{value}\0".encode())
    for name, upload in sorted(files.items(multi=True), key=lambda item: item[0]):
        content = upload.stream.read()
        upload.stream.seek(0)
        hashed.update(f"{name}\0{upload.filename}\0".encode())
        hashed.update(hashlib.sha256(content).digest())
    return hashed.hexdigest()


def _digest_key() -> bytes:
    secret = current_app.secret_key
    return secret if isinstance(secret, bytes) else secret.encode()


def claim():
    """Before the view: record this send, or answer a repeated one as the first was answered."""
    if request.method != "POST" or not current_user.is_authenticated:
        return None
    key = request.form.get(FIELD, "")
    if not key or len(key) > 32:
        return None
    answers = digest(request.form, request.files, _digest_key())
    db.session.execute(
        delete(SentForm).where(
            SentForm.user_id == current_user.id, SentForm.at < utcnow() - KEPT_FOR
        )
    )
    sent = SentForm(user_id=current_user.id, key=key, digest=answers)
    db.session.add(sent)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        earlier = db.session.scalar(
            select(SentForm.location).where(
                SentForm.user_id == current_user.id,
                SentForm.key == key,
                SentForm.digest == answers,
            )
        )
        # Still being handled (two sends at once): the page itself shows how it went.
        return redirect(earlier or path_of_this_site(request.path), 303)
    g.sent_form_id = sent.id
    return None


def settle(response):
    """After the view: keep where a successful send went; forget one that was not accepted,
    so that the same form may be corrected and sent again."""
    sent_id = g.pop("sent_form_id", None)
    if sent_id is None:
        return response
    db.session.rollback()
    if response.status_code in (302, 303) and response.location:
        db.session.execute(
            update(SentForm).where(SentForm.id == sent_id).values(location=response.location)
        )
    else:
        db.session.execute(delete(SentForm).where(SentForm.id == sent_id))
    db.session.commit()
    return response


def init_app(app) -> None:
    # After CSRF protection (registered earlier): a forged send learns nothing.
    app.before_request(claim)
    app.after_request(settle)
