"""Booking a service, one question per page: what, for whom, where, when, details, check.
The choices so far are kept in the session until the booking is made; the booking itself is
made in one transaction that takes the place or the device (app.services.bookings)."""

import secrets
from collections import OrderedDict
from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import format_date, format_time, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from app.acting import acting_resident
from app.book import forms
from app.catalogue import DEVICE_TITLES, SERVICE_TITLES, local
from app.districts import DISTRICTS
from app.extensions import db
from app.forms.fields import options
from app.i18n import with_names
from app.models import (
    EVENTS,
    HOME_CARE,
    STATION_FOR,
    Booking,
    BookingStatus,
    DeviceStock,
    Service,
    Slot,
    Station,
    User,
)
from app.models.base import utcnow
from app.services import accounts, bookings, family

bp = Blueprint("book", __name__)

DRAFT = "booking_draft"
SHOWN_DAYS = 21
STEPS = ["service", "for-whom", "certificate", "device", "place", "time", "details", "check"]


def _draft() -> dict:
    return dict(session.get(DRAFT) or {})


def _save(**values) -> None:
    session[DRAFT] = {**_draft(), **values}


def _forget(*keys: str) -> None:
    """Drops later answers that an earlier change makes moot (another device, another place)."""
    session[DRAFT] = {k: v for k, v in _draft().items() if k not in keys}


def _resident(draft: dict) -> User:
    """For whom: the resident chosen, if the person may still act for them; else themself."""
    chosen = draft.get("resident_id")
    if chosen and family.may_act_for(current_user, chosen):
        return db.session.get(User, chosen)
    return acting_resident()


def _asked(step: str, draft: dict) -> bool:
    service = draft.get("service")
    if step == "for-whom":
        return bool(family.residents_of(current_user))
    if step == "certificate":
        return bool(service) and bookings.eligibility(_resident(draft), service) == "no_certificate"
    if step == "device":
        return service == Service.DEVICE_LOAN
    if step == "time":
        return service not in EVENTS
    return True


def _answered(step: str, draft: dict) -> bool:
    return {
        "service": "service" in draft,
        "for-whom": "resident_id" in draft,
        "certificate": not _asked("certificate", draft),
        "device": "device" in draft,
        "place": "station_id" in draft or (draft.get("service") in EVENTS and "slot_id" in draft),
        "time": "slot_id" in draft or "collect_on" in draft,
        "details": draft.get("details_done", False),
    }.get(step, False)


def _steps(draft: dict) -> list[str]:
    return [step for step in STEPS if _asked(step, draft)]


def _step_url(step: str) -> str:
    return url_for(f"book.{step.replace('-', '_')}")


def _after(step: str, draft: dict) -> str:
    """The next step asked. (The step itself may no longer be asked: once the certificate is
    given, say; its place in the order still counts.)"""
    later = [s for s in STEPS[STEPS.index(step) + 1 :] if _asked(s, draft)]
    return _step_url(later[0])


def _back(step: str, draft: dict) -> str:
    earlier = [s for s in STEPS[: STEPS.index(step)] if _asked(s, draft)]
    return _step_url(earlier[-1]) if earlier else url_for("public.home")


def _missing_before(step: str, draft: dict) -> str | None:
    """A step still to answer before `step`, so that nothing is booked on half an answer."""
    for earlier in _steps(draft):
        if earlier == step:
            return None
        if not _answered(earlier, draft):
            return _step_url(earlier)
    return None


def _page(step: str, form, template: str = "book/question.html", **context):
    draft = _draft()
    return render_template(
        template,
        form=form,
        back_url=_back(step, draft),
        caption=_caption(draft),
        **context,
    )


def _caption(draft: dict) -> str:
    return str(SERVICE_TITLES[draft["service"]]) if draft.get("service") else _("Book a service")


def guarded(step: str):
    """Login, staff kept out, and earlier answers required before this step's page."""

    def decorate(view):
        def wrapped():
            if current_user.is_staff:
                abort(404)
            missing = _missing_before(step, _draft())
            return redirect(missing) if missing else view()

        wrapped.__name__ = view.__name__
        return login_required(wrapped)

    return decorate


