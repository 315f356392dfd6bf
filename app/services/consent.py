"""Consent to the processing of sensitive personal information (PIPL Art. 28-29): asked apart
from everything else before a resident's first application, in plain words, and recorded with
the version of the text that was read. A resident may refuse, and withdraw it later."""

from sqlalchemy import select

from app.extensions import db
from app.models import Consent, User
from app.services import audit

# The version of the text on the consent page (app/templates/rights/consent.html). Changing
# what the text says means a new version: everyone is asked again at their next application.
VERSION = "2026-12"


def latest(resident: User) -> Consent | None:
    return db.session.scalars(
        select(Consent)
        .where(Consent.resident_id == resident.id)
        .order_by(Consent.at.desc(), Consent.id.desc())
        .limit(1)
    ).first()


def has_agreed(resident: User) -> bool:
    """Agreed to the text as it is now, and not withdrawn since."""
    answer = latest(resident)
    return answer is not None and answer.agreed and answer.version == VERSION


def decide(resident: User, actor: User, agreed: bool) -> Consent:
    """Records the answer (the resident's own, or a family member's for them)."""
    answer = Consent(resident_id=resident.id, given_by_id=actor.id, version=VERSION, agreed=agreed)
    db.session.add(answer)
    db.session.flush()
    audit.record(
        actor=actor,
        resident=resident,
        action="consent.given" if agreed else "consent.refused",
        subject=answer,
    )
    db.session.commit()
    return answer


def history(resident: User) -> list[Consent]:
    return list(
        db.session.scalars(
            select(Consent).where(Consent.resident_id == resident.id).order_by(Consent.at)
        )
    )
