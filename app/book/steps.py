"""Booking a service as a journey (app/journey.py): the steps declared in order, each asked when
the draft calls for it and answered when the draft holds its answer. The draft is kept in the
session (on the server) until the booking is made."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from flask import session

from app.acting import acting_resident
from app.extensions import db
from app.journey import Journey
from app.models import EVENTS, Service, User
from app.services import bookings, family
from app.session_keys import BOOKING_DRAFT


class Draft:
    """A booking's answers so far, and who is booking: the person signed in, for themself or
    for a resident they act for."""

    def __init__(self, person: User):
        self.person = person
        self.values = dict(session.get(BOOKING_DRAFT) or {})
        self._eligibility: dict[tuple, str | None] = {}

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def get(self, key: str, default=None):
        return self.values.get(key, default)

    def __getitem__(self, key: str):
        return self.values[key]

    @property
    def service(self) -> str | None:
        return self.values.get("service")

    @cached_property
    def residents(self) -> list[User]:
        """The residents the person may act for now, besides themself: asked once a request (each
        step's question and the journey's checks use them)."""
        return family.residents_of(self.person)

    @cached_property
    def resident(self) -> User:
        """The resident chosen, if the person may still act for them; else as they act now."""
        chosen = self.values.get("resident_id")
        if chosen:
            if chosen == self.person.id:
                return db.session.get(User, chosen)
            # An approved link now, as family.may_act_for asks: one of self.residents.
            for resident in self.residents:
                if resident.id == chosen:
                    return resident
        return acting_resident()

    @cached_property
    def paused(self) -> frozenset[str] | set[str]:
        """The services not taking bookings, as this process keeps them (up to a minute old:
        bookings.paused_kept); `recheck` asks the database."""
        return bookings.paused_kept()

    def eligibility(self) -> str | None:
        """Why the resident can not book the chosen service (bookings.eligibility), worked out
        once a request for the same resident and service; `recheck` after their details change."""
        resident = self.resident
        key = (resident.id, self.service)
        if key not in self._eligibility:
            self._eligibility[key] = bookings.eligibility(
                resident, self.service, paused=self.paused
            )
        return self._eligibility[key]

    def recheck(self) -> str | None:
        """The same, asked again of the database (before a booking is taken further)."""
        self._eligibility.clear()
        self.__dict__["paused"] = bookings.paused()
        return self.eligibility()

    def save(self, **values) -> None:
        self._keep({**self.values, **values})

    def forget(self, *keys: str) -> None:
        """Drops later answers that an earlier change makes moot (another device, place)."""
        self._keep({k: v for k, v in self.values.items() if k not in keys})

    def start(self, **values) -> None:
        """A new booking: only what is given now."""
        self._keep(dict(values))

    def request(self, actor: User, key: str) -> bookings.Request:
        """What the draft asks for, as the booking service takes it."""
        stock = bookings.stock_of(self["station_id"], self["device"]) if "device" in self else None
        return bookings.Request(
            resident=self.resident,
            actor=actor,
            service=self.service,
            key=key,
            slot_id=self.get("slot_id"),
            stock_id=stock.id if stock else None,
            collect_on=date.fromisoformat(self["collect_on"]) if "collect_on" in self else None,
            address=self.get("address"),
            needs=self.get("needs"),
            access_notes=self.get("access_notes"),
        )

    def clear(self) -> None:
        session.pop(BOOKING_DRAFT, None)
        self.values = {}

    def _keep(self, values: dict) -> None:
        session[BOOKING_DRAFT] = self.values = values
        self.__dict__.pop("resident", None)


def _always(draft: Draft) -> bool:
    return True


def _has(*keys: str) -> Callable[[Draft], bool]:
    return lambda draft: any(key in draft for key in keys)


@dataclass(frozen=True)
class BookingStep:
    slug: str
    answered_when: Callable[[Draft], bool]
    asked_when: Callable[[Draft], bool] = _always

    @property
    def endpoint(self) -> str:
        return "book." + self.slug.replace("-", "_")

    def applies(self, draft: Draft) -> bool:
        return self.asked_when(draft)

    def is_answered(self, draft: Draft) -> bool:
        return self.answered_when(draft)


def _needs_certificate(draft: Draft) -> bool:
    return bool(draft.service) and draft.eligibility() == "no_certificate"


JOURNEY = Journey(
    [
        BookingStep("service", answered_when=_has("service")),
        BookingStep(
            "for-whom",
            asked_when=lambda draft: bool(draft.residents),
            answered_when=_has("resident_id"),
        ),
        BookingStep(
            "certificate",
            asked_when=_needs_certificate,
            answered_when=lambda draft: not _needs_certificate(draft),
        ),
        BookingStep(
            "device",
            asked_when=lambda draft: draft.service == Service.DEVICE_LOAN,
            answered_when=_has("device"),
        ),
        # An event (a course, a job fair) is its place and its time in one choice.
        BookingStep(
            "place",
            answered_when=lambda draft: (
                "station_id" in draft or (draft.service in EVENTS and "slot_id" in draft)
            ),
        ),
        BookingStep(
            "time",
            asked_when=lambda draft: draft.service not in EVENTS,
            answered_when=_has("slot_id", "collect_on"),
        ),
        BookingStep("details", answered_when=lambda draft: draft.get("details_done", False)),
        BookingStep("check", answered_when=lambda draft: False),
    ]
)