@bp.route("/book", methods=["GET", "POST"])
@guarded("service")
def service():
    draft = _draft()
    if request.method == "GET" and request.args.get("new"):
        session.pop(DRAFT, None)
        draft = {}
    form = forms.ChooseService(data={"service": draft.get("service")})
    paused = bookings.paused()
    form.service.choices = options(
        [
            (s.value, _("%(service)s (not taking bookings for now)", service=title))
            if s in paused
            else (s.value, title)
            for s, title in SERVICE_TITLES.items()
        ]
    )
    if form.validate_on_submit():
        # A new choice of service starts the rest afresh; who it is for stays.
        keep = {k: v for k, v in draft.items() if k == "resident_id"}
        session[DRAFT] = {**keep, "service": form.service.data}
        problem = _ineligible(_draft())
        if problem is None:
            return redirect(_after("service", _draft()))
        form.service.errors.append(problem)
    return _page("service", form)


def _ineligible(draft: dict):
    """Why the resident can not book the chosen service; None when they can (or when it is not
    known yet: the certificate step will ask)."""
    return _refusal(bookings.eligibility(_resident(draft), draft["service"]))


def _refusal(reason: str | None):
    if reason == "paused":
        return _("This service is not taking bookings for now. Please choose another.")
    if reason == "grade":
        return _("Home-care visits are for people whose disability certificate is grade 1 or 2.")
    return None


@bp.route("/book/for-whom", methods=["GET", "POST"])
@guarded("for-whom")
def for_whom():
    draft = _draft()
    form = forms.ForWhom(data={"resident": str(draft.get("resident_id", acting_resident().id))})
    form.resident.choices = options(
        [(str(current_user.id), _("For myself"))]
        + [
            (str(r.id), with_names(_("For %(name)s"), name=r.display_name))
            for r in family.residents_of(current_user)
        ]
    )
    if form.validate_on_submit():
        _save(resident_id=int(form.resident.data))
        problem = _ineligible(_draft())
        if problem is None:
            return redirect(_after("for-whom", _draft()))
        form.resident.errors.append(problem)
    return _page("for-whom", form)


@bp.route("/book/certificate", methods=["GET", "POST"])
@guarded("certificate")
def certificate():
    draft = _draft()
    if not _asked("certificate", draft):
        return redirect(_after("certificate", draft))
    resident = _resident(draft)
    form = forms.Certificate()
    form.answers = resident.details or {}
    if form.validate_on_submit():
        accounts.update_details(
            resident, {"certificate_number": form.certificate_number.data}, current_user
        )
        problem = _ineligible(draft)
        if problem is None:
            return redirect(_after("certificate", draft))
        form.certificate_number.errors.append(problem)
    return _page("certificate", form)


@bp.route("/book/device", methods=["GET", "POST"])
@guarded("device")
def device():
    form = forms.Device(data={"device": _draft().get("device")})
    if form.validate_on_submit():
        _save(device=form.device.data)
        _forget("station_id")
        return redirect(_after("device", _draft()))
    return _page("device", form)


def _place_label(station: Station, extra: str | None = None) -> Markup:
    """A station as a choice: its name, then where it is, when it opens and how to get in."""
    lines = [
        Markup("<span class='choice-title'>%s</span>") % local(station.name),
        Markup("<span class='choice-detail'>%s · %s</span>")
        % (DISTRICTS[station.district], local(station.address)),
        Markup("<span class='choice-detail'>%s</span>") % local(station.opening_hours),
        Markup("<span class='choice-detail'>%s</span>") % local(station.accessibility),
    ]
    if extra:
        lines.append(Markup("<span class='choice-detail'>%s</span>") % extra)
    return Markup("").join(lines)


def _stations(draft: dict) -> list[Station]:
    """The places that offer the service: for home care, the providers of the resident's
    district (all, if it is not known); for loans, stations with the device free to lend."""
    kind = STATION_FOR[draft["service"]]
    query = select(Station).where(Station.kind == kind).order_by(Station.district, Station.code)
    district = (_resident(draft).details or {}).get("district")
    if draft["service"] in HOME_CARE and district:
        query = query.where(Station.district == district)
    return list(db.session.scalars(query))


