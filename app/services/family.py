"""Family members acting for a resident: asking to be linked, the resident's answer (or a
caseworker's, on proof), and removing a link. Each change is written with its audit event."""

from sqlalchemy import bindparam, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import AuditEvent, FamilyLink, LinkStatus, User
from app.models.base import utcnow
from app.services import audit

RELATIONSHIPS = ("spouse", "child", "parent", "sibling", "carer", "other")


class LinkProblem(Exception):
    """Why a link can not be made, as a short code for the message."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def may_act_for(user: User, resident_id: int) -> bool:
    """A person acts for themself, and for a resident who approved their link."""
    if user.id == resident_id:
        return True
    return db.session.scalar(
        select(
            exists().where(
                FamilyLink.family_id == user.id,
                FamilyLink.resident_id == resident_id,
                FamilyLink.status == LinkStatus.APPROVED,
            )
        )
    )


# Built once: every booking step asks it (building a statement costs more than running it).
_RESIDENTS_OF = (
    select(User)
    .join(FamilyLink, FamilyLink.resident_id == User.id)
    .where(FamilyLink.family_id == bindparam("family_id"), FamilyLink.status == LinkStatus.APPROVED)
    .order_by(FamilyLink.decided_at)
)


def residents_of(family: User) -> list[User]:
    """The residents this person may act for, besides themself."""
    return list(db.session.scalars(_RESIDENTS_OF, {"family_id": family.id}))


def approved_links_of(resident: User) -> list[FamilyLink]:
    """The family members who may act for a resident now, with their accounts."""
    return list(
        db.session.scalars(
            select(FamilyLink)
            .options(selectinload(FamilyLink.family))
            .where(FamilyLink.resident_id == resident.id, FamilyLink.status == LinkStatus.APPROVED)
            .order_by(FamilyLink.decided_at)
        )
    )


def links_of(user: User) -> tuple[list[FamilyLink], list[FamilyLink]]:
    """Live links where the user is the resident, and where they are the family member."""
    live = FamilyLink.status.in_([LinkStatus.REQUESTED, LinkStatus.APPROVED])
    as_resident = db.session.scalars(
        select(FamilyLink).where(FamilyLink.resident_id == user.id, live).order_by(FamilyLink.id)
    )
    as_family = db.session.scalars(
        select(FamilyLink).where(FamilyLink.family_id == user.id, live).order_by(FamilyLink.id)
    )
    return list(as_resident), list(as_family)


def _account(mobile: str) -> User | None:
    return db.session.scalars(select(User).where(User.mobile == mobile)).first()


def _create(resident_mobile: str, family: User, relationship: str, **fields) -> FamilyLink:
    if resident_mobile == family.mobile:
        raise LinkProblem("self")
    link = FamilyLink(
        resident_mobile=resident_mobile,
        family_id=family.id,
        relationship_to_resident=relationship,
        **fields,
    )
    db.session.add(link)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise LinkProblem("exists") from None
    return link


def request_link(family: User, resident_mobile: str, relationship: str) -> FamilyLink:
    """A family member asks to act for whoever signs in with `resident_mobile`.

    It goes the same way whether or not the number has an account, so that asking tells
    nobody who has one: without an account the request waits for the number's first sign-in
    (`receive_waiting_requests`)."""
    resident = _account(resident_mobile)
    link = _create(
        resident_mobile, family, relationship, resident_id=resident.id if resident else None
    )
    audit.record(actor=family, resident=resident, action="family.link_requested", subject=link)
    db.session.commit()
    return link


def receive_waiting_requests(resident: User) -> None:
    """Gives a new account the requests made for its number before it existed (in the caller's
    transaction). Their audit events, written when nobody could be named, now name the
    resident too, so that they see who asked and when."""
    waiting = db.session.scalars(
        select(FamilyLink).where(
            FamilyLink.resident_mobile == resident.mobile, FamilyLink.resident_id.is_(None)
        )
    ).all()
    if not waiting:
        return
    for link in waiting:
        link.resident_id = resident.id
    db.session.execute(
        update(AuditEvent)
        .where(
            AuditEvent.subject_type == FamilyLink.__name__,
            AuditEvent.subject_id.in_([link.id for link in waiting]),
            AuditEvent.resident_id.is_(None),
        )
        .values(resident_id=resident.id)
    )


def approve_on_proof(
    caseworker: User, resident: User, family_mobile: str, relationship: str, proof: str
) -> FamilyLink:
    """A caseworker links a family member to a resident of their district, having seen proof."""
    family = _account(family_mobile)
    if family is None:
        raise LinkProblem("no_account")
    now = utcnow()
    link = _create(
        resident.mobile,
        family,
        relationship,
        resident_id=resident.id,
        status=LinkStatus.APPROVED,
        decided_at=now,
        decided_by_id=caseworker.id,
        proof=proof,
    )
    audit.record(
        actor=caseworker, resident=resident, action="family.link_approved_on_proof", subject=link
    )
    db.session.commit()
    return link


def decide(resident: User, link: FamilyLink, approve: bool) -> bool:
    """The resident approves or refuses a request to act for them. False if not theirs to
    answer, or answered already."""
    if link.resident_id != resident.id or link.status != LinkStatus.REQUESTED:
        return False
    link.status = LinkStatus.APPROVED if approve else LinkStatus.REFUSED
    link.decided_at = utcnow()
    link.decided_by_id = resident.id
    action = "family.link_approved" if approve else "family.link_refused"
    audit.record(actor=resident, resident=resident, action=action, subject=link)
    db.session.commit()
    return True


def remove(user: User, link: FamilyLink) -> bool:
    """Either person ends a link (or withdraws a request). False if it is not theirs, or over."""
    live = (LinkStatus.REQUESTED, LinkStatus.APPROVED)
    if user.id not in (link.resident_id, link.family_id) or link.status not in live:
        return False
    link.status = LinkStatus.REMOVED
    link.decided_at = utcnow()
    link.decided_by_id = user.id
    audit.record(actor=user, resident=link.resident, action="family.link_removed", subject=link)
    db.session.commit()
    return True
