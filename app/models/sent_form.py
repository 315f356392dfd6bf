"""Forms the server has already acted on: the same form sent twice is answered, not done twice."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class SentForm(Base):
    """One rendered form (its key) with one set of answers (their digest), sent by one user.

    A double tap, or a phone sending again what it kept offline after the first send did arrive,
    finds this row and is sent to where the first send went.
    """

    __tablename__ = "sent_forms"
    __table_args__ = (UniqueConstraint("user_id", "key", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(32))
    digest: Mapped[str] = mapped_column(String(64))
    # Where the first send was redirected; empty while it is still being handled.
    location: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[datetime] = mapped_column(default=utcnow)
