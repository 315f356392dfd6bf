"""A resident's answer to the request for consent to process their sensitive personal
information (PIPL Art. 29): which text they answered, yes or no, when, and who gave it."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class Consent(Base):
    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The resident, or a family member acting for them.
    given_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The version of the text the person read: a new text asks again.
    version: Mapped[str] = mapped_column(String(20))
    agreed: Mapped[bool]
    at: Mapped[datetime] = mapped_column(default=utcnow)
