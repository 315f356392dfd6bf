"""Messages to a resident about their applications: the in-app inbox.

Kept as a kind and its details rather than as text, so that each is shown in the language of
whoever reads it, and sent as a text message in the resident's own.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.application import Application
from app.models.base import Base, utcnow
from app.models.outbox import Outbox


class Notification(Outbox, Base):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    # The step that happened: information_requested, approved, rejected or paid.
    kind: Mapped[str] = mapped_column(String(30))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    application: Mapped[Application] = relationship()
