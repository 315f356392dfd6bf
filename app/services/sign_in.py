"""Sign-in with a mobile number and a one-time code.

A code has 6 digits, lasts 10 minutes and may be tried 5 times. A try is taken with one
conditional UPDATE before the code is compared, so guesses sent at the same moment get 5
comparisons between them, never more. After 5 wrong tries that code no longer works; the
number is never locked: its owner may ask for a new code at once (within the hourly limits of
`services.rate_limits`), so a stranger guessing wrong can not keep them out.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from flask import current_app
from flask_babel import get_locale, gettext
from sqlalchemy import select, update

from app import metrics
from app.extensions import db
from app.models import SignInCode, User
from app.models.base import utcnow
from app.services import audit, family, messaging

CODE_LIFETIME = timedelta(minutes=10)
MAX_TRIES = 5


class Outcome(Enum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    TRIED_OUT = "tried_out"  # tried 5 times: this code no longer works
    NO_CODE = "no_code"  # none asked for, used already, or replaced by a newer one


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    user: User | None = None
    tries_left: int = 0


def _hash(mobile: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{mobile}:{code}".encode(), hashlib.sha256).hexdigest()


def _latest(mobile: str) -> SignInCode | None:
    return db.session.scalars(
        select(SignInCode)
        .where(SignInCode.mobile == mobile)
        .order_by(SignInCode.id.desc())
        .limit(1)
    ).first()


def send_code(mobile: str) -> str:
    """Makes a new code for this number, which replaces any still open, and sends it in the
    language of the page it was asked for on. Raises messaging.SendFailed when the provider
    does not take it, and rate_limits.Limited when the number's daily cap is reached."""
    now = utcnow()
    code = f"{secrets.randbelow(10**6):06d}"
    db.session.execute(
        update(SignInCode)
        .where(SignInCode.mobile == mobile, SignInCode.used_at.is_(None))
        .values(used_at=now)
    )
    db.session.add(
        SignInCode(mobile=mobile, code_hash=_hash(mobile, code), expires_at=now + CODE_LIFETIME)
    )
    db.session.commit()
    message = messaging.compose(
        messaging.Kind.SIGN_IN_CODE,
        str(get_locale()),
        lambda: (
            {"code": code},
            gettext(
                "Your sign-in code for Changji Disability Services is %(code)s. "
                "It works for 10 minutes. Do not tell anyone this code.",
                code=code,
            ),
        ),
    )
    # At once, while the person waits: a SendFailed or the daily cap reaches the page.
    try:
        messaging.send_now(mobile, message)
    except Exception:
        metrics.sign_in_code("failed")
        raise
    metrics.sign_in_code("sent")
    return code


def check_code(mobile: str, code: str) -> Result:
    latest = _latest(mobile)
    if latest is None:
        return Result(Outcome.NO_CODE)
    if not _take_a_try(latest, utcnow()):
        return Result(_why_no_try(latest))
    if hmac.compare_digest(latest.code_hash, _hash(mobile, code)):
        return _use(latest, mobile)
    tries_left = MAX_TRIES - latest.tries
    if tries_left > 0:
        return Result(Outcome.WRONG, tries_left=tries_left)
    return Result(Outcome.TRIED_OUT)


def _take_a_try(sign_in_code: SignInCode, now: datetime) -> bool:
    """Counts one try, if the code is open and has tries left: one conditional UPDATE, so that
    of many guesses at once only as many as there are tries left get one."""
    taken = db.session.execute(
        update(SignInCode)
        .where(
            SignInCode.id == sign_in_code.id,
            SignInCode.used_at.is_(None),
            SignInCode.expires_at > now,
            SignInCode.tries < MAX_TRIES,
        )
        .values(tries=SignInCode.tries + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()  # the code's tries are read afresh after this
    return taken.rowcount == 1


def _why_no_try(sign_in_code: SignInCode) -> Outcome:
    if sign_in_code.used_at is not None:
        return Outcome.NO_CODE
    if sign_in_code.tries >= MAX_TRIES:
        return Outcome.TRIED_OUT
    return Outcome.EXPIRED


def _use(sign_in_code: SignInCode, mobile: str) -> Result:
    now = utcnow()
    used = db.session.execute(
        update(SignInCode)
        .where(SignInCode.id == sign_in_code.id, SignInCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:  # the same code was used a moment ago by another request
        db.session.rollback()
        return Result(Outcome.NO_CODE)
    user = _sign_in_user(mobile, now)
    db.session.commit()
    return Result(Outcome.OK, user=user)


def _sign_in_user(mobile: str, now: datetime) -> User:
    user = db.session.scalars(select(User).where(User.mobile == mobile)).first()
    if user is None:
        user = User(mobile=mobile)
        db.session.add(user)
        db.session.flush()
        audit.record(actor=user, resident=user, action="account.created", subject=user)
        # Family members may have asked to act for this number before it had an account.
        family.receive_waiting_requests(user)
    user.last_signed_in_at = now
    audit.record(actor=user, resident=user, action="account.signed_in", subject=user)
    return user
