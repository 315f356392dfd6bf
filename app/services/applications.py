"""Starting, answering and submitting applications. Each function is one transaction."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app import encryption
from app.extensions import db
from app.models import Application, ApplicationEvent, Document, Status, Step, User
from app.models.base import LOCAL_TIME, utcnow
from app.programmes.journey import Programme
from app.services import audit, notifications
from app.services import documents as document_store

RETRIES = 3


class NotADraft(Exception):
    """The application was submitted meanwhile (in another tab, say): answers can not change."""


def draft_for(resident: User, programme: Programme) -> Application | None:
    return db.session.scalars(
        select(Application).where(
            Application.resident_id == resident.id,
            Application.programme == programme.code,
            Application.status == Status.DRAFT,
        )
    ).first()


def start(programme: Programme, resident: User, actor: User) -> Application:
    """The resident's draft for this programme; a new one only when there is none."""
    existing = draft_for(resident, programme)
    if existing:
        return existing
    application = Application(
        programme=programme.code, resident_id=resident.id, created_by_id=actor.id, answers={}
    )
    db.session.add(application)
    try:
        db.session.flush()
        audit.record(
            actor=actor, resident=resident, action="application.started", subject=application
        )
        db.session.commit()
    except IntegrityError:  # a second tap made the draft a moment ago
        db.session.rollback()
        return draft_for(resident, programme)
    return application


def _with_retries(application: Application, change: Callable[[], bool]) -> None:
    """Applies `change` and commits; when another request changed the row first, reloads and
    tries again, so that two quick saves both land and neither overwrites the other."""
    for _ in range(RETRIES):
        if not change():
            db.session.rollback()
            return
        try:
            db.session.commit()
            return
        except StaleDataError:
            db.session.rollback()
            db.session.refresh(application)
    raise RuntimeError("application kept changing under us")


def save_answers(
    application: Application,
    updates: dict[str, Any],
    actor: User,
    new_documents: dict[str, list[document_store.Cleaned]] | None = None,
) -> None:
    """Saves one page's answers. Files checked already are kept and added to their answer."""

    def change() -> bool:
        if not application.is_draft:
            raise NotADraft
        answers = {**application.answers, **updates}
        for field, files in (new_documents or {}).items():
            kept = [document_store.keep(application, field, f, actor).id for f in files]
            answers[field] = list(application.answers.get(field) or []) + kept
        return _replace_answers(application, answers, actor)

    _with_retries(application, change)


def update_group(
    application: Application, name: str, index: int, item: dict | None, actor: User
) -> None:
    """Puts an "add another" item at `index` (at the end to add one); None removes it."""

    def change() -> bool:
        if not application.is_draft:
            raise NotADraft
        items = list(application.answers.get(name) or [])
        if item is None:
            del items[index]
        elif index < len(items):
            items[index] = item
        else:
            items.append(item)
        return _replace_answers(application, {**application.answers, name: items}, actor)

    _with_retries(application, change)


def remove_document(application: Application, field: str, document: Document, actor: User) -> None:
    """Takes a document back from a draft's answer, and deletes it (the caller checked that it
    is this draft's: access.document_or_404)."""
    document_id = document.id

    def change() -> bool:
        if not application.is_draft:
            raise NotADraft
        ids = [i for i in application.answers.get(field) or [] if i != document_id]
        found = db.session.get(Document, document_id)
        if found is not None:
            document_store.forget(found)
        return _replace_answers(application, {**application.answers, field: ids}, actor)

    _with_retries(application, change)


def _replace_answers(application: Application, answers: dict[str, Any], actor: User) -> bool:
    """Sets the answers and records which changed; False when nothing did."""
    old = application.answers
    changed = [k for k in answers.keys() | old.keys() if answers.get(k) != old.get(k)]
    if not changed:
        return False
    application.answers = answers
    audit.record(
        actor=actor,
        resident=application.resident,
        action="application.answered",
        subject=application,
        changes=changed,
    )
    return True


