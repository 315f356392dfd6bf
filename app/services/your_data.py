"""Everything the service holds about a resident (PIPL Art. 45): gathered once, shown as a
readable page and given as a file a machine can read (JSON, with the documents, in a ZIP)."""

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select

from app import programmes
from app.extensions import db
from app.models import (
    Application,
    AuditEvent,
    Booking,
    Consent,
    Document,
    FamilyLink,
    Notification,
    Passkey,
    User,
)
from app.models.base import utcnow
from app.services import audit, consent
from app.services import documents as document_store


@dataclass
class Everything:
    resident: User
    applications: list[Application]
    documents: dict[int, Document]
    bookings: list[Booking]
    notices: list[Notification]
    links: list[FamilyLink]
    passkeys: list[Passkey]
    consents: list[Consent]
    done: list[AuditEvent]
    reads: list[AuditEvent]
    people: dict[int, User]  # everyone named above: family, staff who acted or looked


def gather(resident: User) -> Everything:
    applications = list(
        db.session.scalars(
            select(Application)
            .where(Application.resident_id == resident.id)
            .order_by(Application.created_at)
        )
    )
    documents = {
        d.id: d
        for d in db.session.scalars(
            select(Document).where(Document.resident_id == resident.id).order_by(Document.id)
        )
    }
    links = list(
        db.session.scalars(
            select(FamilyLink)
            .where(or_(FamilyLink.resident_id == resident.id, FamilyLink.family_id == resident.id))
            .order_by(FamilyLink.id)
        )
    )
    done = audit.done_for(resident.id, limit=None)
    reads = audit.reads_of(resident.id, limit=None)
    named = {e.actor_id for e in done + reads if e.actor_id}
    for link in links:
        named |= {link.family_id, link.resident_id} - {None}
    people = (
        {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(named)))}
        if named
        else {}
    )
    return Everything(
        resident=resident,
        applications=applications,
        documents=documents,
        bookings=list(
            db.session.scalars(
                select(Booking).where(Booking.resident_id == resident.id).order_by(Booking.id)
            )
        ),
        notices=list(
            db.session.scalars(
                select(Notification)
                .where(Notification.user_id == resident.id)
                .order_by(Notification.id)
            )
        ),
        links=links,
        passkeys=list(resident.passkeys),
        consents=consent.history(resident),
        done=done,
        reads=reads,
        people=people,
    )


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def _person(everything: Everything, user_id: int | None) -> dict | None:
    """Who someone is, as the resident may know them: staff by name and role; family by name
    or masked number. None is the federation's system."""
    user = everything.people.get(user_id) if user_id else None
    if user is None:
        return None
    if user.id == everything.resident.id:
        return {"who": "you"}
    return {"who": user.display_name, "role": user.role}


def _events(everything: Everything, events: list[AuditEvent]) -> list[dict]:
    return [
        {
            "at": _when(e.at),
            "action": e.action,
            "by": _person(everything, e.actor_id),
            "about": {"kind": e.subject_type, "id": e.subject_id} if e.subject_type else None,
            "changed": list(e.changes or []),
        }
        for e in events
    ]


def as_json(everything: Everything) -> dict:
    """The file's content: every value as it is held, with names a reader can follow."""
    resident = everything.resident
    return {
        "about": "Everything Changji Disability Services holds about you, on the day shown.",
        "made_at": _when(utcnow()),
        "account": {
            "mobile": resident.mobile,
            "language": resident.locale,
            "created_at": _when(resident.created_at),
            "last_signed_in_at": _when(resident.last_signed_in_at),
            "details_kept_for_next_time": resident.details or {},
        },
        "applications": [
            {
                "reference": a.reference,
                "programme": a.programme,
                "programme_title": str(programmes.get(a.programme).title)
                if programmes.get(a.programme)
                else a.programme,
                "status": a.status,
                "started_at": _when(a.created_at),
                "submitted_at": _when(a.submitted_at),
                "answers": a.answers,
                "timeline": [
                    {
                        "step": event.step,
                        "at": _when(event.at),
                        "by": _person(everything, event.actor_id),
                        "note": event.note,
                        "note_translations": event.note_translations,
                        "amount_yuan": event.amount_yuan,
                        "reason": event.reason,
                        "paid_on": _when(event.paid_on),
                        "payment_reference": event.payment_reference,
                    }
                    for event in a.events
                ],
            }
            for a in everything.applications
        ],
        "documents": [
            {
                "id": d.id,
                "file": archive_name(d),
                "name": d.filename,
                "type": d.content_type,
                "bytes": d.size,
                "application_reference": next(
                    (a.reference for a in everything.applications if a.id == d.application_id),
                    None,
                ),
                "question": d.field,
            }
            for d in everything.documents.values()
        ],
        "bookings": [
            {
                "reference": b.reference,
                "service": b.service,
                "status": b.status,
                "station": (b.slot or b.stock).station.name if (b.slot or b.stock) else None,
                "starts_at": _when(b.slot.starts_at) if b.slot else None,
                "collect_on": _when(b.collect_on),
                "due_on": _when(b.due_on),
                "address": b.address,
                "needs": b.needs,
                "access_notes": b.access_notes,
                "booked_by": _person(everything, b.created_by_id) or {"who": "you"},
                "made_at": _when(b.created_at),
            }
            for b in everything.bookings
        ],
        "messages": [
            {
                "kind": n.kind,
                "application_reference": n.application.reference if n.application else None,
                "details": n.details,
                "at": _when(n.created_at),
                "read_at": _when(n.read_at),
                "text_message_sent_at": _when(n.sent_at),
            }
            for n in everything.notices
        ],
        "family": [
            {
                "you_are": "resident" if link.resident_id == resident.id else "family member",
                "other": _person(
                    everything,
                    link.family_id if link.resident_id == resident.id else link.resident_id,
                )
                or {"who": link.resident_mobile},
                "relationship": link.relationship_to_resident,
                "status": link.status,
                "asked_at": _when(link.requested_at),
                "answered_at": _when(link.decided_at),
            }
            for link in everything.links
        ],
        "passkeys": [
            {"name": p.name, "made_at": _when(p.created_at), "last_used_at": _when(p.last_used_at)}
            for p in everything.passkeys
        ],
        "consents": [
            {
                "version": c.version,
                "agreed": c.agreed,
                "at": _when(c.at),
                "given_by": _person(everything, c.given_by_id) or {"who": "you"},
            }
            for c in everything.consents
        ],
        "what_was_done_in_your_name": _events(everything, everything.done),
        "who_looked_at_your_file": _events(everything, everything.reads),
    }


def archive_name(document: Document) -> str:
    return f"documents/{document.id}-{document.filename}"


def archive(everything: Everything) -> bytes:
    """A ZIP file: your-data.json, and each document as it was kept."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        body = json.dumps(as_json(everything), ensure_ascii=False, indent=2)
        zipped.writestr("your-data.json", body)
        for document in everything.documents.values():
            zipped.writestr(archive_name(document), document_store.read(document))
    return out.getvalue()
