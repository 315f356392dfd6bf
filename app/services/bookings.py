"""Booking services, and the places and devices they use. A place or device is taken with one
conditional UPDATE ("… SET places_left = places_left - 1 WHERE places_left > 0") in the same
transaction as the booking, so two requests can never both win the last one, on SQLite and on
PostgreSQL alike; CHECK constraints stand behind it."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext
from sqlalchemy import bindparam, event, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app import formats, metrics
from app.catalogue import DEVICE_LABELS, SERVICE_LABELS, local
from app.extensions import db
from app.kept_reads import KeptRead
from app.models import (
    HOME_CARE,
    STATION_FOR,
    Booking,
    BookingStatus,
    DeviceStock,
    PausedService,
    Reminder,
    Service,
    Slot,
    Station,
    User,
)
from app.models.base import LOCAL_TIME, local_now, utcnow
from app.programmes import facts
from app.services import audit, messaging

REMINDER_HOUR = 9  # reminders go out from 9 in the morning, local time, the day before


class Full(Exception):
    """The last place or device was taken a moment ago."""


class NotEligible(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NotAllowed(Exception):
    """The booking is not in a state that allows this (cancelling a returned loan, say)."""


_PAUSED = select(PausedService.service)


def paused() -> set[str]:
    """The services an administrator has stopped taking bookings for, as saved now."""
    return set(db.session.scalars(_PAUSED))


# Which services are paused: every booking step reads it, an administrator changes it now and
# then. What the steps show may so be a minute late in another worker; the booking itself asks
# the database again (`eligibility` without `paused`, in `book`), and so does each step's
# answer (Draft.recheck). A change saved in this process (any insert, update or delete of a
# PausedService) forgets the copy at once.
PAUSED = KeptRead("paused_services", lambda: frozenset(db.session.scalars(_PAUSED)))


@event.listens_for(PausedService, "after_insert")
@event.listens_for(PausedService, "after_delete")
@event.listens_for(PausedService, "after_update")
def _paused_changed(_mapper, _connection, _target) -> None:
    PAUSED.forget()


def paused_kept() -> frozenset[str]:
    """The paused services, as this process kept them (at most a minute old)."""
    return PAUSED.get()


# How far ahead a station's times are offered; events (courses, job fairs) further.
SHOWN_DAYS = 21
EVENTS_SHOWN_DAYS = 90


# The statements the booking steps run, built once (building one costs more than running it).
# A station's words as a choice, as a row: the page loads no station.
_STATIONS_OF_KIND = (
    select(
        Station.id,
        Station.district,
        Station.name,
        Station.address,
        Station.opening_hours,
        Station.accessibility,
    )
    .where(Station.kind == bindparam("kind"))
    .order_by(Station.district, Station.code)
)
_STATIONS_OF_KIND_IN = _STATIONS_OF_KIND.where(Station.district == bindparam("district"))
_SLOT_AND_PLACE = (
    select(Slot.starts_at, Slot.ends_at, Slot.station_id, Station.name.label("station_name"))
    .join(Station, Station.id == Slot.station_id)
    .where(Slot.id == bindparam("id"))
)


def stations_for(service: str, district: str | None) -> list:
    """The places that offer a service; for home care, the providers of the resident's district
    (all of them, when it is not known). As rows: `id`, `district`, and the texts in each
    language (`name`, `address`, `opening_hours`, `accessibility`)."""
    kind = STATION_FOR[service]
    if service in HOME_CARE and district:
        return list(db.session.execute(_STATIONS_OF_KIND_IN, {"kind": kind, "district": district}))
    return list(db.session.execute(_STATIONS_OF_KIND, {"kind": kind}))


def station(station_id: int) -> Station | None:
    return db.session.get(Station, station_id)


def slot_and_place(slot_id: int):
    """A time (`starts_at`, `ends_at`) with its place (`station_id`, `station_name`), in one
    query, as a row: for words about them, without loading either."""
    return db.session.execute(_SLOT_AND_PLACE, {"id": slot_id}).first()


def station_by_code(code: str | None) -> Station | None:
    return db.session.scalars(select(Station).where(Station.code == code)).first() if code else None


def station_day(station: Station, day: date) -> tuple[list[Slot], dict[int, list[Booking]]]:
    """A station's times on a local day, and who booked each (not cancelled): two queries."""
    start = datetime.combine(day, time.min, tzinfo=LOCAL_TIME).astimezone(UTC)
    slots = list(
        db.session.scalars(
            select(Slot)
            .where(
                Slot.station_id == station.id,
                Slot.starts_at >= start,
                Slot.starts_at < start + timedelta(days=1),
            )
            .order_by(Slot.starts_at)
        )
    )
    booked: dict[int, list[Booking]] = {slot.id: [] for slot in slots}
    if slots:
        for booking in db.session.scalars(
            select(Booking)
            .options(selectinload(Booking.resident))
            .where(Booking.slot_id.in_(booked), Booking.status != BookingStatus.CANCELLED)
            .order_by(Booking.id)
        ):
            booked[booking.slot_id].append(booking)
    return slots, booked