def submit(application: Application, programme: Programme, actor: User) -> None:
    """Draft to submitted, once: a second submit (double tap, back and submit) changes nothing.
    The resident's reusable details (name, ID, bank account...) are kept for next time."""

    def change() -> bool:
        if not application.is_draft:
            return False
        now = utcnow()
        application.answers = programme.final_answers(application.answers)
        application.status = Status.SUBMITTED
        application.submitted_at = now
        application.district = application.answers.get(programme.district_field)
        application.reference = reference_number(application.id, now.astimezone(LOCAL_TIME).year)
        application.applicant_name = application.answers.get("full_name")
        application.id_number_index = encryption.id_number_index(
            application.answers.get("id_number")
        )
        db.session.add(
            ApplicationEvent(
                application=application, step=Step.SUBMITTED, at=now, actor_id=actor.id
            )
        )
        resident = application.resident
        resident.details = {**(resident.details or {}), **programme.reusable(application.answers)}
        audit.record(
            actor=actor,
            resident=resident,
            action="application.submitted",
            subject=application,
            changes=["status", "details"],
        )
        return True

    _with_retries(application, change)


class NotAllowed(Exception):
    """The step does not follow from where the application is (rejecting a paid one, say)."""


# What each step leads to, and the states it may be taken from.
STEP_LEADS_TO = {
    Step.REVIEW_STARTED: Status.UNDER_REVIEW,
    Step.INFORMATION_REQUESTED: Status.MORE_INFO,
    Step.INFORMATION_GIVEN: Status.UNDER_REVIEW,
    Step.APPROVED: Status.APPROVED,
    Step.REJECTED: Status.REJECTED,
    Step.PAID: Status.PAID,
    Step.WITHDRAWN: Status.WITHDRAWN,
}
STEP_ALLOWED_FROM = {
    Step.REVIEW_STARTED: {Status.SUBMITTED},
    Step.INFORMATION_REQUESTED: {Status.SUBMITTED, Status.UNDER_REVIEW},
    Step.INFORMATION_GIVEN: {Status.MORE_INFO},
    Step.APPROVED: {Status.SUBMITTED, Status.UNDER_REVIEW},
    Step.REJECTED: {Status.SUBMITTED, Status.UNDER_REVIEW, Status.MORE_INFO},
    Step.PAID: {Status.APPROVED},
    Step.WITHDRAWN: {Status.SUBMITTED, Status.UNDER_REVIEW, Status.MORE_INFO},
}
# Not yet decided: the resident may still withdraw.
UNDECIDED = STEP_ALLOWED_FROM[Step.WITHDRAWN]


def take_step(
    application: Application,
    event: ApplicationEvent,
    actor: User | None,
    documents: list[document_store.Cleaned] | None = None,
) -> ApplicationEvent:
    """Moves an application on by one step (`event`: its step, with the note, amount, reason
    or payment that came with it), refusing what its state does not allow; the step's files
    (checked already) are kept with it, and the resident is told of decisions."""
    step = event.step
    notifications.require_values(event)
    event.actor_id = actor.id if actor else None
    notices = []

    def change() -> bool:
        if application.status not in STEP_ALLOWED_FROM[step]:
            raise NotAllowed(f"{step} is not allowed when {application.status}")
        application.status = STEP_LEADS_TO[step]
        event.at = utcnow()
        _keep_figures(application, event)
        event.application = application
        db.session.add(event)
        db.session.flush()
        for cleaned in documents or []:
            document_store.keep(application, step, cleaned, actor, event_id=event.id)
        audit.record(
            actor=actor,
            resident=application.resident,
            action=f"application.{step}",
            subject=application,
            changes=["status"],
        )
        notices[:] = [notifications.record(application, event)]
        return True

    _with_retries(application, change)
    for notice in notices:
        if notice is not None:
            notifications.send(notice)
    return event


def _keep_figures(application: Application, event: ApplicationEvent) -> None:
    """Decisions and payments also land on the application, where reports add them up."""
    if event.step in (Step.APPROVED, Step.REJECTED):
        application.decided_at = event.at
    if event.step == Step.APPROVED:
        application.approved_yuan = event.amount_yuan
    if event.step == Step.PAID:
        application.paid_yuan = event.amount_yuan
        application.paid_on = event.paid_on


def reference_number(application_id: int, year: int) -> str:
    return f"CJ-{year}-{application_id:06d}"


def for_resident(resident: User) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.resident_id == resident.id)
            .order_by(Application.updated_at.desc())
        )
    )
