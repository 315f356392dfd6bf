"""What the service holds right now, counted for the metrics scrape (app/metrics.py): messages
waiting in the outboxes and applications by status. Counts only: no row's content leaves here."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import Application, Booking, BookingStatus, Notification, Reminder, Status


@dataclass(frozen=True)
class Backlog:
    """An outbox's messages due and not sent yet, and how long the oldest has waited."""

    outbox: str
    waiting: int
    oldest_seconds: float


def _backlog(outbox: str, query, now: datetime) -> Backlog:
    waiting, oldest = db.session.execute(query).one()
    return Backlog(outbox, waiting, (now - oldest).total_seconds() if oldest else 0.0)


def outbox_backlogs(now: datetime) -> list[Backlog]:
    """Texts about decisions not sent yet, and reminders due and not sent (for bookings still
    on: `flask send-reminders` skips the others too); those waiting for a try after a provider
    error count, those failed for good do not (staff see them: app/services/undelivered.py)."""
    notifications = select(func.count(), func.min(Notification.created_at)).where(
        Notification.sent_at.is_(None), Notification.failed_at.is_(None)
    )
    reminders = (
        select(func.count(), func.min(Reminder.send_after))
        .join(Booking)
        .where(
            Reminder.sent_at.is_(None),
            Reminder.failed_at.is_(None),
            Reminder.send_after <= now,
            Booking.status.in_([BookingStatus.BOOKED, BookingStatus.LENT]),
        )
    )
    return [
        _backlog("notifications", notifications, now),
        _backlog("reminders", reminders, now),
    ]


def applications_by_status() -> dict[str, int]:
    """Every status, with 0 for those no application has: one GROUP BY."""
    counted = dict(
        db.session.execute(
            select(Application.status, func.count()).group_by(Application.status)
        ).all()
    )
    return {status.value: counted.get(status.value, 0) for status in Status}
