"""Text messages: what is sent (a kind, a language and its values), through which backend, and
the outbox's sending with retries, a daily cap per number and a record of how it ended.

China's SMS providers send only templates approved beforehand, under a registered signature:
a message is therefore a kind (`Kind`) with named values, never free text. The `aliyun` and
`tencent` backends (app/services/sms/) send the kind's template in the resident's language, or
in Chinese where the language has none. `console` (the default) writes to the log that a
message went, for development and the demo; `memory` keeps messages for tests. Both also keep
the text a resident would read, written by the app in their language; neither sends anything,
so neither may serve real residents (the app refuses to start with them outside demo mode and
tests).

Queued messages (reminders, messages about applications) live in tables with the columns of
`app.models.outbox.Outbox`; `send_once` sends one at most once, however many senders run. A
sign-in code is not queued: `send_now` sends it while the person waits.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from flask import current_app
from flask_babel import force_locale
from limits import parse
from sqlalchemy import or_, select, update

from app.extensions import db
from app.identifiers import mask_mobile
from app.models.base import utcnow
from app.services import rate_limits

log = logging.getLogger(__name__)


class Kind(StrEnum):
    """Each text message the service sends; a provider has one approved template for each
    kind and language. The kinds about applications are the steps they tell of."""

    SIGN_IN_CODE = "sign_in_code"
    VISIT_REMINDER = "visit_reminder"
    LOAN_DUE_REMINDER = "loan_due_reminder"
    INFORMATION_REQUESTED = "information_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"


# The values each kind's template is given, in this order: Tencent's templates number them
# ({1}, {2}...), Alibaba's name them (${code}). A template must use exactly these.
PARAMETERS: dict[Kind, tuple[str, ...]] = {
    Kind.SIGN_IN_CODE: ("code",),
    Kind.VISIT_REMINDER: ("service", "date", "time", "place", "reference"),
    Kind.LOAN_DUE_REMINDER: ("device", "date", "place", "reference"),
    Kind.INFORMATION_REQUESTED: ("reference",),
    Kind.APPROVED: ("reference", "amount"),
    Kind.REJECTED: ("reference",),
    Kind.PAID: ("reference", "amount", "date"),
}


@dataclass(frozen=True)
class Message:
    """One text message: its kind, the language it is written in, its template's values (in
    that language), and the whole text as the app writes it (what `console` and `memory` keep;
    a provider sends its approved template instead)."""

    kind: Kind
    language: str
    params: dict[str, str]
    text: str


class SendFailed(Exception):
    """The provider did not take the message: `code` is its error code (or what went wrong on
    the way: "timeout", "network"); `retryable` when trying again later may succeed."""

    def __init__(self, code: str, retryable: bool):
        super().__init__(code)
        self.code = code[:80]
        self.retryable = retryable


class MessageSender(Protocol):
    def language_for(self, kind: Kind, language: str) -> str:
        """The language this backend can send `kind` in: `language`, or a fallback."""
        ...

    def send(self, mobile: str, message: Message) -> str | None:
        """Sends the message; returns the provider's id for it, if it gives one. Raises
        SendFailed when the provider refuses it or can not be reached."""
        ...


class ConsoleSender:
    """Notes in the log that a message went: to a masked number, its kind and how long it was.
    Never the text: it may hold a sign-in code or personal data, and logs are read by many."""

    def language_for(self, kind: Kind, language: str) -> str:
        return language

    def send(self, mobile: str, message: Message) -> None:
        log.warning(
            "text message %s to %s (%d characters)",
            message.kind,
            mask_mobile(mobile),
            len(message.text),
        )


class MemorySender:
    """Keeps messages, for tests that read what was sent: `sent` as (mobile, text) pairs,
    `messages` as (mobile, Message) pairs."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.messages: list[tuple[str, Message]] = []

    def language_for(self, kind: Kind, language: str) -> str:
        return language

    def send(self, mobile: str, message: Message) -> None:
        self.sent.append((mobile, message.text))
        self.messages.append((mobile, message))


def _provider(name: str) -> Callable[[dict], MessageSender]:
    """A provider's backend, imported only when chosen: without it, its SDK is never loaded."""

    def make(config: dict) -> MessageSender:
        from app.services import sms

        return sms.backend(name, config)

    return make


BACKENDS: dict[str, Callable] = {
    "console": lambda config: ConsoleSender(),
    "memory": lambda config: MemorySender(),
    "aliyun": _provider("aliyun"),
    "tencent": _provider("tencent"),
}
# Backends that send nothing to anyone: for the demo and tests only.
SEND_NOTHING = frozenset({"console", "memory"})


def init_app(app) -> None:
    name = app.config["MESSAGE_BACKEND"]
    if name not in BACKENDS:
        raise RuntimeError(f"MESSAGE_BACKEND={name!r}: choose one of {', '.join(BACKENDS)}")
    app.extensions["message_sender"] = BACKENDS[name](app.config)


def sender() -> MessageSender:
    return current_app.extensions["message_sender"]


