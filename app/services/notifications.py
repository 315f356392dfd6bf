"""Telling a resident what happened to an application: a message in the in-app inbox, and a
text message in the resident's own language.

The inbox keeps the kind and its details, not text, so that each reader sees it in their own
language. The text message goes after the transaction that made the step: a step that did not
happen is never announced. One that could not be sent is sent by `flask send-reminders`.
"""

import re
from datetime import date, datetime

from flask import has_request_context
from flask_babel import gettext
from markupsafe import Markup, escape
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from app import formats, sessions
from app.extensions import db
from app.i18n import ltr, yuan
from app.models import Application, ApplicationEvent, Notification, Step, User
from app.models.base import utcnow
from app.services import messaging
from app.translations import lazy_gettext as _l

NOTIFYING = {Step.INFORMATION_REQUESTED, Step.APPROVED, Step.REJECTED, Step.PAID}

# Ready-made requests for more information: the caseworker picks one, and each resident reads
# it in their own language. The caseworker's own words are shown as written.
REQUESTS = {
    "certificate_photo": _l(
        "Please send a clear photo of both sides of your disability certificate."
    ),
    "id_card_photo": _l("Please send a clear photo of both sides of your ID card."),
    "bank_card_photo": _l("Please send a photo of your bank card, showing the account number."),
    "licence_photo": _l("Please send a clear photo of your business licence."),
    "income_proof": _l(
        "Please send proof of your household's income, such as the subsistence allowance card."
    ),
    "home_photos": _l("Please send photos of the places at home that are hard to use."),
    "business_income": _l(
        "Please send your business's income or turnover records for the last three months."
    ),
}
# Reasons for not approving, from a list, so that reports can count them.
REASONS = {
    "not_eligible": _l("The programme's conditions are not met."),
    "documents": _l("The documents do not show what the application says."),
    "received_already": _l("This aid was received already."),
    "outside_prefecture": _l("The applicant does not live in the prefecture."),
    "other": _l("Another reason, given below."),
}


def record(application: Application, event: ApplicationEvent) -> Notification | None:
    """Adds the inbox message for a step, in the step's transaction; None for quiet steps and
    for a closed account, which has no inbox and no number to text."""
    if event.step not in NOTIFYING or db.session.get(User, application.resident_id).closed_at:
        return None
    require_values(event)
    notice = Notification(
        user_id=application.resident_id,
        application=application,
        kind=event.step,
        details={
            "amount": event.amount_yuan,
            "request": event.reason if event.step == Step.INFORMATION_REQUESTED else None,
            "reason": event.reason if event.step == Step.REJECTED else None,
            "note": event.note,
            "note_translations": event.note_translations,
            "paid_on": event.paid_on.isoformat() if event.paid_on else None,
        },
    )
    db.session.add(notice)
    return notice


class MissingValue(ValueError):
    """A step whose message would have a gap where a value belongs."""


# What a step must carry for its message to be whole.
NEEDS = {Step.APPROVED: ("amount_yuan",), Step.PAID: ("amount_yuan", "paid_on")}


def require_values(event: ApplicationEvent) -> None:
    """Refuses a step without a value its message needs (a payment without its date)."""
    missing = [name for name in NEEDS.get(event.step, ()) if getattr(event, name) is None]
    if missing:
        raise MissingValue(f"a {event.step} step needs {', '.join(missing)}")


# Each kind's first line; where a value may be missing (a notice kept from before NEEDS), a
# shorter sentence without it follows. The first whose values are all there is shown.
HEADLINES = {
    Step.INFORMATION_REQUESTED: (_l("We need more information for application %(reference)s."),),
    Step.APPROVED: (
        _l("Application %(reference)s is approved: %(amount)s."),
        _l("Application %(reference)s is approved."),
    ),
    Step.REJECTED: (_l("Application %(reference)s is not approved."),),
    Step.PAID: (
        _l("%(amount)s for application %(reference)s was paid on %(date)s."),
        _l("The payment for application %(reference)s was made."),
    ),
}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _values(notice: Notification) -> dict[str, str]:
    """The values a notice has, in the reader's language; none is an empty string."""
    amount = notice.details.get("amount")
    values = {
        "reference": notice.application.reference,
        "amount": yuan(amount) if amount is not None else None,
        "date": formats.day(_paid_on(notice)) if notice.details.get("paid_on") else None,
    }
    return {name: value for name, value in values.items() if value}


