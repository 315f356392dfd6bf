"""A caseworker's day: the district's queue, taking an application, and deciding it.

The decisions themselves are steps of `applications.take_step`, which refuses what the state
does not allow and tells the resident.
"""

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.identifiers import compact
from app.models import Application, Status, Step, User
from app.services import applications, audit

PAGE_SIZE = 25
# What "waiting" means in the queue: submitted and not yet decided.
WAITING = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.MORE_INFO)
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
        return query.where(Application.id_number == typed)
    return query.where(Application.applicant_name == term)


def queue(wanted: QueueQuery) -> QueuePage:
    """A district's submitted applications, oldest first, a page at a time."""
    query = select(Application).where(Application.district == wanted.district)
    if wanted.status == "waiting":
        query = query.where(Application.status.in_(WAITING))
    elif wanted.status == "all":
        query = query.where(Application.status != Status.DRAFT)
    else:
        query = query.where(Application.status == wanted.status)
    if wanted.programme:
        query = query.where(Application.programme == wanted.programme)
    if wanted.search.strip():
        query = _searched(query, wanted.search)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = min(max(1, wanted.page), max(1, -(-total // PAGE_SIZE)))
    found = db.session.scalars(
        query.order_by(Application.submitted_at, Application.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return QueuePage(applications=list(found), total=total, page=page)


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
        applications.take_step(application, Step.REVIEW_STARTED, caseworker)


def request_information(
    application: Application, caseworker: User, request: str | None, note: str | None
) -> None:
    applications.take_step(
        application, Step.INFORMATION_REQUESTED, caseworker, note=note, reason=request
    )


def approve(application: Application, caseworker: User, amount_yuan: int) -> None:
    applications.take_step(application, Step.APPROVED, caseworker, amount_yuan=amount_yuan)


def reject(application: Application, caseworker: User, reason: str, note: str | None) -> None:
    applications.take_step(application, Step.REJECTED, caseworker, note=note, reason=reason)


def record_payment(
    application: Application, caseworker: User, paid_on: date, amount_yuan: int, reference: str
) -> None:
    applications.take_step(
        application,
        Step.PAID,
        caseworker,
        amount_yuan=amount_yuan,
        paid_on=paid_on,
        payment_reference=reference,
    )
