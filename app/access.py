"""Who may see what, decided here alone. Every view that takes an object's id loads it through a
loader below; anything refused answers 404, as if it did not exist, so that nobody learns what
others have."""

from functools import cache

from flask import abort, g
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    Application,
    Booking,
    Consent,
    Document,
    FamilyLink,
    Passkey,
    Role,
    Station,
    User,
)
from app.services.family import may_act_for


def has_staff_power(user: User) -> bool:
    """Staff power comes only from a session begun with the person's own passkey: a code sent
    to their number (a stolen phone, a swapped SIM card) never gives it."""
    return user.is_authenticated and user.is_staff and user.signed_in_with == "passkey"


def staff_sees_district(user: User, district: str | None) -> bool:
    """Caseworkers see their own district; administrators see the whole prefecture."""
    if not has_staff_power(user):
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.CASEWORKER and district is not None and user.district == district


def resident_district(resident: User) -> str | None:
    return (resident.details or {}).get("district")


def can_see_application(user: User, application: Application) -> bool:
    """The resident, family who act for them, and staff of the application's district."""
    if user.is_staff:  # with a code only, a staff account sees nothing
        return not application.is_draft and staff_sees_district(user, application.district)
    return may_act_for(user, application.resident_id)


def can_see_document(user: User, document: Document) -> bool:
    if user.is_staff:
        application = document.application
        return application is not None and can_see_application(user, application)
    return may_act_for(user, document.resident_id)


def can_see_resident(user: User, resident: User) -> bool:
    """Staff may look at a resident (their activity, to link family on proof) in their district."""
    return user.is_staff and staff_sees_district(user, resident_district(resident))


# ---- Loaders: every view that takes an object's id loads it through one of these ----
# Each answers 404 for an object the person may not see, and notes what it loaded, so that a
# test (tests/integration/test_access_in_one_place.py) can prove no view skips them.


def _loaded(kind: str, found, allowed: bool):
    if found is None or not allowed:
        abort(404)
    g.setdefault("access_loaded", set()).add((kind, found.id))
    return found


def application_or_404(user: User, application_id: int) -> Application:
    """An application of the resident, or of one they act for (staff see applications on
    their own pages)."""
    found = db.session.get(Application, application_id)
    allowed = found is not None and not user.is_staff and may_act_for(user, found.resident_id)
    return _loaded("application", found, allowed)


@cache
def _application_with(documents: bool, events: bool, agreed: bool):
    """The statement that loads an application with what its page needs besides, built once
    (building a statement costs more than running it): its documents (an outer join), its
    timeline (joined), and whether its resident agreed to the consent text of a version (the
    latest answer, as app/services/consent.py's has_agreed reads it)."""
    columns = [Application]
    if documents:
        columns.append(Document)
    if agreed:
        latest = (
            select(and_(Consent.agreed, Consent.version == bindparam("version")))
            .where(Consent.resident_id == Application.resident_id)
            .order_by(Consent.at.desc(), Consent.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        columns.append(latest)
    statement = select(*columns).where(Application.id == bindparam("application_id"))
    if documents:
        statement = statement.outerjoin(Document, Document.application_id == Application.id)
    if events:
        statement = statement.options(joinedload(Application.events))
    return statement


def application_with_or_404(
    user: User,
    application_id: int,
    documents: bool = False,
    events: bool = False,
    agreed_to: str | None = None,
) -> tuple[Application, dict[int, Document], bool | None]:
    """As application_or_404, in one query with what the page shows besides: its documents
    by id (with `documents`), its events (with `events`), and whether its resident agreed to
    the consent text of version `agreed_to` (None when not asked)."""
    statement = _application_with(documents, events, agreed_to is not None)
    values = {"application_id": application_id}
    if agreed_to is not None:
        values["version"] = agreed_to
    rows = db.session.execute(statement, values)
    if events:
        rows = rows.unique()
    rows = rows.all()
    found = rows[0][0] if rows else None
    kept = {row[1].id: row[1] for row in rows if row[1] is not None} if documents else {}
    agreed = bool(rows[0][-1]) if rows and agreed_to is not None else None
    allowed = found is not None and not user.is_staff and may_act_for(user, found.resident_id)
    return _loaded("application", found, allowed), kept, agreed


# The review page shows an application with its timeline and whoever took it: one query, built
# once, run with the application's id.
_FOR_REVIEW = (
    select(Application)
    .where(Application.id == bindparam("application_id"))
    .options(joinedload(Application.events), joinedload(Application.assigned_to))
)


def application_for_review_or_404(
    user: User, application_id: int, whole: bool = False
) -> Application:
    """A submitted application of the district, for its staff; `whole`, with its timeline and
    whoever took it loaded at once (the review page)."""
    if whole:
        rows = db.session.execute(_FOR_REVIEW, {"application_id": application_id}).unique()
        found = rows.scalar_one_or_none()
    else:
        found = db.session.get(Application, application_id)
    allowed = found is not None and user.is_staff and can_see_application(user, found)
    return _loaded("application", found, allowed)


def document_or_404(user: User, document_id: int) -> Document:
    found = db.session.get(Document, document_id)
    return _loaded("document", found, found is not None and can_see_document(user, found))


def resident_or_404(user: User, resident_id: int) -> User:
    """A resident of the district, for its staff."""
    found = db.session.get(User, resident_id)
    allowed = found is not None and not found.is_staff and can_see_resident(user, found)
    return _loaded("resident", found, allowed)


def booking_or_404(user: User, booking_id: int) -> Booking:
    """A booking of the resident, or of one they act for."""
    found = db.session.get(Booking, booking_id)
    allowed = found is not None and not user.is_staff and may_act_for(user, found.resident_id)
    return _loaded("booking", found, allowed)


def station_booking_or_404(user: User, booking_id: int) -> Booking:
    """A booking at the station of this member of the station's staff."""
    found = db.session.get(Booking, booking_id)
    at = (found.slot or found.stock) if found else None
    allowed = (
        at is not None
        and has_staff_power(user)
        and user.role == Role.STATION_STAFF
        and at.station.code == user.station
    )
    return _loaded("booking", found, allowed)


def member_or_404(user: User, member_id: int) -> User:
    """Another member of staff, for an administrator (never themself: no locking oneself out)."""
    found = db.session.get(User, member_id)
    allowed = (
        found is not None
        and found.is_staff
        and found.id != user.id
        and has_staff_power(user)
        and user.role == Role.ADMIN
    )
    return _loaded("member", found, allowed)


def station_or_404(user: User, station_id: int) -> Station:
    """A station, for an administrator."""
    found = db.session.get(Station, station_id)
    return _loaded("station", found, has_staff_power(user) and user.role == Role.ADMIN)


def passkey_or_404(user: User, passkey_id: int) -> Passkey:
    found = db.session.get(Passkey, passkey_id)
    return _loaded("passkey", found, found is not None and found.user_id == user.id)


def link_or_404(user: User, link_id: int) -> FamilyLink:
    """A family link the person is one side of."""
    found = db.session.get(FamilyLink, link_id)
    allowed = found is not None and user.id in (found.resident_id, found.family_id)
    return _loaded("link", found, allowed)
