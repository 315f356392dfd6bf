"""Family members who act for a resident, and the staff invitations that make staff accounts."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.user import User


class LinkStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    REMOVED = "removed"


class FamilyLink(Base):
    """A family member's link to a resident: asked for by the family member, approved by the
    resident (or by a caseworker on proof), removable by either.

    A request names the resident by their mobile number, whether or not anyone has signed in
    with it yet (so that asking tells nobody who has an account): `resident_id` stays empty
    until the number's first sign-in, when the request reaches them."""

    __tablename__ = "family_links"
    __table_args__ = (
        # At most one live link (asked for, or approved) between two people.
        Index(
            "uq_family_links_live",
            "resident_mobile",
            "family_id",
            unique=True,
            sqlite_where=text("status IN ('requested', 'approved')"),
            postgresql_where=text("status IN ('requested', 'approved')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_mobile: Mapped[str] = mapped_column(String(11))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    relationship_to_resident: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=LinkStatus.REQUESTED)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # What a caseworker saw when approving on proof (the household register, say).
    proof: Mapped[str | None] = mapped_column(Text)

    resident: Mapped[User | None] = relationship(foreign_keys=[resident_id])
    family: Mapped[User] = relationship(foreign_keys=[family_id])


class StaffInvitation(Base):
    """A one-time link an administrator gives a new member of staff. Only its hash is kept."""

    __tablename__ = "staff_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(20))
    district: Mapped[str | None] = mapped_column(String(20))
    station: Mapped[str | None] = mapped_column(String(40))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A new link for a member of staff who lost their passkey: only their account may use it.
    for_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