@bp.route("/book/place", methods=["GET", "POST"])
@guarded("place")
def place():
    draft = _draft()
    if draft["service"] in EVENTS:
        return _events(draft)
    stations = _stations(draft)
    form = forms.Place(data={"station": str(draft.get("station_id", ""))})
    choices = []
    for station in stations:
        extra = None
        if draft["service"] == Service.DEVICE_LOAN:
            stock = _stock(station.id, draft["device"])
            if stock is None or stock.available < 1:
                continue
            extra = ngettext("%(num)s free to borrow", "%(num)s free to borrow", stock.available)
        choices.append((str(station.id), _place_label(station, extra)))
    form.station.choices = options(choices)
    form.station.label.text = (
        _("Which home-care provider?")
        if draft["service"] in HOME_CARE
        else _("Which lending station?")
        if draft["service"] == Service.DEVICE_LOAN
        else _("Which rehabilitation station?")
    )
    if form.validate_on_submit():
        _save(station_id=int(form.station.data))
        _forget("slot_id")
        return redirect(_after("place", _draft()))
    return _page("place", form, nothing=not choices)


def _stock(station_id: int, kind: str) -> DeviceStock | None:
    return db.session.scalars(
        select(DeviceStock).where(DeviceStock.station_id == station_id, DeviceStock.kind == kind)
    ).first()


def _open_slots(service: str, station_id: int | None = None) -> list[Slot]:
    now = utcnow()
    query = select(Slot).where(
        Slot.service == service,
        Slot.places_left > 0,
        Slot.starts_at > now,
        Slot.starts_at < now + timedelta(days=SHOWN_DAYS if station_id else 90),
    )
    if station_id:
        query = query.where(Slot.station_id == station_id)
    return list(db.session.scalars(query.order_by(Slot.starts_at, Slot.id)))


def when(slot: Slot) -> str:
    """The whole date with its weekday, and the times, in the reader's language."""
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": format_date(slot.starts_at, "full"),
        "start": format_time(slot.starts_at, "short"),
        "end": format_time(slot.ends_at, "short"),
    }


def places_left(number: int) -> str:
    return ngettext("%(num)s place left", "%(num)s places left", number)


def _events(draft: dict):
    form = forms.Event(data={"slot": str(draft.get("slot_id", ""))})
    events = _open_slots(draft["service"])
    form.slot.choices = options(
        [
            (
                str(slot.id),
                Markup("<span class='choice-title'>%s</span>") % local(slot.title)
                + Markup("<span class='choice-detail'>%s</span>") % when(slot)
                + Markup("<span class='choice-detail'>%s · %s</span>")
                % (local(slot.station.name), DISTRICTS[slot.station.district])
                + Markup("<span class='choice-detail'>%s</span>") % places_left(slot.places_left),
            )
            for slot in events
        ]
    )
    form.slot.label.text = (
        _("Which training course?")
        if draft["service"] == Service.TRAINING
        else _("Which job fair?")
    )
    if form.validate_on_submit():
        slot = db.session.get(Slot, int(form.slot.data))
        _save(slot_id=slot.id, station_id=slot.station_id)
        return redirect(_after("place", _draft()))
    return _page("place", form, nothing=not events)


def time_choices(slots: list[Slot]) -> tuple[list, "OrderedDict[str, list[str]]"]:
    """Choices for the time step, grouped by day. Each choice's words hold the whole date, the
    weekday, the time and the places left: what a screen reader reads for the option alone."""
    choices, days = [], OrderedDict()
    for slot in slots:
        day = format_date(slot.starts_at, "full")
        label = with_names(
            _("%(day)s %(start)s to %(end)s, %(places)s"),
            day=Markup("<span class='visually-hidden'>%s</span>") % day,
            start=format_time(slot.starts_at, "short"),
            end=format_time(slot.ends_at, "short"),
            places=places_left(slot.places_left),
        )
        choices.append((str(slot.id), label))
        days.setdefault(day, []).append(str(slot.id))
    return choices, days