def _sentence(kind: str, values: dict) -> str:
    """The kind's first sentence (translated) whose placeholders all have a value."""
    for template in HEADLINES[kind]:
        text = str(template)
        if set(PLACEHOLDER.findall(text)) <= set(values):
            return text
    raise MissingValue(f"no {kind} sentence can be made with {sorted(values)}")


def headline(notice: Notification, on_page: bool = True) -> str | Markup:
    """The message's first line, in the language of the page (or of force_locale), never with
    a gap. On a page the reference and the amount are kept left-to-right in right-to-left text."""
    values = _values(notice)
    template = _sentence(notice.kind, values)
    if not on_page:
        return template % values
    kept_apart = {"reference", "amount"}
    return escape(template) % {
        name: ltr(value) if name in kept_apart else value for name, value in values.items()
    }


def _chosen_text(step: str, code: str | None) -> str | None:
    """A ready-made request or a reason from the list, in the reader's language."""
    labels = {Step.INFORMATION_REQUESTED: REQUESTS, Step.REJECTED: REASONS}.get(step, {})
    return str(labels[code]) if code in labels else None


def explanation(notice: Notification) -> str | None:
    return _chosen_text(notice.kind, notice.details.get("request") or notice.details.get("reason"))


def step_explanation(event: ApplicationEvent) -> str | None:
    return _chosen_text(event.step, event.reason)


def _paid_on(notice: Notification) -> date:
    return date.fromisoformat(notice.details["paid_on"])


def text_message(notice: Notification, resident: User) -> messaging.Message:
    """The text message about a step, in the resident's language: its template's values (the
    reference, and an amount or a date where the step has one), and the whole text."""

    def write() -> tuple[dict, str]:
        parts = [
            gettext("Changji Disability Services:"),
            headline(notice, on_page=False),
            explanation(notice),
            gettext("Read more in the app under Messages."),
        ]
        return _values(notice), formats.sentences(*parts)

    return messaging.compose(messaging.Kind(notice.kind), resident.locale, write)


def send(notice: Notification, now: datetime | None = None) -> messaging.Outcome:
    """Sends the text message once; one that could not be sent waits for `flask
    send-reminders`, after a pause, or ends as failed (shown to staff)."""
    resident = db.session.get(User, notice.user_id)
    message = text_message(notice, resident)
    return messaging.send_once(Notification, notice.id, resident.mobile, message, at=now)


def send_unsent(now: datetime | None = None) -> int:
    """Sends every message about an application that is due; returns how many went."""
    now = now or utcnow()
    unsent = db.session.scalars(
        select(Notification).where(*messaging.due(Notification, now)).order_by(Notification.id)
    ).all()
    return sum(send(notice, now) is messaging.Outcome.SENT for notice in unsent)


def inbox(resident: User) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == resident.id)
            .options(selectinload(Notification.application))
            .order_by(Notification.created_at.desc(), Notification.id.desc())
        )
    )


def unread_count(resident: User) -> int:
    """How many of the resident's messages wait unread: counted with the session already when
    the resident is the one signed in (app/sessions.py), else now."""
    opened = sessions.current() if has_request_context() else None
    counted = getattr(opened, "unread", None)
    if counted is not None and opened.account is not None and opened.account.id == resident.id:
        return counted
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == resident.id, Notification.read_at.is_(None))
    )


def mark_read(resident: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == resident.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    if has_request_context():
        sessions.current().unread = None  # the count the session began with is out of date
