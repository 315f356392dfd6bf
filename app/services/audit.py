"""Adds audit events to the current transaction; the caller's commit writes them with the change."""

from sqlalchemy import select

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
