"""An application for an aid programme, from first answer to decision."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.encryption import EncryptedJSON
from app.models.base import Base, utcnow
from app.models.user import User


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    MORE_INFO = "more_info"  # the caseworker asked the resident for more information
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"
    WITHDRAWN = "withdrawn"


class Step(StrEnum):
    """What happened to an application: each step is a line of its timeline."""

    SUBMITTED = "submitted"
    REVIEW_STARTED = "review_started"
    INFORMATION_REQUESTED = "information_requested"
    INFORMATION_GIVEN = "information_given"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"
    WITHDRAWN = "withdrawn"


# Submitted and not decided yet: what waits in a caseworker's queue.
WAITING_SQL = "status IN ('submitted', 'under_review', 'more_info')"


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
        # A caseworker's queue, oldest first: what waits (the usual view), everything
        # submitted, or one status. Each reads a page without sorting the district's rows;
        # "id" lets a deep page be found from the index alone (see casework.queue).
        Index(
            "ix_applications_waiting",
            "district",
            "submitted_at",
            "id",
            sqlite_where=text(WAITING_SQL),
            postgresql_where=text(WAITING_SQL),
            postgresql_include=["programme"],
        ),
        Index(
            "ix_applications_submitted",
            "district",
            "submitted_at",
            "id",
            sqlite_where=text("submitted_at IS NOT NULL"),
            postgresql_where=text("submitted_at IS NOT NULL"),
            postgresql_include=["programme"],
        ),
        Index("ix_applications_queue", "district", "status", "submitted_at"),
        # The figures of a period: the day first, then every column a report reads, so that a
        # year of the prefecture is counted from the index alone.
        Index("ix_applications_received", "submitted_at", "district", "programme"),
        Index(
            "ix_applications_decided",
            "decided_at",
            "district",
            "programme",
            "status",
            "approved_yuan",
            "submitted_at",
            sqlite_where=text("decided_at IS NOT NULL"),
            postgresql_where=text("decided_at IS NOT NULL"),
        ),
        Index(
            "ix_applications_paid",
            "paid_on",
            "district",
            "programme",
            "paid_yuan",
            sqlite_where=text("paid_on IS NOT NULL"),
            postgresql_where=text("paid_on IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme: Mapped[str] = mapped_column(String(40))
    # Whom the application is for, and who started it (the same person, or later a family member).
    resident_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT)
    # ID, certificate and bank account numbers in it are encrypted at rest (decision 13).
    answers: Mapped[dict] = mapped_column(EncryptedJSON(binary_on_postgresql=True), default=dict)
    # Copied from the answers on submission, so that staff queues filter on a column.
    district: Mapped[str | None] = mapped_column(String(20), index=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    # Copied from the answers on submission, so that staff find an application by name or ID
    # number: the ID number as a keyed hash only (app/encryption.py), never in clear.
    applicant_name: Mapped[str | None] = mapped_column(String(60))
    id_number_index: Mapped[str | None] = mapped_column(String(50), index=True)
    # The caseworker who took it; none while it waits in the district's queue.
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Kept with each decision and payment, so that reports add up columns, not timelines.
    decided_at: Mapped[datetime | None]
    approved_yuan: Mapped[int | None]
    paid_yuan: Mapped[int | None]
    paid_on: Mapped[date | None]
    # Optimistic locking: a save that raced another is retried on fresh data, never lost.
    version: Mapped[int] = mapped_column(default=1)

    resident: Mapped[User] = relationship(foreign_keys=[resident_id])
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    events: Mapped[list["ApplicationEvent"]] = relationship(
        back_populates="application", order_by="ApplicationEvent.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class ApplicationEvent(Base):
    """A step in an application's life, with the words that came with it (a caseworker's
    question, a resident's answer, a reason) and, for approval and payment, the amount."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)
    # The note in other languages, by language code, as a member of staff wrote them beside it.
    note_translations: Mapped[dict | None] = mapped_column(JSON)
    amount_yuan: Mapped[int | None]
    # A rejection's reason from the list; a payment's date and the bank's reference.
    reason: Mapped[str | None] = mapped_column(String(30))
    paid_on: Mapped[date | None]
    payment_reference: Mapped[str | None] = mapped_column(String(40))

    application: Mapped[Application] = relationship(back_populates="events")


class Document(Base):
    """A file a resident gave with an application: a photo (re-encoded, without its metadata)
    or a PDF. The bytes live in the document store, under `storage_key`."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The question it answers, or the step (information given) it came with.
    field: Mapped[str] = mapped_column(String(40))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("application_events.id"))
    filename: Mapped[str] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship()
