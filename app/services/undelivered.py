"""Text messages that never reached a resident: refused by the SMS provider for good (a wrong
number, a template it will not send), given up after the last try, or reported failed by the
phone company's receipt. Staff see them on the resident's and the application's pages, with
the provider's code, so that someone can check the number or tell the resident another way."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Booking, Notification, Reminder

# The kinds of `Reminder` rows, as message kinds (app/services/messaging.py).
REMINDER_KINDS = {"visit": "visit_reminder", "loan_due": "loan_due_reminder"}


@dataclass(frozen=True)
class Undelivered:
    kind: str  # a messaging.Kind
    failed_at: datetime
    code: str


def for_application(application_id: int) -> list[Undelivered]:
    rows = db.session.execute(
        select(Notification.kind, Notification.failed_at, Notification.failure_code)
        .where(Notification.application_id == application_id, Notification.failed_at.is_not(None))
        .order_by(Notification.failed_at)
    )
    return [Undelivered(kind, at, code or "") for kind, at, code in rows]


def for_resident(resident_id: int) -> list[Undelivered]:
    """Every message to the resident that failed: about applications and bookings alike."""
    notices = db.session.execute(
        select(Notification.kind, Notification.failed_at, Notification.failure_code).where(
            Notification.user_id == resident_id, Notification.failed_at.is_not(None)
        )
    )
    reminders = db.session.execute(
        select(Reminder.kind, Reminder.failed_at, Reminder.failure_code)
        .join(Booking, Booking.id == Reminder.booking_id)
        .where(Booking.resident_id == resident_id, Reminder.failed_at.is_not(None))
    )
    found = [Undelivered(kind, at, code or "") for kind, at, code in notices]
    found += [Undelivered(REMINDER_KINDS[kind], at, code or "") for kind, at, code in reminders]
    return sorted(found, key=lambda text: text.failed_at)
