"""Changes to a person's own account."""

from sqlalchemy import delete

from app.extensions import db
from app.models import User, WebSession
from app.services import audit


def set_locale(user: User, locale: str) -> None:
    if user.locale == locale:
        return
    user.locale = locale
    audit.record(
        actor=user, resident=user, action="account.language", subject=user, changes=["locale"]
    )
    db.session.commit()


def sign_out_everywhere(user: User) -> None:
    """Ends every session of the account, on every phone and computer."""
    end_sessions(user)
    audit.record(actor=user, resident=user, action="account.signed_out_everywhere", subject=user)
    db.session.commit()


def update_details(resident: User, updates: dict, actor: User) -> None:
    """Details kept for the resident (a certificate number given while booking, say)."""
    resident.details = {**(resident.details or {}), **updates}
    audit.record(
        actor=actor,
        resident=resident,
        action="account.details",
        subject=resident,
        changes=list(updates),
    )
    db.session.commit()


def end_sessions(user: User) -> None:
    """Ends every session of the account at once, in the caller's transaction: their next
    request finds no session."""
    db.session.execute(delete(WebSession).where(WebSession.user_id == user.id))
