"""Delivery receipts: whether the phone got a queued message, asked of the provider by
`flask sms-receipts` (from cron, every few minutes), and kept on the outbox row.

A receipt that says the message failed ends it as failed with the provider's code, shown to
staff as a refusal is. Messages sent more than two days ago are no longer asked about: the
providers keep receipts for about that long.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.clock import LOCAL_TIME
from app.extensions import db
from app.models import Booking, Notification, Reminder, User
from app.models.base import utcnow

ASKED_FOR = timedelta(days=2)


@dataclass(frozen=True)
class Pending:
    """A message sent and not yet known to be delivered."""

    provider_id: str
    mobile: str
    sent_at: datetime


@dataclass(frozen=True)
class Receipt:
    provider_id: str
    delivered: bool
    code: str | None = None
    at: datetime | None = None


def beijing_time(text: str | None) -> datetime | None:
    """A provider's time, "2026-12-02 08:00:00" in Beijing time."""
    if not text:
        return None
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=LOCAL_TIME)


def _waiting(now: datetime) -> list[tuple[type, Pending]]:
    """Every queued message sent lately that has neither a receipt nor a failure."""
    found = []
    for outbox, resident in ((Notification, Notification.user_id), (Reminder, Booking.resident_id)):
        query = select(outbox.provider_id, User.mobile, outbox.sent_at)
        if outbox is Reminder:
            query = query.join(Booking, Booking.id == Reminder.booking_id)
        rows = db.session.execute(
            query.join(User, User.id == resident).where(
                outbox.provider_id.is_not(None),
                outbox.delivered_at.is_(None),
                outbox.failed_at.is_(None),
                outbox.sent_at >= now - ASKED_FOR,
            )
        )
        found += [(outbox, Pending(*row)) for row in rows]
    return found


def collect(sender, now: datetime | None = None) -> tuple[int, int]:
    """Asks the provider about every message waiting for its receipt and keeps the answers.
    Returns how many were delivered and how many failed."""
    now = now or utcnow()
    waiting = _waiting(now)
    if not waiting or not hasattr(sender, "receipts"):
        return 0, 0
    tables = {pending.provider_id: outbox for outbox, pending in waiting}
    delivered = failed = 0
    for receipt in sender.receipts([pending for _outbox, pending in waiting]):
        outbox = tables.get(receipt.provider_id)
        if outbox is None:
            continue
        if receipt.delivered:
            values = {"delivered_at": receipt.at or now}
            delivered += 1
        else:
            values = {"failed_at": receipt.at or now, "failure_code": (receipt.code or "")[:80]}
            failed += 1
        db.session.execute(
            update(outbox).where(outbox.provider_id == receipt.provider_id).values(**values)
        )
    db.session.commit()
    return delivered, failed
