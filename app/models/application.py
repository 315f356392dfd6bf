"""An application for an aid programme, from first answer to decision."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.user import User


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        # One draft per programme and resident: starting twice (a double tap, a second phone)
        # resumes the same draft instead of making another.
        Index(
            "uq_applications_one_draft",
            "resident_id",
            "programme",
            unique=True,
            sqlite_where=text("status = 'draft'"),
            postgresql_where=text("status = 'draft'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme: Mapped[str] = mapped_column(String(40))
    # Whom the application is for, and who started it (the same person, or later a family member).
    resident_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT)
    answers: Mapped[dict] = mapped_column(JSON().with_variant(JSONB(), "postgresql"), default=dict)
    # Copied from the answers on submission, so that staff queues filter on a column.
    district: Mapped[str | None] = mapped_column(String(20), index=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    # Optimistic locking: a save that raced another is retried on fresh data, never lost.
    version: Mapped[int] = mapped_column(default=1)

    resident: Mapped[User] = relationship(foreign_keys=[resident_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT
