"""Station staff: the day's bookings and attendance, times to book, and devices lent and
returned. Behind the /staff guard; each page for the person's own station."""

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_login import current_user

from app import access
from app.catalogue import SERVICE_TITLES
from app.forms.fields import options
from app.models import EVENTS, STATION_FOR, BookingStatus, Role, Service, Station, StationKind
from app.models.base import local_today
from app.services import bookings
from app.staff import bp
from app.staff.guard import roles
from app.staff.station_forms import NewSlots, clock


def _my_station() -> Station:
    return bookings.station_by_code(current_user.station) or abort(404)


def _local_day(value: str | None) -> date:
    """The day named in the address, else today. Only this century: the first and last days
    a date can be have no day before or after them, and would end in an error."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        day = None
    return day if day and 2000 <= day.year <= 2099 else local_today()


@bp.get("/station")
@roles(Role.STATION_STAFF)
def station():
    """The station's day: each time, and who booked it; attended or not."""
    found = _my_station()
    day = _local_day(request.args.get("day"))
    slots, booked = bookings.station_day(found, day)
    return render_template(
        "staff/station_day.html",
        station=found,
        day=day,
        slots=slots,
        booked=booked,
        previous_day=day - timedelta(days=1),
        next_day=day + timedelta(days=1),
    )


@bp.post("/station/bookings/<int:booking_id>/<any(attended, missed):outcome>")
@roles(Role.STATION_STAFF)
def mark_booking(booking_id: int, outcome: str):
    found = access.station_booking_or_404(current_user, booking_id)
    try:
        bookings.mark(found, outcome == "attended", current_user)
    except bookings.NotAllowed:
        abort(409)
    day = found.slot.starts_at.astimezone(bookings.LOCAL_TIME).date()
    return redirect(url_for("staff.station", day=day.isoformat()))


@bp.route("/station/times", methods=["GET", "POST"])
@roles(Role.STATION_STAFF)
def new_slots():
    """Adds a time, once or every week for some weeks."""
    found = _my_station()
    services = [s for s, kind in STATION_FOR.items() if kind == found.kind]
    if not services or found.kind == StationKind.LENDING:
        abort(404)
    form = NewSlots()
    form.service.choices = options([(s.value, SERVICE_TITLES[s]) for s in services])
    if not any(s in EVENTS for s in services):
        del form.title
    if form.validate_on_submit():
        made = bookings.add_slots(
            found,
            Service(form.service.data),
            form.day.data,
            clock(form.starts.data),
            clock(form.ends.data),
            form.capacity.data,
            weeks=int(form.weeks.data),
            actor=current_user,
            title=_event_title(form),
        )
        flash(ngettext("%(num)s time added.", "%(num)s times added.", made))
        return redirect(url_for("staff.station", day=form.day.data.isoformat()))
    return render_template("staff/new_slots.html", form=form, station=found)


def _event_title(form: NewSlots) -> dict | None:
    """An event's title, written in one language; shown as it is to readers of others."""
    if "title" not in form or not form.title.data:
        return None
    return {str(get_locale()): form.title.data}


@bp.get("/station/loans")
@roles(Role.STATION_STAFF)
def loans():
    """Devices to hand over, devices out (overdue first), and their stock."""
    found = _my_station()
    if found.kind != StationKind.LENDING:
        abort(404)
    stock, current = bookings.loans_at(found)
    today = local_today()
    return render_template(
        "staff/loans.html",
        station=found,
        stock=stock,
        to_collect=[b for b in current if b.status == BookingStatus.BOOKED],
        overdue=[b for b in current if b.status == BookingStatus.LENT and b.due_on < today],
        lent=[b for b in current if b.status == BookingStatus.LENT and b.due_on >= today],
        today=today,
    )


@bp.post("/station/loans/<int:booking_id>/<any(lend, return):action>")
@roles(Role.STATION_STAFF)
def loan_action(booking_id: int, action: str):
    found = access.station_booking_or_404(current_user, booking_id)
    try:
        if action == "lend":
            bookings.lend(found, current_user, local_today())
        else:
            bookings.take_back(found, current_user)
    except bookings.NotAllowed:
        abort(409)
    return redirect(url_for("staff.loans"))
