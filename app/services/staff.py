"""Staff accounts: an administrator invites staff with a one-time link; the link makes the
account that opens it a staff account, which must then sign in with a passkey."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Role, StaffInvitation, User
from app.models.base import utcnow
from app.services import audit

INVITATION_LIFETIME = timedelta(days=7)


class InvitationProblem(Exception):
    """The link is unknown, used or out of date."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(
    admin: User | None,
    name: str,
    role: Role,
    district: str | None = None,
    station: str | None = None,
) -> str:
    """Makes a one-time invitation and returns its token, which is shown once and never kept."""
    if role is Role.RESIDENT:
        raise ValueError("staff invitations are for staff roles")
    token = secrets.token_urlsafe(32)
    invitation = StaffInvitation(
        token_hash=_hash(token),
        name=name,
        role=role,
        district=district if role is Role.CASEWORKER else None,
        station=station if role is Role.STATION_STAFF else None,
        created_by_id=admin.id if admin else None,
        expires_at=utcnow() + INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(actor=admin, resident=None, action="staff.invited", subject=invitation)
    db.session.commit()
    return token


def find(token: str) -> StaffInvitation:
    invitation = db.session.scalars(
        select(StaffInvitation).where(StaffInvitation.token_hash == _hash(token))
    ).first()
    if invitation is None or invitation.used_at or invitation.expires_at <= utcnow():
        raise InvitationProblem
    return invitation


def accept(token: str, user: User) -> None:
    """The signed-in account becomes the invited member of staff; the link is then spent."""
    invitation = find(token)
    invitation.used_at = utcnow()
    invitation.used_by_id = user.id
    user.role = invitation.role
    user.name = invitation.name
    user.district = invitation.district
    user.station = invitation.station
    audit.record(
        actor=user, resident=None, action="staff.joined", subject=invitation, changes=["role"]
    )
    db.session.commit()


def team(admin: User) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.role != Role.RESIDENT).order_by(User.role, User.name)
        )
    )
