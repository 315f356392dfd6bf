"""A resident's bookings: the confirmation, the list, one booking, cancelling and changing."""

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import access
from app.acting import acting_resident
from app.book import bp, forms
from app.book.labels import radio_days, time_choices
from app.catalogue import SERVICE_TITLES
from app.models import EVENTS, BookingStatus
from app.models.base import utcnow
from app.services import bookings


@bp.get("/bookings/<int:booking_id>/confirmation")
@login_required
def confirmation(booking_id: int):
    return render_template(
        "book/confirmation.html", booking=access.booking_or_404(current_user, booking_id)
    )


@bp.get("/bookings")
@login_required
def my_bookings():
    if current_user.is_staff:
        abort(404)
    mine = bookings.of_resident(acting_resident())
    upcoming = [b for b in mine if is_current(b)]
    past = [b for b in mine if not is_current(b)]
    return render_template("book/my_bookings.html", upcoming=upcoming, past=past)


def is_current(booking) -> bool:
    """Still ahead: a booked time not yet come, a device to collect, or a device borrowed now."""
    if booking.status == BookingStatus.LENT:
        return True
    if booking.status != BookingStatus.BOOKED:
        return False
    return booking.slot is None or booking.slot.starts_at > utcnow()


@bp.get("/bookings/<int:booking_id>")
@login_required
def booking(booking_id: int):
    found = access.booking_or_404(current_user, booking_id)
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
    found = access.booking_or_404(current_user, booking_id)
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
    found = access.booking_or_404(current_user, booking_id)
    if found.status != BookingStatus.BOOKED or found.slot is None or found.service in EVENTS:
        return redirect(url_for("book.booking", booking_id=found.id))
    form = forms.Time(data={"slot": str(found.slot_id)})
    times = bookings.open_times(found.service, found.slot.station_id)
    form.slot.choices, days = time_choices([t for t in times if t.id != found.slot_id])
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
        days=radio_days(form.slot, days),
        caption=SERVICE_TITLES[found.service],
        back_url=url_for("book.booking", booking_id=found.id),
    )
