"""Sessions kept on the server (decision 12).

The cookie holds a random token and nothing else; what the session holds (who signed in, how,
the CSRF token, a booking's answers so far) is a row of `web_sessions`, found by the token's
hash on every request. Signing out deletes the row, so a copy of the old cookie is worth nothing;
"sign out everywhere" and a member of staff losing their access delete every row of the account.

A session ends after too long without a request (idle) or too long in all, whichever comes
first; staff sessions end soonest, as staff see many residents' files on shared computers.

A visitor who has only looked at pages has a cookie and no row: the CSRF token of a page's form
is made from the session's key (`ServerSession.csrf_value`), so showing a form writes nothing.
The row is made when the session first holds something (a sign-in, a choice to remember).
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, Request, Response, current_app, g, request, session
from flask.sessions import SessionInterface, SessionMixin, session_json_serializer
from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import CallbackDict

from app import listen
from app.extensions import db
from app.models.base import utcnow
from app.models.notification import Notification
from app.models.user import User
from app.models.web_session import WebSession


@dataclass(frozen=True)
class Lifetime:
    idle: timedelta
    total: timedelta


ANONYMOUS = Lifetime(idle=timedelta(days=1), total=timedelta(days=7))
RESIDENT = Lifetime(idle=timedelta(days=30), total=timedelta(days=90))
STAFF = Lifetime(idle=timedelta(minutes=30), total=timedelta(hours=12))
# A session seen again within this long is not written again just to say so.
TOUCH_EVERY = timedelta(seconds=60)
TOKEN_BYTES = 32
TOKEN_LENGTH = 43  # secrets.token_urlsafe(TOKEN_BYTES)
# Where Flask-WTF looks for the value its CSRF tokens sign.
CSRF_KEY = "csrf_token"


def lifetime_of(user: User | None) -> Lifetime:
    if user is None:
        return ANONYMOUS
    return STAFF if user.is_staff else RESIDENT


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Record:
    """What the server knows about a session, read once when the request begins."""

    id: str
    user_id: int | None
    method: str | None
    idle_seconds: int
    idle_until: datetime
    expires_at: datetime

    @property
    def idle(self) -> timedelta:
        return timedelta(seconds=self.idle_seconds)

    def next_idle_until(self, now: datetime) -> datetime:
        return min(now + self.idle, self.expires_at)


def _new_record(token: str, user: User | None, method: str | None, now: datetime) -> Record:
    lifetime = lifetime_of(user)
    return Record(
        id=_hash(token),
        user_id=user.id if user else None,
        method=method,
        idle_seconds=int(lifetime.idle.total_seconds()),
        idle_until=now + lifetime.idle,
        expires_at=now + lifetime.total,
    )


class ServerSession(CallbackDict, SessionMixin):
    """The session's data, with what the server knows about the session itself."""

    def __init__(
        self, data: dict | None = None, record: Record | None = None, kept: str | None = None
    ):
        def changed(_self) -> None:
            self.modified = True

        super().__init__(data or {}, changed)
        self.record = record
        # Set when the browser must be given a new cookie (a new or a renewed session).
        self.token: str | None = None
        # The token of the browser's cookie, for a session without a row yet.
        self.kept_token = kept
        self.modified = False
        self.touched = False
        self.keyed = False
        self.account: User | None = None  # the signed-in account, loaded with the session
        self.unread: int | None = None  # its messages not read yet, counted then

    # Flask-WTF keeps the value its CSRF tokens sign in the session; unless one was kept there
    # (carried over at sign-in), it is made from the session's key instead, so a form shown
    # to a visitor writes no row.
    def __contains__(self, key) -> bool:
        return key == CSRF_KEY or super().__contains__(key)

    def __getitem__(self, key):
        if key == CSRF_KEY and not super().__contains__(key):
            return self.csrf_value()
        return super().__getitem__(key)

    def csrf_value(self) -> str:
        secret = current_app.secret_key
        key = secret if isinstance(secret, bytes) else secret.encode()
        # 160 bits, as long as the random value Flask-WTF would keep.
        made = hmac.new(key, f"csrf {self._key()}".encode(), hashlib.sha256)
        return made.hexdigest()[:40]

    @property
    def new(self) -> bool:  # type: ignore[override]
        return self.record is None

    @property
    def id(self) -> str:
        """The session's key; made now for a new session that needs one (to bind a challenge)."""
        self.keyed = True
        return self._key()

    def _key(self) -> str:
        if self.record is not None:
            return self.record.id
        if self.token is None:
            self.token = self.kept_token or secrets.token_urlsafe(TOKEN_BYTES)
        return _hash(self.token)

    def needs_cookie(self) -> bool:
        """A new key the browser must keep: something was bound to it, or a form shown with a
        CSRF token made from it (not when a token sent was merely checked against it)."""
        return (
            self.token is not None
            and self.token != self.kept_token
            and (self.keyed or CSRF_KEY in g)
        )


