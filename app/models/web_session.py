"""Sessions kept on the server, and the passkey challenges they are waiting to have answered."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class WebSession(Base):
    """One browser's session. Its cookie holds only a random token; the row is found by the
    token's hash, so a copy of this table signs nobody in. Deleting the row ends the session:
    an old cookie sent again finds nothing."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Nobody, while the visitor has not signed in.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # How the session was begun: "code" or "passkey". Staff power needs a passkey.
    method: Mapped[str | None] = mapped_column(String(10))
    # The session's values in Flask's tagged JSON, which keeps tuples, bytes and markup.
    data: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The session ends at whichever comes first: too long without a request, or too long in all.
    idle_seconds: Mapped[int]
    idle_until: Mapped[datetime] = mapped_column(index=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class PasskeyChallenge(Base):
    """A challenge given to a browser for one passkey ceremony: used once, within minutes, for
    the ceremony and the session it was given to."""

    __tablename__ = "passkey_challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony: Mapped[str] = mapped_column(String(20))
    challenge: Mapped[bytes] = mapped_column(LargeBinary(64))
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)
