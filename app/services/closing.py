"""Closing an account at the resident's request, and deleting what has passed its time.

What the law lets the federation delete goes at once: drafts and undecided applications with
their documents, bookings, messages, family links, passkeys, sessions, the details kept for
the next application, and the mobile number. What it must keep stays for its stated period:
applications that were decided (approved, not approved, paid) with their timeline and
documents, and the consent they were made under, for RETENTION_YEARS after the decision;
then `flask purge` (run daily from cron) deletes them too.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, or_, select

from app.extensions import db
from app.models import (
    Application,
    ApplicationEvent,
    AuditEvent,
    Consent,
    Document,
    FamilyLink,
    Notification,
    Passkey,
    SentForm,
    SignInCode,
    Status,
    User,
)
from app.models.base import utcnow
from app.services import accounts, audit, bookings
from app.services import documents as document_store

# Decided: the federation keeps these for their period, whoever asks.
KEPT = (Status.APPROVED, Status.REJECTED, Status.PAID)
# Family requests for a number nobody signed in with, and used sign-in codes, go after this.
WAITING_REQUEST_LIFETIME = timedelta(days=30)
SIGN_IN_CODE_LIFETIME = timedelta(days=1)


class DeviceOnLoan(Exception):
    """The resident has a device to bring back first: its loan record must stay until then."""


def retention() -> timedelta:
    return timedelta(days=365 * current_app.config["RETENTION_YEARS"])


def kept_applications(resident: User) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application).where(
                Application.resident_id == resident.id, Application.status.in_(KEPT)
            )
        )
    )


def close(resident: User) -> None:
    """Closes the account in one transaction (see the module's docstring)."""
    if bookings.on_loan_to(resident):
        raise DeviceOnLoan
    mobile = resident.mobile
    undecided = db.session.scalars(
        select(Application).where(
            Application.resident_id == resident.id, Application.status.not_in(KEPT)
        )
    ).all()
    files = [key for application in undecided for key in _delete_application(application)]
    bookings.forget_all_of(resident)
    db.session.execute(delete(Notification).where(Notification.user_id == resident.id))
    db.session.execute(
        delete(FamilyLink).where(
            or_(
                FamilyLink.resident_id == resident.id,
                FamilyLink.family_id == resident.id,
                FamilyLink.resident_mobile == mobile,
            )
        )
    )
    db.session.execute(delete(Passkey).where(Passkey.user_id == resident.id))
    db.session.execute(delete(SentForm).where(SentForm.user_id == resident.id))
    db.session.execute(delete(SignInCode).where(SignInCode.mobile == mobile))
    accounts.end_sessions(resident)
    resident.mobile = None
    resident.details = {}
    resident.name = None
    resident.closed_at = utcnow()
    audit.record(actor=resident, resident=resident, action="account.closed", subject=resident)
    db.session.commit()
    document_store.delete_files(files)


def _delete_application(application: Application) -> list[str]:
    """Deletes an application and all that hangs on it, in the caller's transaction; returns
    its documents' files, to delete once that transaction is committed."""
    files = list(
        db.session.scalars(
            select(Document.storage_key).where(Document.application_id == application.id)
        )
    )
    for table, column in (
        (Document, Document.application_id),
        (Notification, Notification.application_id),
        (ApplicationEvent, ApplicationEvent.application_id),
        (Application, Application.id),
    ):
        db.session.execute(
            delete(table)
            .where(column == application.id)
            .execution_options(synchronize_session=False)
        )
    return files


def purge() -> dict[str, int]:
    """Deletes what has passed its time; returns how many of each."""
    now = utcnow()
    counts = {"applications": 0, "closed accounts emptied": 0}
    files = []
    closed = db.session.scalars(select(User).where(User.closed_at.is_not(None))).all()
    for resident in closed:
        for application in kept_applications(resident):
            # Kept for the period after its last step: the decision, or the payment after it.
            if application.updated_at + retention() <= now:
                files += _delete_application(application)
                counts["applications"] += 1
        if not kept_applications(resident):
            # Nothing is kept for them any more: neither is the record of what was done.
            db.session.execute(delete(Consent).where(Consent.resident_id == resident.id))
            emptied = db.session.execute(
                delete(AuditEvent).where(AuditEvent.resident_id == resident.id)
            )
            counts["closed accounts emptied"] += emptied.rowcount > 0
    counts["family requests"] = db.session.execute(
        delete(FamilyLink).where(
            FamilyLink.resident_id.is_(None),
            FamilyLink.requested_at <= now - WAITING_REQUEST_LIFETIME,
        )
    ).rowcount
    counts["sign-in codes"] = db.session.execute(
        delete(SignInCode).where(SignInCode.created_at <= now - SIGN_IN_CODE_LIFETIME)
    ).rowcount
    db.session.commit()
    document_store.delete_files(files)
    return counts