class NullSession(ServerSession):
    """For static files, recordings, probes and metrics: no session is read or written."""


# Paths answered without a session (no query, no cookie): the health probes and the metrics
# scrape, asked every few seconds by machines (app/health.py, app/metrics.py).
_SESSIONLESS_PATHS: set[str] = set()


def open_without_session(path: str) -> None:
    _SESSIONLESS_PATHS.add(path)


# Built once: a request's session is one query, with its account and how many of the account's
# messages wait unread (the header's Menu says so on every page).
_UNREAD = (
    select(func.count())
    .select_from(Notification)
    .where(Notification.user_id == WebSession.user_id, Notification.read_at.is_(None))
    .scalar_subquery()
    .label("unread")
)
SESSION_BY_ID = (
    select(
        WebSession.id,
        WebSession.user_id,
        WebSession.method,
        WebSession.idle_seconds,
        WebSession.idle_until,
        WebSession.expires_at,
        WebSession.data,
        User,
        _UNREAD,
    )
    .outerjoin(User, User.id == WebSession.user_id)
    .where(WebSession.id == bindparam("id"))
)


class ServerSessionInterface(SessionInterface):
    null_session_class = NullSession

    def get_cookie_name(self, app: Flask) -> str:
        # Over HTTPS, the __Host- prefix makes browsers refuse the cookie from any other origin.
        return "__Host-session" if app.config["SESSION_COOKIE_SECURE"] else "session"

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        if (
            request.path.startswith((f"{app.static_url_path}/", listen.PATH))
            or request.path in _SESSIONLESS_PATHS
        ):
            return NullSession()
        token = request.cookies.get(self.get_cookie_name(app))
        if not token or len(token) != TOKEN_LENGTH:
            return ServerSession()
        # One query finds the session and loads its account, which the login then takes.
        found = db.session.execute(SESSION_BY_ID, {"id": _hash(token)}).first()
        now = utcnow()
        if found is None:  # a visitor's session that has held nothing yet: no row
            return ServerSession(kept=token)
        if found.idle_until <= now or found.expires_at <= now:
            return ServerSession()
        opened = ServerSession(_loads(found.data), Record(*found[:6]))
        # Held here, or the session's unit of work would forget it and the login query it again.
        opened.account = found.User
        opened.unread = found.unread
        return opened

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:
        if isinstance(session, NullSession):
            return
        name = self.get_cookie_name(app)
        response.vary.add("Cookie")
        now = utcnow()
        if session.record is None:
            if not session:
                if session.needs_cookie():
                    self._set_cookie(app, response, session.token, None)  # keyed, no row
                elif session.kept_token is None and name in request.cookies:
                    response.delete_cookie(name, path="/")  # an ended session: forget it
                return
            token = session.token or session.kept_token or secrets.token_urlsafe(TOKEN_BYTES)
            _insert_or_update(_new_record(token, None, None, now), _dumps(session))
            if token != session.kept_token:
                self._set_cookie(app, response, token, None)
            return
        record = session.record
        touch = _will_touch(session, now)
        if session.modified or touch:
            values: dict = {"data": _dumps(session)} if session.modified else {}
            if touch:
                values["idle_until"] = record.next_idle_until(now)
            with db.engine.begin() as connection:
                # A session ended meanwhile (signed out elsewhere) is not brought back.
                connection.execute(
                    update(WebSession).where(WebSession.id == record.id).values(**values)
                )
        if session.token is not None:
            self._set_cookie(app, response, session.token, record.expires_at)

    def _set_cookie(self, app: Flask, response: Response, token: str, expires) -> None:
        response.set_cookie(
            self.get_cookie_name(app),
            token,
            expires=expires,
            path="/",
            httponly=True,
            secure=app.config["SESSION_COOKIE_SECURE"],
            samesite=app.config["SESSION_COOKIE_SAMESITE"],
        )


def _insert_or_update(record: Record, data: str) -> None:
    """The row of a visitor's session when it first holds something; made meanwhile by the
    browser's other request (a page and its script's fetch at once): that row is updated."""
    try:
        with db.engine.begin() as connection:
            connection.execute(insert(WebSession).values(**_columns(record), data=data))
    except IntegrityError:
        with db.engine.begin() as connection:
            connection.execute(
                update(WebSession).where(WebSession.id == record.id).values(data=data)
            )


