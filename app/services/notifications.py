"""Telling a resident what happened to an application: a message in the in-app inbox, and a
text message in the resident's own language.

The inbox keeps the kind and its details, not text, so that each reader sees it in their own
language. The text message goes after the transaction that made the step: a step that did not
happen is never announced. One that could not be sent is sent by `flask send-reminders`.
"""

import logging
from datetime import date

from flask_babel import force_locale, format_currency, format_date, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import ltr
from app.models import Application, ApplicationEvent, Notification, Step, User
from app.models.base import utcnow
from app.services import messaging

log = logging.getLogger(__name__)

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


HEADLINES = {
    Step.INFORMATION_REQUESTED: _l("We need more information for application %(reference)s."),
    Step.APPROVED: _l("Application %(reference)s is approved: %(amount)s."),
    Step.REJECTED: _l("Application %(reference)s is not approved."),
    Step.PAID: _l("%(amount)s for application %(reference)s was paid on %(date)s."),
}


def headline(notice: Notification, on_page: bool = True) -> str | Markup:
    """The message's first line, in the language of the page (or of force_locale). On a page
    the reference and the amount are kept left-to-right inside right-to-left text."""
    amount = notice.details.get("amount")
    values = {
        "reference": notice.application.reference,
        "amount": format_currency(amount, "CNY") if amount is not None else "",
        "date": format_date(_paid_on(notice), "long") if notice.details.get("paid_on") else "",
    }
    template = str(HEADLINES[notice.kind])
    if not on_page:
        return template % values
    return escape(template) % {
        "reference": ltr(values["reference"]),
        "amount": ltr(values["amount"]),
        "date": values["date"],
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


def text_message(notice: Notification, resident: User) -> str:
    with force_locale(resident.locale or "zh"):
        parts = [
            gettext("Changji Disability Services:"),
            headline(notice, on_page=False),
            explanation(notice),
        ]
        parts.append(gettext("Read more in the app under Messages."))
        return " ".join(str(part) for part in parts if part)


def send(notice: Notification) -> bool:
    """Sends the text message once; a failure is logged (without the number) and retried."""
    resident = db.session.get(User, notice.user_id)
    try:
        return messaging.send_once(
            Notification, notice.id, resident.mobile, text_message(notice, resident)
        )
    except Exception:
        log.exception("the message for notification %s could not be sent", notice.id)
        return False


def send_unsent() -> int:
    unsent = db.session.scalars(
        select(Notification).where(Notification.sent_at.is_(None)).order_by(Notification.id)
    ).all()
    return sum(send(notice) for notice in unsent)


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