@bp.route("/book/time", methods=["GET", "POST"])
@guarded("time")
def time():
    draft = _draft()
    if draft["service"] == Service.DEVICE_LOAN:
        return _collection(draft)
    form = forms.Time(data={"slot": str(draft.get("slot_id", ""))})
    form.slot.choices, days = time_choices(_open_slots(draft["service"], draft["station_id"]))
    form.slot.label.text = (
        _("When would you like the visit?")
        if draft["service"] in HOME_CARE
        else _("When would you like the session?")
    )
    if form.validate_on_submit():
        _save(slot_id=int(form.slot.data))
        return redirect(_after("time", _draft()))
    return _page("time", form, "book/time.html", days=days)


def _collection(draft: dict):
    form = forms.CollectOn(data={"collect_on": draft.get("collect_on")})
    if form.validate_on_submit():
        _save(collect_on=form.collect_on.data.isoformat())
        return redirect(_after("time", _draft()))
    return _page("time", form)


@bp.route("/book/details", methods=["GET", "POST"])
@guarded("details")
def details():
    draft = _draft()
    resident = _resident(draft)
    home = draft["service"] in HOME_CARE
    form = forms.Details(
        data={
            "address": draft.get("address") or (resident.details or {}).get("home_address"),
            "needs": draft.get("needs"),
            "access_notes": draft.get("access_notes"),
        }
    )
    if not home:
        del form.address
    if form.validate_on_submit():
        _save(
            address=form.address.data if home else None,
            needs=form.needs.data or None,
            access_notes=form.access_notes.data or None,
            details_done=True,
        )
        return redirect(url_for("book.check"))
    return _page("details", form)


@bp.route("/book/check", methods=["GET", "POST"])
@guarded("check")
def check():
    draft = _draft()
    resident = _resident(draft)
    form = forms.Confirm()
    if request.method == "GET":
        # The one-time key: a double tap, or the page sent again, makes one booking.
        _save(key=draft.get("key") or secrets.token_urlsafe(16))
        draft = _draft()
    if form.validate_on_submit():
        try:
            booking = _make(draft, resident, form.key.data or draft["key"])
        except bookings.Full:
            form.key.errors.append(_("The place was taken a moment ago. Choose another."))
        except bookings.NotEligible as refused:
            # Things changed since the first step (the service was paused): say what.
            flash(_refusal(refused.reason) or _("Please check what you chose."))
            return redirect(url_for("book.service"))
        else:
            session.pop(DRAFT, None)
            return redirect(url_for("book.confirmation", booking_id=booking.id))
    return render_template(
        "book/check.html",
        form=form,
        draft=draft,
        resident=resident,
        summary=_summary(draft, resident),
        key=draft["key"],
        back_url=_back("check", draft),
        change_time=url_for("book.place" if draft["service"] in EVENTS else "book.time"),
    )


def _make(draft: dict, resident: User, key: str) -> Booking:
    slot_id = draft.get("slot_id")
    stock = _stock(draft["station_id"], draft["device"]) if draft.get("device") else None
    return bookings.book(
        resident,
        current_user,
        draft["service"],
        key,
        slot_id=slot_id,
        stock_id=stock.id if stock else None,
        collect_on=date.fromisoformat(draft["collect_on"]) if draft.get("collect_on") else None,
        address=draft.get("address"),
        needs=draft.get("needs"),
        access_notes=draft.get("access_notes"),
    )