def loans_at(station: Station) -> tuple[list[DeviceStock], list[Booking]]:
    """A lending station's stock, and its loans to hand over or out now (due first)."""
    stock = list(
        db.session.scalars(
            select(DeviceStock)
            .where(DeviceStock.station_id == station.id)
            .order_by(DeviceStock.kind)
        )
    )
    current = list(
        db.session.scalars(
            select(Booking)
            .join(DeviceStock)
            .options(selectinload(Booking.resident))
            .where(
                DeviceStock.station_id == station.id,
                Booking.status.in_([BookingStatus.BOOKED, BookingStatus.LENT]),
            )
            .order_by(Booking.due_on, Booking.collect_on)
        )
    )
    return stock, current


def stock_of(station_id: int, kind: str) -> DeviceStock | None:
    return db.session.scalars(
        select(DeviceStock).where(DeviceStock.station_id == station_id, DeviceStock.kind == kind)
    ).first()


def stocks_of(kind: str) -> dict[int, DeviceStock]:
    """Each station's stock of one kind of device, by station, in one query."""
    return {
        s.station_id: s
        for s in db.session.scalars(select(DeviceStock).where(DeviceStock.kind == kind))
    }


_OPEN_SLOTS = select(Slot).where(
    Slot.service == bindparam("service"),
    Slot.places_left > 0,
    Slot.starts_at > bindparam("now"),
    Slot.starts_at < bindparam("until"),
)
# One place: its times do not load it again (`slot.station` would, once).
_OPEN_SLOTS_AT = _OPEN_SLOTS.where(Slot.station_id == bindparam("station_id")).order_by(
    Slot.starts_at, Slot.id
)
# The same, as rows of what a choice of a time says.
_OPEN_TIMES_AT = _OPEN_SLOTS_AT.with_only_columns(
    Slot.id, Slot.starts_at, Slot.ends_at, Slot.places_left
)
_OPEN_EVENTS = _OPEN_SLOTS.options(selectinload(Slot.station)).order_by(Slot.starts_at, Slot.id)


def open_slots(service: str, station_id: int | None = None) -> list[Slot]:
    """Times with a place left, soonest first: at one station, or (events) anywhere."""
    now = utcnow()
    days = SHOWN_DAYS if station_id else EVENTS_SHOWN_DAYS
    values = {"service": service, "now": now, "until": now + timedelta(days=days)}
    if station_id:
        return list(db.session.scalars(_OPEN_SLOTS_AT, {**values, "station_id": station_id}))
    return list(db.session.scalars(_OPEN_EVENTS, values))


def open_times(service: str, station_id: int) -> list:
    """A station's times with a place left, soonest first, as open_slots finds them; as rows
    (`id`, `starts_at`, `ends_at`, `places_left`): for the choice of a time, loading no slot."""
    now = utcnow()
    values = {"service": service, "now": now, "until": now + timedelta(days=SHOWN_DAYS)}
    return list(db.session.execute(_OPEN_TIMES_AT, {**values, "station_id": station_id}))


