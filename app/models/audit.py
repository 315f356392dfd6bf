"""The audit trail: who did what, for whom, and when. Written in the transaction of the change."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str | None] = mapped_column(String(30))
    subject_id: Mapped[int | None]
    # Names of what changed, never the values: the trail must not become a second copy of them.
    changes: Mapped[list[str]] = mapped_column(JSON, default=list)
