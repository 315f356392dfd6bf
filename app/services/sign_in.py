"""Sign-in with a mobile number and a one-time code.

A code has 6 digits, lasts 10 minutes and allows 5 wrong tries; after the fifth the number must
wait before asking for a new code. Tries are counted with a conditional UPDATE, so parallel
guesses can not get more than 5.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from flask import current_app
from flask_babel import gettext
from sqlalchemy import select, update

from app.extensions import db
from app.models import SignInCode, User
from app.models.base import utcnow
from app.services import audit
from app.services.messaging import sender

CODE_LIFETIME = timedelta(minutes=10)
MAX_WRONG_TRIES = 5
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class MustWait(Exception):
    until: datetime

    def minutes_left(self, now: datetime | None = None) -> int:
        seconds = (self.until - (now or utcnow())).total_seconds()
        return max(1, -(-int(seconds) // 60))


class Outcome(Enum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    LOCKED = "locked"  # the fifth wrong try, or a try after it
    NO_CODE = "no_code"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    user: User | None = None
    tries_left: int = 0
    wait_until: datetime | None = None


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
    """Make a new code for this number and send it. Raises MustWait after too many wrong tries."""
    now = utcnow()
    latest = _latest(mobile)
    if latest and latest.locked_until and latest.locked_until > now:
        raise MustWait(latest.locked_until)
    code = f"{secrets.randbelow(10**6):06d}"
    # Only the newest code counts: a new one replaces any still open.
    db.session.execute(
        update(SignInCode)
        .where(SignInCode.mobile == mobile, SignInCode.used_at.is_(None))
        .values(used_at=now)
    )
    db.session.add(
        SignInCode(mobile=mobile, code_hash=_hash(mobile, code), expires_at=now + CODE_LIFETIME)
    )
    db.session.commit()
    sender().send(
        mobile,
        gettext(
            "Your sign-in code for Changji Disability Services is %(code)s. "
            "It works for 10 minutes. Do not tell anyone this code.",
            code=code,
        ),
    )
    return code


def check_code(mobile: str, code: str) -> Result:
    now = utcnow()
    latest = _latest(mobile)
    if latest is None or latest.used_at is not None:
        return Result(Outcome.NO_CODE)
    if latest.locked_until is not None:
        return Result(Outcome.LOCKED, wait_until=latest.locked_until)
    if latest.expires_at <= now:
        return Result(Outcome.EXPIRED)

    if hmac.compare_digest(latest.code_hash, _hash(mobile, code)):
        used = db.session.execute(
            update(SignInCode)
            .where(SignInCode.id == latest.id, SignInCode.used_at.is_(None))
            .values(used_at=now)
        )
        if used.rowcount != 1:  # the same code was used a moment ago by another request
            db.session.rollback()
            return Result(Outcome.NO_CODE)
        user = _sign_in_user(mobile, now)
        db.session.commit()
        return Result(Outcome.OK, user=user)

    counted = db.session.execute(
        update(SignInCode)
        .where(SignInCode.id == latest.id, SignInCode.wrong_tries < MAX_WRONG_TRIES)
        .values(wrong_tries=SignInCode.wrong_tries + 1)
    )
    db.session.commit()
    db.session.refresh(latest)
    if counted.rowcount == 1 and latest.wrong_tries < MAX_WRONG_TRIES:
        return Result(Outcome.WRONG, tries_left=MAX_WRONG_TRIES - latest.wrong_tries)
    if latest.locked_until is None:
        db.session.execute(
            update(SignInCode)
            .where(SignInCode.id == latest.id, SignInCode.locked_until.is_(None))
            .values(locked_until=now + LOCKOUT)
        )
        db.session.commit()
        db.session.refresh(latest)
    return Result(Outcome.LOCKED, wait_until=latest.locked_until)


def _sign_in_user(mobile: str, now: datetime) -> User:
    user = db.session.scalars(select(User).where(User.mobile == mobile)).first()
    if user is None:
        user = User(mobile=mobile)
        db.session.add(user)
        db.session.flush()
        audit.record(actor=user, resident=user, action="account.created", subject=user)
    user.last_signed_in_at = now
    audit.record(actor=user, resident=user, action="account.signed_in", subject=user)
    return user
