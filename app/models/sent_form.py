"""Forms the server has already acted on: the same form sent twice is answered, not done twice."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class SentForm(Base):
    """One rendered form (its key) with one set of answers (their digest), sent by one user.

    A double tap, or a phone sending again what it kept offline after the first send did arrive,
    finds this row and is sent to where the first send went; while the row has no location the
    send is still running, or was cut off (app/form_keys.py).
    """

    __tablename__ = "sent_forms"
    __table_args__ = (UniqueConstraint("user_id", "key", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(32))
    digest: Mapped[str] = mapped_column(String(64))
    # Where the first send was redirected; empty while it is still being handled.
    location: Mapped[str | None] = mapped_column(String(500))
    # When it was claimed, or taken over from a send cut off (app/form_keys.py).
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # Which try holds the claim: one more each time a send cut off is taken over, so that only
    # the try that holds it settles it.
    attempt: Mapped[int] = mapped_column(default=1, server_default="1")
