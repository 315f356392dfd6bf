"""Adds audit events to the current transaction; the caller's commit writes them with the change."""

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
