"""For whom a signed-in person acts: themself, or a resident whose family member they are.

The choice is kept in the session and checked against the family links on every request, so a
removed link ends it at once."""

from flask import g, session
from flask_login import current_user

from app.extensions import db
from app.models import User
from app.services.family import may_act_for
from app.session_keys import ACTING_FOR


def acting_resident() -> User:
    """The resident the current person acts for now: another resident, or themself."""
    if "acting_resident" not in g:
        chosen = session.get(ACTING_FOR)
        resident = None
        if chosen and chosen != current_user.id and may_act_for(current_user, chosen):
            resident = db.session.get(User, chosen)
        g.acting_resident = resident or current_user._get_current_object()
    return g.acting_resident


def act_for(resident_id: int | None) -> None:
    if resident_id and resident_id != current_user.id:
        session[ACTING_FOR] = resident_id
    else:
        session.pop(ACTING_FOR, None)
    g.pop("acting_resident", None)


def banner_context() -> dict:
    """For the layout: the resident being acted for, when it is not the person signed in."""
    if not current_user.is_authenticated or current_user.is_staff:
        return {"acting_for": None}
    resident = acting_resident()
    return {"acting_for": resident if resident.id != current_user.id else None}
