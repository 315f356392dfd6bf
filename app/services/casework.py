"""A caseworker's day: the district's queue, taking an application, and deciding it.

The decisions themselves are steps of `applications.take_step`, which refuses what the state
does not allow and tells the resident.
"""

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import selectinload

from app import encryption
from app.extensions import db
from app.identifiers import compact
from app.models import Application, ApplicationEvent, Status, Step, User
from app.models.application import WAITING_SQL
from app.services import applications, audit

PAGE_SIZE = 25
REFERENCE = re.compile(r"CJ-\d{4}-\d{6}")
ID_NUMBER = re.compile(r"\d{17}[\dX]")


@dataclass(frozen=True)
class QueueQuery:
    district: str
    programme: str | None = None
    # A status, "waiting" (the default) or "all".
    status: str = "waiting"
    search: str = ""
    page: int = 1


@dataclass(frozen=True)
class QueuePage:
    applications: list[Application]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _searched(query, search: str):
    """A reference, an ID number (typed as people type them) or a name, found exactly."""
    term = search.strip()
    reference = term.upper().replace(" ", "")
    if REFERENCE.fullmatch(reference):
        return query.where(Application.reference == reference)
    typed = compact(term)
    if ID_NUMBER.fullmatch(typed):
        # Kept only as a keyed hash: the same hash of what was typed finds it.
        return query.where(Application.id_number_index.in_(encryption.blind_index().every(typed)))
    return query.where(Application.applicant_name == term)


def queue(wanted: QueueQuery) -> QueuePage:
    """A district's submitted applications, oldest first, a page at a time."""
    query = select(Application.id).where(Application.district == wanted.district)
    if wanted.status == "waiting":
        # Written as the partial index's own condition, literally, so the index always serves.
        query = query.where(text(WAITING_SQL))
    elif wanted.status == "all":
        query = query.where(Application.submitted_at.is_not(None))  # drafts never were
    else:
        query = query.where(Application.status == wanted.status)
    if wanted.programme:
        query = query.where(Application.programme == wanted.programme)
    if wanted.search.strip():
        query = _searched(query, wanted.search)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = min(max(1, wanted.page), max(1, -(-total // PAGE_SIZE)))
    oldest_first = (Application.submitted_at, Application.id)
    # The page's ids come from an index alone; only those 25 rows are then read in full.
    ids = query.order_by(*oldest_first).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    found = db.session.scalars(
        select(Application)
        .where(Application.id.in_(ids.scalar_subquery()))
        .options(selectinload(Application.assigned_to))
        .order_by(*oldest_first)
    ).all()
    return QueuePage(applications=list(found), total=total, page=page)


def recent(user: User, limit: int = 20) -> list[Application]:
    """The newest submitted applications a member of staff may see: their district's, or for an
    administrator the prefecture's; none for station staff."""
    if user.role not in ("caseworker", "admin"):
        return []
    query = select(Application).where(Application.status != Status.DRAFT)
    if user.role == "caseworker":
        query = query.where(Application.district == user.district)
    return list(db.session.scalars(query.order_by(Application.submitted_at.desc()).limit(limit)))


def assign_to_me(application: Application, caseworker: User) -> None:
    """The caseworker takes the application; its review starts if it had not."""
    application.assigned_to_id = caseworker.id
    audit.record(
        actor=caseworker,
        resident=application.resident,
        action="application.assigned",
        subject=application,
        changes=["assigned_to"],
    )
    db.session.commit()
    if application.status == Status.SUBMITTED:
        applications.take_step(application, ApplicationEvent(step=Step.REVIEW_STARTED), caseworker)


def request_information(
    application: Application,
    caseworker: User,
    request: str | None,
    note: str | None,
    translations: dict[str, str] | None = None,
) -> None:
    """A ready-made request (its key; each reader reads it in their language), or the
    caseworker's own words (`note`), with what they wrote beside it in other languages."""
    asked = ApplicationEvent(
        step=Step.INFORMATION_REQUESTED,
        note=note,
        note_translations=translations or None,
        reason=request,
    )
    applications.take_step(application, asked, caseworker)


def approve(application: Application, caseworker: User, amount_yuan: int) -> None:
    approved = ApplicationEvent(step=Step.APPROVED, amount_yuan=amount_yuan)
    applications.take_step(application, approved, caseworker)


def reject(
    application: Application,
    caseworker: User,
    reason: str,
    note: str | None,
    translations: dict[str, str] | None = None,
) -> None:
    rejected = ApplicationEvent(
        step=Step.REJECTED, note=note, note_translations=translations or None, reason=reason
    )
    applications.take_step(application, rejected, caseworker)


def record_payment(
    application: Application, caseworker: User, paid_on: date, amount_yuan: int, reference: str
) -> None:
    paid = ApplicationEvent(
        step=Step.PAID, amount_yuan=amount_yuan, paid_on=paid_on, payment_reference=reference
    )
    applications.take_step(application, paid, caseworker)
