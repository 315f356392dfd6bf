"""The message-sending interface. Backends send a short text to a mobile number.

`console` (the default) writes to the log that a message went, for development and the demo;
`memory` keeps messages for tests. Neither sends anything, so neither may serve real residents
(the app refuses to start with them outside demo mode and tests). An SMS gateway backend
implements the same one method.
"""

import logging
from datetime import datetime
from typing import Protocol

from flask import current_app
from sqlalchemy import update

from app.extensions import db
from app.identifiers import mask_mobile
from app.models.base import utcnow

log = logging.getLogger(__name__)


class MessageSender(Protocol):
    def send(self, mobile: str, text: str) -> None: ...


class ConsoleSender:
    """Notes in the log that a message went: to a masked number, and how long it was. Never
    the text: it may hold a sign-in code or personal data, and logs are read by many."""

    def send(self, mobile: str, text: str) -> None:
        log.warning("text message to %s (%d characters)", mask_mobile(mobile), len(text))


class MemorySender:
    """Keeps messages in a list, for tests that read what was sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, mobile: str, text: str) -> None:
        self.sent.append((mobile, text))


BACKENDS: dict[str, type] = {"console": ConsoleSender, "memory": MemorySender}
# Backends that send nothing to anyone: for the demo and tests only.
SEND_NOTHING = frozenset({"console", "memory"})


def init_app(app) -> None:
    name = app.config["MESSAGE_BACKEND"]
    if name not in BACKENDS:
        raise RuntimeError(f"MESSAGE_BACKEND={name!r}: choose one of {', '.join(BACKENDS)}")
    app.extensions["message_sender"] = BACKENDS[name]()


def sender() -> MessageSender:
    return current_app.extensions["message_sender"]


def send_once(outbox, row_id: int, mobile: str, text: str, at: datetime | None = None) -> bool:
    """Sends a queued message (a row of `outbox`, with `sent_at`) at most once, however many
    senders run: the row is claimed by a conditional UPDATE before the message goes, and freed
    again if sending fails, which is raised. False when another sender had claimed it."""
    claimed = db.session.execute(
        update(outbox)
        .where(outbox.id == row_id, outbox.sent_at.is_(None))
        .values(sent_at=at or utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if claimed.rowcount != 1:
        return False
    try:
        sender().send(mobile, text)
    except Exception:
        db.session.execute(update(outbox).where(outbox.id == row_id).values(sent_at=None))
        db.session.commit()
        raise
    return True