Write = Callable[[], tuple[dict[str, str | None], str]]


def compose(kind: Kind, language: str | None, write: Write) -> Message:
    """The message of `kind` for a resident who reads `language`, in the language the backend
    can send it in. `write` gives the template's values and the whole text; it is called in
    that language (values such as a date or a service's name are written in it too). A
    language the service does not speak (none kept, or a catalogue since removed) is Chinese."""
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    language = sender().language_for(kind, language)
    with force_locale(language):
        values, text = write()
    params = {name: str(values.get(name) or "") for name in PARAMETERS[kind]}
    return Message(kind=kind, language=language, params=params, text=text)


def send_now(mobile: str, message: Message) -> str | None:
    """Sends at once, within the daily cap for the number: raises rate_limits.Limited (counter
    "texts-number") when the cap is reached, SendFailed when the provider does not take it.
    Returns the provider's id for the message.

    The cap (SMS_DAILY_CAP_PER_NUMBER) counts every message to the number, whatever it is: a
    loop of ours must never flood a resident's phone, nor the federation's bill."""
    cap = current_app.config["SMS_DAILY_CAP_PER_NUMBER"]
    rate_limits.hit(
        rate_limits.Counter("texts-number", parse(f"{cap}/day"), rate_limits.pseudonym(mobile))
    )
    return sender().send(mobile, message)


class Outcome(StrEnum):
    """How one try at a queued message ended."""

    SENT = "sent"
    RETRY = "retry"  # a provider error or timeout: tried again after a pause
    FAILED = "failed"  # refused for good, or tried too often: shown to staff
    CAPPED = "capped"  # the number's daily cap is reached: tried again when it allows
    TAKEN = "taken"  # not due, or another sender has it


@dataclass(frozen=True)
class Attempt:
    kind: Kind
    outcome: Outcome
    code: str | None = None


# Called with each Attempt at a queued message (for counting: sent, retried, failed...).
LISTENERS: list[Callable[[Attempt], None]] = []

# The pauses after the first, second... provider error; after the last, the message fails.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)


def due(outbox, now: datetime) -> list:
    """Conditions for a queued message that may be sent now."""
    return [
        outbox.sent_at.is_(None),
        outbox.failed_at.is_(None),
        or_(outbox.next_attempt_at.is_(None), outbox.next_attempt_at <= now),
    ]


def send_once(outbox, row_id: int, mobile: str, message: Message, at: datetime | None = None):
    """Sends a queued message (a row of `outbox`) at most once, however many senders run: the
    row is claimed by a conditional UPDATE before the message goes. A provider error that may
    pass frees it again for a later try, after a longer pause each time; one that will not, or
    the last try, ends it as failed with the provider's code. Returns the Outcome."""
    now = at or utcnow()
    claimed = db.session.execute(
        update(outbox)
        .where(outbox.id == row_id, *due(outbox, now))
        .values(sent_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if claimed.rowcount != 1:
        return _told(Attempt(message.kind, Outcome.TAKEN))
    try:
        provider_id = send_now(mobile, message)
    except rate_limits.Limited as limited:
        log.warning(
            "daily cap reached for %s: %s %s waits", mask_mobile(mobile), message.kind, row_id
        )
        _settle(
            outbox, row_id, sent_at=None, next_attempt_at=now + timedelta(seconds=limited.seconds)
        )
        return _told(Attempt(message.kind, Outcome.CAPPED))
    except SendFailed as failed:
        return _told(_failed(outbox, row_id, message.kind, failed, now))
    except Exception as error:  # ours or the network's: logged, and tried again later
        log.exception("%s %s could not be sent", message.kind, row_id)
        failed = SendFailed(type(error).__name__, retryable=True)
        return _told(_failed(outbox, row_id, message.kind, failed, now))
    _settle(outbox, row_id, provider_id=provider_id, next_attempt_at=None)
    return _told(Attempt(message.kind, Outcome.SENT))


def _failed(outbox, row_id: int, kind: Kind, failed: SendFailed, now: datetime) -> Attempt:
    attempts = db.session.scalar(select(outbox.attempts).where(outbox.id == row_id)) + 1
    common = {"sent_at": None, "attempts": attempts, "failure_code": failed.code}
    if failed.retryable and attempts <= len(BACKOFF):
        log.warning("%s %s: %s, try %d, tried again later", kind, row_id, failed.code, attempts)
        _settle(outbox, row_id, **common, next_attempt_at=now + BACKOFF[attempts - 1])
        return Attempt(kind, Outcome.RETRY, failed.code)
    log.error("%s %s failed for good: %s, after %d tries", kind, row_id, failed.code, attempts)
    _settle(outbox, row_id, **common, failed_at=now, next_attempt_at=None)
    return Attempt(kind, Outcome.FAILED, failed.code)


def _settle(outbox, row_id: int, **values) -> None:
    db.session.execute(
        update(outbox)
        .where(outbox.id == row_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _told(attempt: Attempt) -> Outcome:
    for listener in LISTENERS:
        listener(attempt)
    return attempt.outcome