def of_resident(resident: User) -> list[Booking]:
    """A resident's bookings, newest first, with their times, devices and places."""
    return list(
        db.session.scalars(
            select(Booking)
            .options(
                selectinload(Booking.slot).selectinload(Slot.station),
                selectinload(Booking.stock).selectinload(DeviceStock.station),
            )
            .where(Booking.resident_id == resident.id)
            .order_by(Booking.created_at.desc())
        )
    )


def eligibility(resident: User, service: str, paused: set[str] | None = None) -> str | None:
    """Why the resident can not book this service, as a short code; None when they can.
    `paused`: the paused services (`paused()`), when the caller has asked already."""
    if service in paused if paused is not None else db.session.get(PausedService, service):
        return "paused"
    known = facts.from_answers(resident.details or {})
    if known.get("has_certificate") != "yes":
        return "no_certificate"
    if service in HOME_CARE and known.get("grade") not in ("1", "2"):
        return "grade"
    return None


def _take(model, column, row_id: int, extra=()) -> None:
    """Takes one place or device, or raises Full: the database decides, not a read."""
    taken = db.session.execute(
        update(model)
        .where(model.id == row_id, column > 0, *extra)
        .values({column.key: column - 1})
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise Full


def _give_back(model, column, row_id: int) -> None:
    db.session.execute(
        update(model)
        .where(model.id == row_id)
        .values({column.key: column + 1})
        .execution_options(synchronize_session=False)
    )


def _existing(actor: User, key: str) -> Booking | None:
    return db.session.scalars(
        select(Booking).where(Booking.created_by_id == actor.id, Booking.key == key)
    ).first()


@dataclass(frozen=True)
class Request:
    """What a booking asks for: a time (`slot_id`), or a device to collect on a day."""

    resident: User
    actor: User
    service: str
    key: str  # one-time: the same request sent twice makes one booking
    slot_id: int | None = None
    stock_id: int | None = None
    collect_on: date | None = None
    address: str | None = None
    needs: str | None = None
    access_notes: str | None = None


def book(request: Request) -> Booking:
    """Books a place (or a device) for the resident. The same key twice gives the same booking."""
    existing = _existing(request.actor, request.key)
    if existing:
        return existing
    reason = eligibility(request.resident, request.service)
    if reason:
        raise NotEligible(reason)
    booking = Booking(
        resident_id=request.resident.id,
        created_by_id=request.actor.id,
        key=request.key,
        service=request.service,
        slot_id=request.slot_id,
        stock_id=request.stock_id,
        collect_on=request.collect_on,
        address=request.address,
        needs=request.needs,
        access_notes=request.access_notes,
    )
    try:
        if request.slot_id:
            _take(Slot, Slot.places_left, request.slot_id, extra=[Slot.starts_at > utcnow()])
        if request.stock_id:
            _take(DeviceStock, DeviceStock.available, request.stock_id)
            stock = db.session.get(DeviceStock, request.stock_id)
            booking.due_on = request.collect_on + timedelta(days=stock.loan_days)
        db.session.add(booking)
        db.session.flush()
        booking.reference = f"BK-{local_now().year}-{booking.id:06d}"
        _plan_reminder(booking)
        audit.record(
            actor=request.actor, resident=request.resident, action="booking.made", subject=booking
        )
        db.session.commit()
    except Full:
        db.session.rollback()
        metrics.booking("full")
        raise
    except IntegrityError:  # the same form sent twice at once: the other one made it
        db.session.rollback()
        existing = _existing(request.actor, request.key)
        if existing is None:
            raise
        return existing
    metrics.booking("made")
    return booking


def _reminder_time(day: date) -> datetime:
    """9 in the morning, local time, the day before `day`, as UTC."""
    local = datetime.combine(day - timedelta(days=1), time(REMINDER_HOUR), tzinfo=LOCAL_TIME)
    return local.astimezone(UTC)


def _plan_reminder(booking: Booking) -> None:
    """Sets (or moves) the booking's reminder; a moved one will be sent again."""
    if booking.slot_id:
        slot = db.session.get(Slot, booking.slot_id)
        kind, send_after = "visit", _reminder_time(slot.starts_at.astimezone(LOCAL_TIME).date())
    elif booking.due_on:
        kind, send_after = "loan_due", _reminder_time(booking.due_on)
    else:
        return
    reminder = db.session.scalars(
        select(Reminder).where(Reminder.booking_id == booking.id, Reminder.kind == kind)
    ).first()
    if reminder is None:
        db.session.add(Reminder(booking_id=booking.id, kind=kind, send_after=send_after))
    else:
        reminder.send_after = send_after
        reminder.queue_again()


def _record(booking: Booking, actor: User, action: str) -> None:
    audit.record(actor=actor, resident=booking.resident, action=action, subject=booking)


def _set_status(booking: Booking, old: set[str], new: str) -> None:
    """Moves a booking between states with a conditional UPDATE: refused unless it was in `old`."""
    moved = db.session.execute(
        update(Booking)
        .where(Booking.id == booking.id, Booking.status.in_(old))
        .values(status=new, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        db.session.rollback()
        raise NotAllowed(f"{booking.status} -> {new}")


def cancel(booking: Booking, actor: User) -> None:
    """Cancels a booking not yet used; its place or device is free again at once."""
    _set_status(booking, {BookingStatus.BOOKED}, BookingStatus.CANCELLED)
    if booking.slot_id:
        _give_back(Slot, Slot.places_left, booking.slot_id)
    if booking.stock_id:
        _give_back(DeviceStock, DeviceStock.available, booking.stock_id)
    db.session.execute(Reminder.__table__.delete().where(Reminder.booking_id == booking.id))
    _record(booking, actor, "booking.cancelled")
    db.session.commit()
    db.session.refresh(booking)


def change_slot(booking: Booking, slot_id: int, actor: User) -> None:
    """Moves a booking to another time at the same place: the new place is taken first."""
    if booking.status != BookingStatus.BOOKED or not booking.slot_id:
        raise NotAllowed("only a booked time can change")
    new = db.session.get(Slot, slot_id)
    old = booking.slot
    if new is None or new.station_id != old.station_id or new.service != old.service:
        raise NotAllowed("another place or service")
    if slot_id == booking.slot_id:
        return
    try:
        _take(Slot, Slot.places_left, slot_id, extra=[Slot.starts_at > utcnow()])
    except Full:
        db.session.rollback()
        raise
    _give_back(Slot, Slot.places_left, old.id)
    booking.slot_id = slot_id
    db.session.flush()
    _plan_reminder(booking)
    _record(booking, actor, "booking.changed")
    db.session.commit()
    db.session.refresh(booking)


def mark(booking: Booking, attended: bool, actor: User) -> None:
    """Station staff: did the resident come?"""
    new = BookingStatus.ATTENDED if attended else BookingStatus.MISSED
    _set_status(booking, {BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.MISSED}, new)
    _record(booking, actor, f"booking.{new}")
    db.session.commit()
    db.session.refresh(booking)


def lend(booking: Booking, actor: User, today: date) -> None:
    """Station staff hand the device over: it is due back after the station's loan period."""
    _set_status(booking, {BookingStatus.BOOKED}, BookingStatus.LENT)
    booking.collect_on = today
    booking.due_on = today + timedelta(days=booking.stock.loan_days)
    _plan_reminder(booking)
    _record(booking, actor, "booking.lent")
    db.session.commit()
    db.session.refresh(booking)


def take_back(booking: Booking, actor: User) -> None:
    _set_status(booking, {BookingStatus.LENT}, BookingStatus.RETURNED)
    _give_back(DeviceStock, DeviceStock.available, booking.stock_id)
    db.session.execute(Reminder.__table__.delete().where(Reminder.booking_id == booking.id))
    _record(booking, actor, "booking.returned")
    db.session.commit()
    db.session.refresh(booking)


def add_slots(
    station,
    service: Service,
    day: date,
    starts: time,
    ends: time,
    capacity: int,
    weeks: int,
    actor: User,
    title: dict | None = None,
) -> int:
    """Adds a time at the station, on `day` and the same weekday for `weeks` weeks in all."""
    for week in range(weeks):
        when = day + timedelta(weeks=week)
        db.session.add(
            Slot(
                station_id=station.id,
                service=service,
                starts_at=datetime.combine(when, starts, tzinfo=LOCAL_TIME),
                ends_at=datetime.combine(when, ends, tzinfo=LOCAL_TIME),
                capacity=capacity,
                places_left=capacity,
                title=title,
                created_by_id=actor.id,
            )
        )
    audit.record(actor=actor, resident=None, action="station.times_added", subject=station)
    db.session.commit()
    return weeks


def reminder_message(reminder: Reminder) -> messaging.Message:
    """The message, in the resident's language, for a visit or session, or a loan due."""
    booking = reminder.booking
    if reminder.kind == "visit":
        return messaging.compose(
            messaging.Kind.VISIT_REMINDER, booking.resident.locale, lambda: _visit(booking)
        )
    return messaging.compose(
        messaging.Kind.LOAN_DUE_REMINDER, booking.resident.locale, lambda: _loan(booking)
    )


def _visit(booking: Booking) -> tuple[dict, str]:
    starts = booking.slot.starts_at
    values = {
        "service": str(SERVICE_LABELS[booking.service]),
        "date": formats.day(starts),
        "time": formats.clock(starts),
        "place": local(booking.slot.station.name),
        "reference": booking.reference,
    }
    text = gettext(
        "Changji Disability Services: a reminder of %(service)s tomorrow, %(date)s, "
        "at %(time)s, %(place)s. Reference %(reference)s.",
        **values,
    )
    return values, text


def _loan(booking: Booking) -> tuple[dict, str]:
    values = {
        "device": str(DEVICE_LABELS[booking.stock.kind]),
        "date": formats.day(booking.due_on),
        "place": local(booking.stock.station.name),
        "reference": booking.reference,
    }
    text = gettext(
        "Changji Disability Services: please bring back the %(device)s you borrowed by "
        "tomorrow, %(date)s, to %(place)s. Reference %(reference)s.",
        **values,
    )
    return values, text


def send_due_reminders(now: datetime | None = None) -> int:
    """Sends every reminder that is due and not sent yet (nor waiting for its next try after
    a provider error, nor failed for good); each goes out once. Returns how many went."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Reminder)
        .join(Booking)
        .where(
            Reminder.send_after <= now,
            *messaging.due(Reminder, now),
            Booking.status.in_([BookingStatus.BOOKED, BookingStatus.LENT]),
        )
        .order_by(Reminder.send_after)
    ).all()
    sent = 0
    for reminder in due:
        mobile, message = reminder.booking.resident.mobile, reminder_message(reminder)
        outcome = messaging.send_once(Reminder, reminder.id, mobile, message, at=now)
        sent += outcome is messaging.Outcome.SENT
    return sent


def on_loan_to(resident: User) -> list[Booking]:
    """Devices the resident has now and must bring back."""
    return list(
        db.session.scalars(
            select(Booking).where(
                Booking.resident_id == resident.id, Booking.status == BookingStatus.LENT
            )
        )
    )


def forget_all_of(resident: User) -> int:
    """For a closed account: bookings not yet used give their place or device back, then every
    booking of the resident and its reminders go. The caller commits. Returns how many went."""
    gone = list(db.session.scalars(select(Booking).where(Booking.resident_id == resident.id)))
    for booking in gone:
        if booking.status == BookingStatus.LENT:
            raise NotAllowed("a device is still on loan")
        if booking.status == BookingStatus.BOOKED:
            if booking.slot_id:
                _give_back(Slot, Slot.places_left, booking.slot_id)
            if booking.stock_id:
                _give_back(DeviceStock, DeviceStock.available, booking.stock_id)
        db.session.execute(Reminder.__table__.delete().where(Reminder.booking_id == booking.id))
        db.session.delete(booking)
    return len(gone)
