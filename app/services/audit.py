"""Adds audit events to the current transaction; the caller's commit writes them with the change."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from app.extensions import db
from app.models import AuditEvent, User


def record(
    *,
    actor: User | None,
    resident: User | None,
    action: str,
    subject: object | None = None,
    changes: list[str] | None = None,
) -> None:
    db.session.add(
        AuditEvent(
            actor_id=actor.id if actor else None,
            resident_id=resident.id if resident else None,
            action=action,
            subject_type=type(subject).__name__ if subject is not None else None,
            subject_id=getattr(subject, "id", None),
            changes=sorted(changes or []),
        )
    )


def actors_of(events: list[AuditEvent]) -> dict[int, User]:
    """The people who did what `events` record, by id, in one query."""
    ids = {event.actor_id for event in events if event.actor_id}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


# Built once: a read is written on every page of a resident's file that staff open.
_READ_INSERT = AuditEvent.__table__.insert()


def record_read(reader: User, resident_id: int, action: str, subject: object) -> None:
    """A member of staff looked at a resident's file: written at once, and shown to the
    resident on "Who looked at your file"."""
    session = db.session()
    session.connection().execute(
        _READ_INSERT,
        {
            "actor_id": reader.id,
            "resident_id": resident_id,
            "action": action,
            "subject_type": type(subject).__name__,
            "subject_id": getattr(subject, "id", None),
            "changes": [],
        },
    )
    # The read changes nothing else: what the page has loaded stays loaded, rather than each
    # object (the reader's account among them) being read again after the commit.
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring


# Reads of a resident's file by staff: listed on their own page, not among what was done.
READ = "read."


def done_for(resident_id: int, limit: int | None = 200) -> list[AuditEvent]:
    """What was done in a resident's name, newest first."""
    return _about(resident_id, AuditEvent.action.not_like(f"{READ}%"), limit)


def reads_of(resident_id: int, limit: int | None = 500) -> list[AuditEvent]:
    """Who from the federation looked at a resident's file, newest first."""
    return _about(resident_id, AuditEvent.action.like(f"{READ}%"), limit)


def _about(resident_id: int, kind, limit: int | None) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.resident_id == resident_id, kind)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did something, as the audit trail names them (User's own display_name and is_staff),
    read as columns."""

    id: int
    name: str | None
    details: dict | None
    mobile: str | None
    role: str
    district: str | None

    display_name = property(User.display_name.fget)
    is_staff = property(User.is_staff.fget)


@dataclass(frozen=True, slots=True)
class Event:
    """One thing done, as the trail shows it."""

    id: int
    at: datetime
    actor_id: int | None
    action: str


def history_of(subject_type: str, subject_id: int) -> tuple[list[Event], dict[int, Actor]]:
    """What was done to one object (an application, say), oldest first, reads left out; and the
    people who did it, by id, in the same query."""
    events, actors = [], {}
    rows = db.session.connection().execute(
        _HISTORY, {"subject_type": subject_type, "subject_id": subject_id}
    )
    for row in rows:
        events.append(Event(row.id, row.at, row.actor_id, row.action))
        if row.user_id is not None and row.user_id not in actors:
            actors[row.user_id] = Actor(
                row.user_id, row.name, row.details, row.mobile, row.role, row.district
            )
    return events, actors


# Built once, run with the subject's type and id (building a select is much of its cost).
_EVENTS = AuditEvent.__table__.c
_USERS = User.__table__.c
_HISTORY = (
    select(
        _EVENTS.id,
        _EVENTS.at,
        _EVENTS.actor_id,
        _EVENTS.action,
        _USERS.id.label("user_id"),
        _USERS.name,
        _USERS.details,
        _USERS.mobile,
        _USERS.role,
        _USERS.district,
    )
    .select_from(AuditEvent.__table__.outerjoin(User.__table__, _USERS.id == _EVENTS.actor_id))
    .where(
        _EVENTS.subject_type == bindparam("subject_type"),
        _EVENTS.subject_id == bindparam("subject_id"),
        _EVENTS.action.not_like(f"{READ}%"),
    )
    .order_by(_EVENTS.at, _EVENTS.id)
)
