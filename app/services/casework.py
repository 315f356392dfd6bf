"""A caseworker's day: the district's queue, taking an application, and deciding it.

The decisions themselves are steps of `applications.take_step`, which refuses what the state
does not allow and tells the resident.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import JSON, bindparam, func, select, text, type_coerce

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


@dataclass(frozen=True, slots=True)
class QueueRow:
    """What the queue shows of an application: read as plain columns, not as an object."""

    id: int
    programme: str
    reference: str | None
    applicant_name: str | None
    id_number: str | None
    submitted_at: datetime | None
    status: str
    assigned_to_id: int | None
    # The caseworker who took it, named as others see them (User.display_name); None if nobody.
    assigned_to_name: str | None


@dataclass(frozen=True)
class QueuePage:
    applications: list[QueueRow]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


APPLICATIONS = Application.__table__.c
ASSIGNEES = User.__table__.alias("assignee")
OLDEST_FIRST = (APPLICATIONS.submitted_at, APPLICATIONS.id)


@dataclass(frozen=True)
class _QueueStatements:
    count: object
    page: object


# The queue's statements, built once for each shape of question (which filters it has) and then
# run with the question's values: building a statement is much of what a query costs Python.
_statements: dict[tuple, _QueueStatements] = {}


def _search_kind(search: str) -> tuple[str | None, dict]:
    """A reference, an ID number (typed as people type them) or a name, found exactly: which
    one, and the values to look for."""
    term = search.strip()
    if not term:
        return None, {}
    reference = term.upper().replace(" ", "")
    if REFERENCE.fullmatch(reference):
        return "reference", {"reference": reference}
    typed = compact(term)
    if ID_NUMBER.fullmatch(typed):
        # Kept only as a keyed hash: the same hash of what was typed finds it.
        return "id_number", {"id_number_indexes": encryption.blind_index().every(typed)}
    return "name", {"applicant_name": term}


def _statements_for(status: str, programme: bool, search: str | None) -> _QueueStatements:
    key = (status if status in ("waiting", "all") else "one", programme, search)
    found = _statements.get(key)
    if found is not None:
        return found
    query = select(APPLICATIONS.id).where(APPLICATIONS.district == bindparam("district"))
    if status == "waiting":
        # Written as the partial index's own condition, literally, so the index always serves.
        query = query.where(text(WAITING_SQL))
    elif status == "all":
        query = query.where(APPLICATIONS.submitted_at.is_not(None))  # drafts never were
    else:
        query = query.where(APPLICATIONS.status == bindparam("status"))
    if programme:
        query = query.where(APPLICATIONS.programme == bindparam("programme"))
    if search == "reference":
        query = query.where(APPLICATIONS.reference == bindparam("reference"))
    elif search == "id_number":
        query = query.where(
            APPLICATIONS.id_number_index.in_(bindparam("id_number_indexes", expanding=True))
        )
    elif search == "name":
        query = query.where(APPLICATIONS.applicant_name == bindparam("applicant_name"))
    count = select(func.count()).select_from(query.subquery())
    # The page's ids come from an index alone; only those 25 rows are then read in full, with
    # the count beside them (worked out once, not for each row).
    ids = query.order_by(*OLDEST_FIRST).limit(PAGE_SIZE).offset(bindparam("offset"))
    page = (
        select(
            count.scalar_subquery().label("total"),
            APPLICATIONS.id,
            APPLICATIONS.programme,
            APPLICATIONS.reference,
            APPLICATIONS.applicant_name,
            # Only the ID number of the answers, still sealed: the one value then decrypted.
            type_coerce(APPLICATIONS.answers, JSON)["id_number"].label("id_number"),
            APPLICATIONS.submitted_at,
            APPLICATIONS.status,
            APPLICATIONS.assigned_to_id,
            ASSIGNEES.c.id.label("assignee_id"),
            ASSIGNEES.c.name.label("assignee_name"),
            ASSIGNEES.c.details.label("assignee_details"),
            ASSIGNEES.c.mobile.label("assignee_mobile"),
        )
        .outerjoin(ASSIGNEES, ASSIGNEES.c.id == APPLICATIONS.assigned_to_id)
        .where(APPLICATIONS.id.in_(ids.scalar_subquery()))
        .order_by(*OLDEST_FIRST)
    )
    found = _statements[key] = _QueueStatements(count=count, page=page)
    return found


@dataclass(frozen=True, slots=True)
class _Named:
    """What User.display_name reads, for a caseworker read as columns."""

    name: str | None
    details: dict | None
    mobile: str | None


def _unsealed_id_number(stored):
    if stored is None:
        return None
    return encryption.cipher().unseal({"id_number": stored})["id_number"]


def _row(row) -> QueueRow:
    assignee = None
    if row.assignee_id is not None:
        assignee = User.display_name.fget(
            _Named(row.assignee_name, row.assignee_details, row.assignee_mobile)
        )
    return QueueRow(
        id=row.id,
        programme=row.programme,
        reference=row.reference,
        applicant_name=row.applicant_name,
        id_number=_unsealed_id_number(row.id_number),
        submitted_at=row.submitted_at,
        status=row.status,
        assigned_to_id=row.assigned_to_id,
        assigned_to_name=assignee,
    )


def queue(wanted: QueueQuery) -> QueuePage:
    """A district's submitted applications, oldest first, a page at a time."""
    search, values = _search_kind(wanted.search)
    statements = _statements_for(wanted.status, bool(wanted.programme), search)
    values["district"] = wanted.district
    if wanted.status not in ("waiting", "all"):
        values["status"] = wanted.status
    if wanted.programme:
        values["programme"] = wanted.programme
    connection = db.session.connection()
    page = max(1, wanted.page)
    rows = connection.execute(statements.page, {**values, "offset": (page - 1) * PAGE_SIZE}).all()
    if rows:
        total = rows[0].total
    elif page == 1:
        total = 0  # nothing on the first page: nothing at all
    else:
        # Past the last page: the count says which page is last, and that one is shown.
        total = connection.execute(statements.count, values).scalar_one()
        last = max(1, -(-total // PAGE_SIZE))
        if last < page:
            page = last
            rows = connection.execute(
                statements.page, {**values, "offset": (page - 1) * PAGE_SIZE}
            ).all()
    return QueuePage(applications=[_row(row) for row in rows], total=total, page=page)


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
