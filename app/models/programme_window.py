"""When a programme takes applications: set by an administrator; open always when unset."""

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class ProgrammeWindow(Base):
    __tablename__ = "programme_windows"

    programme: Mapped[str] = mapped_column(String(40), primary_key=True)
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]  # the last day it takes applications

    def is_open(self, today: date) -> bool:
        return (self.opens_on is None or self.opens_on <= today) and (
            self.closes_on is None or today <= self.closes_on
        )
