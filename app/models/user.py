"""Accounts, their passkeys and the one-time codes that sign them in."""

import secrets
from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.encryption import EncryptedJSON
from app.identifiers import mask_mobile
from app.models.base import Base, utcnow


class Role(StrEnum):
    RESIDENT = "resident"  # residents and their family members alike
    CASEWORKER = "caseworker"  # of one district's federation
    STATION_STAFF = "station_staff"  # of one rehabilitation or lending station
    ADMIN = "admin"  # of the prefecture's federation

    @property
    def is_staff(self) -> bool:
        return self is not Role.RESIDENT


class User(UserMixin, Base):
    """Anyone who signs in: residents, family members and staff."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None once the account is closed: the number may then make a new account.
    mobile: Mapped[str | None] = mapped_column(String(11), unique=True)
    # The language messages to this person are written in; follows their last choice.
    locale: Mapped[str] = mapped_column(String(10), default="zh")
    # WebAuthn user handle: random and never shown, so a passkey does not reveal who it is for.
    webauthn_user_handle: Mapped[bytes] = mapped_column(
        LargeBinary(64), unique=True, default=lambda: secrets.token_bytes(32)
    )
    role: Mapped[str] = mapped_column(String(20), default=Role.RESIDENT, server_default="resident")
    # A caseworker's district; a station worker's station.
    district: Mapped[str | None] = mapped_column(String(20))
    station: Mapped[str | None] = mapped_column(String(40))
    # How staff are named to others; residents are named by the name in their details.
    name: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_signed_in_at: Mapped[datetime | None]
    # Closed at the person's request: what the law lets us delete is gone; decided applications
    # stay for their period (app/services/closing.py).
    closed_at: Mapped[datetime | None]
    # Details the resident gave in applications (name, ID, bank account...), offered again on
    # the next one so that nobody types them twice. Identifiers encrypted at rest (decision 13).
    details: Mapped[dict] = mapped_column(EncryptedJSON(), default=dict, server_default="{}")

    passkeys: Mapped[list["Passkey"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # How the session of this request was begun ("code" or "passkey"), set when the session
    # loads the account; not a column. Staff power needs "passkey" (app/access.py).
    signed_in_with = None

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_staff(self) -> bool:
        return Role(self.role).is_staff

    @property
    def display_name(self) -> str:
        """A name to show others: the staff name, the resident's own, else a masked number."""
        return self.name or (self.details or {}).get("full_name") or mask_mobile(self.mobile)


class Passkey(Base):
    """A WebAuthn credential: sign-in with it comes later; the shape is here now."""

    __tablename__ = "passkeys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[bytes] = mapped_column(LargeBinary(1023), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(default=0)
    transports: Mapped[list[str]] = mapped_column(JSON, default=list)
    name: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="passkeys")


class SignInCode(Base):
    """A one-time code sent to a mobile number. Only a keyed hash of the code is kept."""

    __tablename__ = "sign_in_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    mobile: Mapped[str] = mapped_column(String(11), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # Counted before the code is compared, the right try included: 5 at most, then it is dead.
    tries: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None]