def _will_touch(session: ServerSession, now: datetime) -> bool:
    """Seen again a while after the last time: the idle end moves on."""
    record = session.record
    return session.touched or now - (record.idle_until - record.idle) >= TOUCH_EVERY


def _dumps(session: ServerSession) -> str:
    return session_json_serializer.dumps(dict(session))


def _loads(data: str | None) -> dict:
    try:
        return session_json_serializer.loads(data or "{}")
    except ValueError:
        return {}


def _columns(record: Record) -> dict:
    return {
        "id": record.id,
        "user_id": record.user_id,
        "method": record.method,
        "idle_seconds": record.idle_seconds,
        "idle_until": record.idle_until,
        "expires_at": record.expires_at,
        "created_at": record.idle_until - record.idle,
    }


# ---- What the rest of the app does with sessions ----


def current() -> ServerSession:
    return session  # type: ignore[return-value]


def begin(user: User, method: str) -> None:
    """Signs `user` in on this browser. A new session (new token, new row) replaces the one
    before, so a token known before signing in is worth nothing after; the data the caller left
    in the session is carried over."""
    current_session = current()
    # Forms shown before signing in (another tab) still send: the CSRF value goes along.
    current_session[CSRF_KEY] = current_session[CSRF_KEY]
    ended = current_session._key()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    record = _new_record(token, user, method, now)
    with db.engine.begin() as connection:
        _end_key(connection, ended, now)
        connection.execute(insert(WebSession).values(**_columns(record), data="{}"))
    current_session.record = record
    current_session.account = user
    current_session.unread = None
    current_session.token = token
    current_session.modified = True


# A visitor's key that signing in ended: its row says so for as long as a visitor's session
# may last, so that its cookie is never again taken as a visitor's session without a row.
ENDED = "ended"


def _end_key(connection, key: str, now: datetime) -> None:
    ended = {
        "user_id": None,
        "method": ENDED,
        "data": "{}",
        "idle_until": now,
        "expires_at": now + ANONYMOUS.total,
    }
    changed = connection.execute(update(WebSession).where(WebSession.id == key).values(**ended))
    if not changed.rowcount:
        connection.execute(
            insert(WebSession).values(id=key, idle_seconds=0, created_at=now, **ended)
        )


def end() -> None:
    """Signs this browser out: the row goes, and the session starts again, empty."""
    current_session = current()
    if current_session.record is not None:
        with db.engine.begin() as connection:
            connection.execute(delete(WebSession).where(WebSession.id == current_session.record.id))
    current_session.clear()
    current_session.record = None
    current_session.token = None
    current_session.kept_token = None
    current_session.account = None
    current_session.unread = None
    current_session.modified = False


@dataclass(frozen=True)
class Timing:
    """When this session ends, as the page that is being sent should count it."""

    idle: timedelta  # how long without a request ends it
    idle_left: timedelta
    total_left: timedelta
    ends_at: datetime


def timing() -> Timing | None:
    """For a signed-in session: its idle and total ends, once this response is sent."""
    current_session = current()
    record = current_session.record
    if record is None or record.user_id is None:
        return None
    now = utcnow()
    idle_until = record.next_idle_until(now) if _will_touch(current_session, now) else None
    return Timing(
        idle=record.idle,
        idle_left=(idle_until or record.idle_until) - now,
        total_left=record.expires_at - now,
        ends_at=record.expires_at,
    )


# Sessions this short warn the person before they end (staff); long ones (residents) do not.
WARNED_WHEN_IDLE_AT_MOST = timedelta(hours=1)
WARNING_BEFORE_IDLE_END = timedelta(minutes=2)
WARNING_BEFORE_TOTAL_END = timedelta(minutes=10)


def timing_to_warn() -> Timing | None:
    """The timing a page's warning counts down from, for a session short enough to warn of."""
    found = timing()
    return found if found and found.idle <= WARNED_WHEN_IDLE_AT_MOST else None


def stay() -> Timing | None:
    """The person asked to stay signed in: the idle end moves on now."""
    current().touched = True
    return timing()


def purge() -> int:
    """Deletes the rows of sessions that have ended; run from cron. Returns how many."""
    now = utcnow()
    idle = and_(WebSession.idle_until <= now, WebSession.method.is_distinct_from(ENDED))
    result = db.session.execute(delete(WebSession).where(or_(idle, WebSession.expires_at <= now)))
    db.session.commit()
    return result.rowcount


def init_app(app: Flask) -> None:
    app.session_interface = ServerSessionInterface()
