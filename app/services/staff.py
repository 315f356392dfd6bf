"""Staff accounts: an administrator invites staff with a one-time link; the link makes the
account that opens it a staff account, with the passkey it makes there, and from then on the
account's staff power needs that passkey. A member of staff who lost their passkey gets a new
link for their own account only; the passkey made with it replaces the old ones."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update

from app.extensions import db
from app.models import Passkey, Role, StaffInvitation, User
from app.models.base import utcnow
from app.services import accounts, audit, passkeys

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
    for_user: User | None = None,
) -> str:
    """Makes a one-time invitation and returns its token, which is shown once and never kept.
    With `for_user`, only that account may use it."""
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
        for_user_id=for_user.id if for_user else None,
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(actor=admin, resident=None, action="staff.invited", subject=invitation)
    db.session.commit()
    return token


def reinvite(admin: User, member: User) -> str:
    """A new link for a member of staff (a lost passkey): their role, for their account only."""
    return invite(
        admin,
        member.name or member.display_name,
        Role(member.role),
        district=member.district,
        station=member.station,
        for_user=member,
    )


def find(token: str, user: User) -> StaffInvitation:
    """The invitation `user` may use now; InvitationProblem when there is none."""
    invitation = db.session.scalars(
        select(StaffInvitation).where(StaffInvitation.token_hash == _hash(token))
    ).first()
    if invitation is None or invitation.used_at or invitation.expires_at <= utcnow():
        raise InvitationProblem
    if invitation.for_user_id is not None and invitation.for_user_id != user.id:
        raise InvitationProblem
    return invitation


def join(token: str, user: User, new_passkey: passkeys.NewPasskey, passkey_name: str) -> None:
    """The signed-in account becomes the invited member of staff, with the passkey it made.
    The link is spent by one conditional UPDATE, so of two people opening it at once only one
    becomes staff; the other gets InvitationProblem and nothing changes."""
    invitation = find(token, user)
    spent = db.session.execute(
        update(StaffInvitation)
        .where(
            StaffInvitation.id == invitation.id,
            StaffInvitation.used_at.is_(None),
            StaffInvitation.expires_at > utcnow(),
        )
        .values(used_at=utcnow(), used_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        db.session.rollback()
        raise InvitationProblem
    if invitation.for_user_id is not None:
        # A new passkey for a lost one: the old ones stop working, and so do old sessions.
        db.session.execute(delete(Passkey).where(Passkey.user_id == user.id))
        accounts.end_sessions(user)
    user.role = invitation.role
    user.name = invitation.name
    user.district = invitation.district
    user.station = invitation.station
    passkeys.keep(user, new_passkey, passkey_name)
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