def _summary(draft: dict, resident: User) -> list[tuple[str, object, str]]:
    """(what, the answer, where to change it) for "Check your booking"."""
    station = db.session.get(Station, draft["station_id"])
    rows = [(_("Service"), SERVICE_TITLES[draft["service"]], url_for("book.service"))]
    if _asked("for-whom", draft):
        rows.append((_("For"), resident.display_name, url_for("book.for_whom")))
    if draft.get("device"):
        rows.append((_("Device"), DEVICE_TITLES[draft["device"]], url_for("book.device")))
    rows.append((_("Place"), local(station.name), url_for("book.place")))
    if draft.get("slot_id"):
        slot = db.session.get(Slot, draft["slot_id"])
        step = "book.place" if draft["service"] in EVENTS else "book.time"
        rows.append((_("When"), when(slot), url_for(step)))
    if draft.get("collect_on"):
        rows.append(
            (
                _("Collect on"),
                format_date(date.fromisoformat(draft["collect_on"]), "full"),
                url_for("book.time"),
            )
        )
    for key, label in (
        ("address", _("Address for the visit")),
        ("needs", _("Help needed")),
        ("access_notes", _("Getting in")),
    ):
        if draft.get(key):
            rows.append((label, draft[key], url_for("book.details")))
    return rows


def _own_booking_or_404(booking_id: int) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if (
        booking is None
        or current_user.is_staff
        or not family.may_act_for(current_user, booking.resident_id)
    ):
        abort(404)
    return booking


@bp.get("/bookings/<int:booking_id>/confirmation")
@login_required
def confirmation(booking_id: int):
    return render_template("book/confirmation.html", booking=_own_booking_or_404(booking_id))


@bp.get("/bookings")
@login_required
def my_bookings():
    if current_user.is_staff:
        abort(404)
    resident = acting_resident()
    mine = db.session.scalars(
        select(Booking)
        .where(Booking.resident_id == resident.id)
        .order_by(Booking.created_at.desc())
    ).all()
    upcoming = [b for b in mine if is_current(b)]
    past = [b for b in mine if not is_current(b)]
    return render_template("book/my_bookings.html", upcoming=upcoming, past=past)


def is_current(booking: Booking) -> bool:
    """Still ahead: a booked time not yet come, a device to collect, or a device borrowed now."""
    if booking.status == BookingStatus.LENT:
        return True
    if booking.status != BookingStatus.BOOKED:
        return False
    return booking.slot is None or booking.slot.starts_at > utcnow()


@bp.get("/bookings/<int:booking_id>")
@login_required
def booking(booking_id: int):
    found = _own_booking_or_404(booking_id)
    return render_template(
        "book/booking.html",
        booking=found,
        can_change=found.status == BookingStatus.BOOKED
        and found.slot is not None
        and found.service not in EVENTS
        and found.slot.starts_at > utcnow(),
        can_cancel=found.status == BookingStatus.BOOKED and is_current(found),
    )


@bp.route("/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(booking_id: int):
    found = _own_booking_or_404(booking_id)
    if found.status != BookingStatus.BOOKED:
        return redirect(url_for("book.booking", booking_id=found.id))
    form = forms.Sure()
    if form.validate_on_submit():
        if form.sure.data == "yes":
            bookings.cancel(found, current_user)
        return redirect(url_for("book.booking", booking_id=found.id))
    return render_template("book/cancel.html", form=form, booking=found)


@bp.route("/bookings/<int:booking_id>/change", methods=["GET", "POST"])
@login_required
def change(booking_id: int):
    """Another time at the same place, for the same service."""
    found = _own_booking_or_404(booking_id)
    if found.status != BookingStatus.BOOKED or found.slot is None or found.service in EVENTS:
        return redirect(url_for("book.booking", booking_id=found.id))
    form = forms.Time(data={"slot": str(found.slot_id)})
    slots = [s for s in _open_slots(found.service, found.slot.station_id) if s.id != found.slot_id]
    form.slot.choices, days = time_choices(slots)
    form.slot.label.text = _("Choose another time")
    if form.validate_on_submit():
        try:
            bookings.change_slot(found, int(form.slot.data), current_user)
        except bookings.Full:
            form.slot.errors.append(_("That time was taken a moment ago. Choose another."))
        else:
            return redirect(url_for("book.booking", booking_id=found.id, changed=1))
    return render_template(
        "book/time.html",
        form=form,
        days=days,
        caption=SERVICE_TITLES[found.service],
        back_url=url_for("book.booking", booking_id=found.id),
    )


@bp.app_template_global()
def slot_when(slot: Slot) -> str:
    return when(slot)
