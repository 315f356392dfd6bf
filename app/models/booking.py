"""Services residents book: places (stations), times (slots), devices to borrow, bookings, and
the reminders waiting to be sent. Places and devices are counted by the database itself."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow
from app.models.outbox import Outbox
from app.models.user import User


class StationKind(StrEnum):
    REHAB = "rehab"  # community rehabilitation station
    LENDING = "lending"  # assistive-device lending station
    HOME_CARE = "home_care"  # provider of home-care visits for a district
    VENUE = "venue"  # where training courses and job fairs are held


class Service(StrEnum):
    MEAL_HELP = "meal_help"
    PERSONAL_CARE = "personal_care"
    ESCORT = "escort"
    HOUSEKEEPING = "housekeeping"
    REHAB = "rehab"
    DEVICE_LOAN = "device_loan"
    TRAINING = "training"
    JOB_FAIR = "job_fair"


HOME_CARE = {Service.MEAL_HELP, Service.PERSONAL_CARE, Service.ESCORT, Service.HOUSEKEEPING}
EVENTS = {Service.TRAINING, Service.JOB_FAIR}
# The kind of place that offers each service.
STATION_FOR = {
    **dict.fromkeys(HOME_CARE, StationKind.HOME_CARE),
    Service.REHAB: StationKind.REHAB,
    Service.DEVICE_LOAN: StationKind.LENDING,
    **dict.fromkeys(EVENTS, StationKind.VENUE),
}


class DeviceKind(StrEnum):
    WHEELCHAIR = "wheelchair"
    WALKER = "walker"
    CRUTCHES = "crutches"
    SHOWER_CHAIR = "shower_chair"
    COMMODE = "commode"
    WHITE_CANE = "white_cane"


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    MISSED = "missed"
    LENT = "lent"  # a device the resident has now
    RETURNED = "returned"


class Station(Base):
    """A place: its name, address, hours and how accessible its building is, in each language
    (dicts by language code, as these are data, not interface text)."""

    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    district: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[dict] = mapped_column(JSON)
    address: Mapped[dict] = mapped_column(JSON)
    opening_hours: Mapped[dict] = mapped_column(JSON)
    accessibility: Mapped[dict] = mapped_column(JSON)


class Slot(Base):
    """A time at a station with places to book: a session, a home-care visit round, or an event
    (a training course or job fair, which has a title)."""

    __tablename__ = "slots"
    __table_args__ = (
        CheckConstraint("places_left >= 0", name="places_left_not_negative"),
        CheckConstraint("places_left <= capacity", name="places_left_within_capacity"),
        Index("ix_slots_service_starts_at", "service", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    service: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    capacity: Mapped[int]
    places_left: Mapped[int]
    title: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    station: Mapped[Station] = relationship()


class DeviceStock(Base):
    """How many devices of a kind a lending station has, and how many are free to lend."""

    __tablename__ = "device_stock"
    __table_args__ = (
        UniqueConstraint("station_id", "kind"),
        CheckConstraint("available >= 0", name="available_not_negative"),
        CheckConstraint("available <= total", name="available_within_total"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    total: Mapped[int]
    available: Mapped[int]
    loan_days: Mapped[int]

    station: Mapped[Station] = relationship()


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        # The form's one-time key: a double tap or a resent form makes one booking.
        UniqueConstraint("created_by_id", "key", name="uq_bookings_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(64))
    service: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=BookingStatus.BOOKED)
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("slots.id"), index=True)
    stock_id: Mapped[int | None] = mapped_column(ForeignKey("device_stock.id"), index=True)
    # Loans: the day the device is collected, and the day it is due back.
    collect_on: Mapped[date | None]
    due_on: Mapped[date | None]
    address: Mapped[str | None] = mapped_column(Text)  # home-care visits happen here
    needs: Mapped[str | None] = mapped_column(Text)
    access_notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    resident: Mapped[User] = relationship(foreign_keys=[resident_id])
    slot: Mapped[Slot | None] = relationship()
    stock: Mapped[DeviceStock | None] = relationship()


class Reminder(Outbox, Base):
    """A message waiting to be sent: the day before a visit or session, or before a loan is due.
    `flask send-reminders` sends what is due, once."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("booking_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "visit" or "loan_due"
    send_after: Mapped[datetime] = mapped_column(index=True)

    booking: Mapped[Booking] = relationship()


class PausedService(Base):
    """A service an administrator has stopped taking bookings for (a provider away for the
    holidays, say). Bookings made before stand."""

    __tablename__ = "paused_services"

    service: Mapped[str] = mapped_column(String(20), primary_key=True)
    paused_at: Mapped[datetime] = mapped_column(default=utcnow)
