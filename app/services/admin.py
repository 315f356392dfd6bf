"""What the prefecture's administrators change: staff access, when programmes take
applications, which services take bookings, and the stations' details. Each change is one
transaction with its audit event."""

from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.kept_reads import KeptRead
from app.models import PausedService, ProgrammeWindow, Role, Station, User
from app.services import accounts, audit


def _all_windows() -> dict[str, tuple[date | None, date | None]]:
    return {
        w.programme: (w.opens_on, w.closes_on) for w in db.session.scalars(select(ProgrammeWindow))
    }


# Read on every view of a start page; administrators' own pages read the database itself
# (window_as_saved), so that they always show what is saved.
WINDOWS = KeptRead("programme_windows", _all_windows)


def forget_windows() -> None:
    """Reads the windows again at the next page, and makes the visitors' pages that show them
    again: after set_window, and for a change made otherwise (tests that empty the tables)."""
    from app import visitor_pages  # the pages import this module

    WINDOWS.forget()
    visitor_pages.forget_all()


def window(programme_code: str) -> ProgrammeWindow:
    """The programme's window as last read (at most a minute ago), not attached to
    the database session: for showing and deciding, not for changing."""
    opens_on, closes_on = WINDOWS.get().get(programme_code, (None, None))
    return ProgrammeWindow(programme=programme_code, opens_on=opens_on, closes_on=closes_on)


def window_as_saved(programme_code: str) -> ProgrammeWindow:
    """The window as the database has it now: for administrators' pages."""
    return db.session.get(ProgrammeWindow, programme_code) or ProgrammeWindow(
        programme=programme_code
    )


def takes_applications(programme_code: str, today: date) -> bool:
    return window(programme_code).is_open(today)


def set_window(
    programme_code: str, opens_on: date | None, closes_on: date | None, admin: User
) -> None:
    found = db.session.merge(window_as_saved(programme_code))
    found.opens_on, found.closes_on = opens_on, closes_on
    audit.record(actor=admin, resident=None, action="programme.window_changed", changes=["dates"])
    db.session.commit()
    forget_windows()


def change_staff(
    member: User,
    admin: User,
    role: str,
    district: str | None,
    station: str | None,
) -> None:
    """A new role (or none: "resident"), district or station. Any change ends the member's
    sessions, so that pages they had open stop working at once and the power they had is gone
    with them."""
    before = (member.role, member.district, member.station)
    member.role = role
    member.district = district if role == Role.CASEWORKER else None
    member.station = station if role == Role.STATION_STAFF else None
    if (member.role, member.district, member.station) != before:
        accounts.end_sessions(member)
    audit.record(
        actor=admin,
        resident=None,
        action="staff.changed",
        subject=member,
        changes=["role", "district", "station"],
    )
    db.session.commit()


def stations() -> list[Station]:
    return list(db.session.scalars(select(Station).order_by(Station.district, Station.code)))


def update_station(station: Station, admin: User, texts: dict[str, dict[str, str]]) -> None:
    """Name, address, hours and access notes, each a dict by language code."""
    for field, by_language in texts.items():
        setattr(station, field, {**getattr(station, field), **by_language})
    audit.record(
        actor=admin, resident=None, action="station.changed", subject=station, changes=list(texts)
    )
    db.session.commit()


def pause_service(service: str, paused: bool, admin: User) -> None:
    """Stops (or starts again) new bookings of a service; bookings already made stand."""
    found = db.session.get(PausedService, service)
    if paused and found is None:
        db.session.add(PausedService(service=service))
    elif not paused and found is not None:
        db.session.delete(found)
    audit.record(
        actor=admin,
        resident=None,
        action="service.paused" if paused else "service.resumed",
        changes=[service],
    )
    db.session.commit()


def add_station(admin: User, kind: str, district: str, texts: dict[str, dict[str, str]]) -> Station:
    """A new place, with a code made of its kind and district (for example "rehab-fukang-3")."""
    prefix = f"{kind.replace('_', '-')}-{district}-"
    number = 1 + db.session.scalar(
        select(func.count()).where(Station.kind == kind, Station.district == district)
    )
    while db.session.scalar(select(Station.id).where(Station.code == f"{prefix}{number}")):
        number += 1  # taken already: the demo's stations are numbered their own way
    code = f"{prefix}{number}"
    station = Station(code=code, kind=kind, district=district, **texts)
    db.session.add(station)
    db.session.flush()
    audit.record(
        actor=admin, resident=None, action="station.added", subject=station, changes=list(texts)
    )
    db.session.commit()
    return station
