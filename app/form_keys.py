"""Every form carries a one-time key, so that sending the same form twice acts once.

A phone that kept an answer offline sends it again when the network returns, and cannot know
whether its first try reached us; people double-tap. The key with a digest of the answers is
claimed (a row committed) before the view runs, and settled after it:

- the same key with the same answers again, after a send that was acted on, is redirected to
  where the first send went; the same key with different answers (back, change, send) is new
  work; a send that was not accepted (the page came back with errors) is forgotten, so that the
  corrected form may be sent with the same key.
- A claim with no answer yet (no location) is a send still running elsewhere, or one cut off:
  the process died between the claim's commit and the view's (kill -9, out of memory, a
  deploy). While it is younger than ABANDONED_AFTER, a repeat is answered 503 with Retry-After,
  which the service worker sends again later, never a redirect, which it reads as "sent". Once
  older, nothing can still be running it: the repeat takes the claim over and the view runs.
  Of two repeats at once one takes it (a conditional UPDATE on the claim's `attempt`); settling
  touches only the attempt that claimed, so a late settle of an earlier attempt changes nothing.
  (Decision 15.)
"""

import hashlib
import hmac
import logging
import math
import secrets
from datetime import timedelta

from flask import current_app, g, redirect, render_template, request
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
# gunicorn's worker timeout (30 s by default; keep this no shorter than --timeout): a sync worker
# busy longer is killed, so a claim this old and still unsettled has no one behind it.
ABANDONED_AFTER = timedelta(seconds=30)
# Never part of the digest: a queued send comes back with a fresh CSRF token.
NOT_ANSWERS = {"csrf_token", FIELD}

log = logging.getLogger(__name__)


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
    # Twice at most: a claim refused by the first insert may be forgotten before it is read
    # (its send was not accepted), and then this send is new work.
    for _ in range(2):
        sent = SentForm(user_id=current_user.id, key=key, digest=answers, attempt=1)
        db.session.add(sent)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
        else:
            claimed = sent.id  # read before the commit, which would have it loaded again
            db.session.commit()
            g.sent_form = (claimed, 1)
            return None
        earlier = db.session.execute(
            select(SentForm.id, SentForm.location, SentForm.attempt, SentForm.at).where(
                SentForm.user_id == current_user.id,
                SentForm.key == key,
                SentForm.digest == answers,
            )
        ).first()
        if earlier is None:
            continue
        if earlier.location:
            return redirect(earlier.location, 303)
        return _take_over(earlier)
    return still_running(ABANDONED_AFTER)


def _take_over(earlier):
    """A claim with no answer yet: wait for it while it may be running, else run this send."""
    now = utcnow()
    if now - earlier.at < ABANDONED_AFTER:
        return still_running(earlier.at + ABANDONED_AFTER - now)
    taken = db.session.execute(
        update(SentForm)
        .where(
            SentForm.id == earlier.id,
            SentForm.attempt == earlier.attempt,
            SentForm.location.is_(None),
        )
        .values(attempt=earlier.attempt + 1, at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if taken.rowcount != 1:
        # Another repeat took it over a moment ago, and runs it now.
        return still_running(ABANDONED_AFTER)
    log.warning(
        "A send cut off %s s ago is run again (sent form %s, %s)",
        int((now - earlier.at).total_seconds()),
        earlier.id,
        request.path,
    )
    g.sent_form = (earlier.id, earlier.attempt + 1)
    return None


def still_running(wait: timedelta):
    """The same send is being handled elsewhere: not done yet, and not refused. 503 with
    Retry-After, which the service worker sends again later; a person reads when to look."""
    page = render_template("errors/still_sending.html", page=path_of_this_site(request.path))
    response = current_app.make_response((page, 503))
    response.headers["Retry-After"] = str(max(1, math.ceil(wait.total_seconds())))
    response.headers["Cache-Control"] = "no-store"
    return response


def settle(response):
    """After the view: keep where a successful send went; forget one that was not accepted,
    so that the same form may be corrected and sent again. Only this attempt's claim: one taken
    over since (this send was too slow) is another's to settle."""
    claimed = g.pop("sent_form", None)
    if claimed is None:
        return response
    sent_id, attempt = claimed
    mine = (SentForm.id == sent_id, SentForm.attempt == attempt)
    db.session.rollback()
    if response.status_code in (302, 303) and response.location:
        db.session.execute(update(SentForm).where(*mine).values(location=response.location))
    else:
        db.session.execute(delete(SentForm).where(*mine))
    db.session.commit()
    return response


def init_app(app) -> None:
    # After CSRF protection (registered earlier): a forged send learns nothing.
    app.before_request(claim)
    app.after_request(settle)
