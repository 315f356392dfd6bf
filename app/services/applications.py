"""Starting, answering and submitting applications. Each function is one transaction."""

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import Application, Status, User
from app.models.base import utcnow
from app.programmes.journey import Programme
from app.services import audit

# Reference numbers carry the year in the prefecture's own time (Beijing time).
LOCAL_TIME = ZoneInfo("Asia/Shanghai")
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


def save_answers(application: Application, updates: dict[str, Any], actor: User) -> None:
    def change() -> bool:
        if not application.is_draft:
            raise NotADraft
        changed = [k for k, v in updates.items() if application.answers.get(k) != v]
        if not changed:
            return False
        application.answers = {**application.answers, **updates}
        audit.record(
            actor=actor,
            resident=application.resident,
            action="application.answered",
            subject=application,
            changes=changed,
        )
        return True

    _with_retries(application, change)


def submit(application: Application, programme: Programme, actor: User) -> None:
    """Draft to submitted, once: a second submit (double tap, back and submit) changes nothing."""

    def change() -> bool:
        if not application.is_draft:
            return False
        now = utcnow()
        application.answers = programme.final_answers(application.answers)
        application.status = Status.SUBMITTED
        application.submitted_at = now
        application.district = application.answers.get(programme.district_field)
        application.reference = reference_number(application.id, now.astimezone(LOCAL_TIME).year)
        audit.record(
            actor=actor,
            resident=application.resident,
            action="application.submitted",
            subject=application,
            changes=["status"],
        )
        return True

    _with_retries(application, change)


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
