"""Booking a service, one question per page: what, for whom, where, when, details, check. The
steps and their order are declared in app/book/steps.py; each view here asks one step's question
and keeps its answer in the draft; the booking itself is made in one transaction that takes the
place or the device (app.services.bookings)."""

import secrets

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.acting import acting_resident
from app.book import bp, forms
from app.book.labels import (
    check_rows,
    event_label,
    place_question,
    radio_choices,
    radio_days,
    station_label,
    time_choices,
)
from app.book.steps import JOURNEY, Draft
from app.built_urls import kept_url_for
from app.catalogue import SERVICE_TITLES
from app.forms.fields import options
from app.i18n import with_names
from app.models import EVENTS, HOME_CARE, Service
from app.services import accounts, bookings


def _url(step) -> str:
    return kept_url_for(step.endpoint)


def _after(slug: str, draft: Draft) -> str:
    later = JOURNEY.after(JOURNEY.step(slug), draft)
    return _url(later) if later else kept_url_for("book.check")


def _back(slug: str, draft: Draft) -> str:
    earlier = JOURNEY.before(JOURNEY.step(slug), draft)
    return _url(earlier) if earlier else kept_url_for("public.home")


def step(slug: str, rule: str):
    """A step's view: residents and family only, and the steps before it answered first, so
    that nothing is booked on half an answer. The view is called with the draft."""

    def decorate(view):
        @login_required
        def guarded():
            if current_user.is_staff:
                abort(404)
            draft = Draft(current_user)
            missing = JOURNEY.first_unfinished(draft, before=JOURNEY.step(slug))
            return redirect(_url(missing)) if missing else view(draft)

        bp.add_url_rule(rule, view.__name__, guarded, methods=["GET", "POST"])
        return view

    return decorate


def _form(cls, **values):
    """A step's form. Only sent answers are checked against a CSRF token: a form that is only
    shown is made without one of its own (the page's comes from csrf_field), which costs less."""
    if request.method == "POST":
        return cls(**values)
    return cls(meta={"csrf": False}, **values)


def _page(slug: str, draft: Draft, form, template: str = "book/question.html", **context):
    return render_template(
        template, form=form, back_url=_back(slug, draft), caption=_caption(draft), **context
    )


def _choice_page(slug: str, draft: Draft, form, field: str, **context):
    """A step whose question is one choice of radio buttons, as _page shows it."""
    return _page(
        slug,
        draft,
        form,
        "book/choose.html",
        choice_field=field,
        choices=radio_choices(form[field]),
        **context,
    )


def _caption(draft: Draft) -> str:
    return str(SERVICE_TITLES[draft.service]) if draft.service else _("Book a service")


def _refusal(reason: str | None):
    if reason == "paused":
        return _("This service is not taking bookings for now. Please choose another.")
    if reason == "grade":
        return _("Home-care visits are for people whose disability certificate is grade 1 or 2.")
    return None


def _ineligible(draft: Draft):
    """Why the resident can not book the chosen service; None when they can (or when it is not
    known yet: the certificate step will ask)."""
    return _refusal(draft.recheck())


@step("service", "/book")
def service(draft: Draft):
    if request.method == "GET" and request.args.get("new"):
        draft.clear()
    form = _form(forms.ChooseService, data={"service": draft.service})
    paused = draft.paused
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
        kept = {"resident_id": draft["resident_id"]} if "resident_id" in draft else {}
        draft.start(**kept, service=form.service.data)
        problem = _ineligible(draft)
        if problem is None:
            return redirect(_after("service", draft))
        form.service.errors.append(problem)
    return _choice_page("service", draft, form, "service")


@step("for-whom", "/book/for-whom")
def for_whom(draft: Draft):
    form = _form(
        forms.ForWhom, data={"resident": str(draft.get("resident_id", acting_resident().id))}
    )
    form.resident.choices = options(
        [(str(current_user.id), _("For myself"))]
        + [(str(r.id), with_names(_("For %(name)s"), name=r.display_name)) for r in draft.residents]
    )
    if form.validate_on_submit():
        draft.save(resident_id=int(form.resident.data))
        problem = _ineligible(draft)
        if problem is None:
            return redirect(_after("for-whom", draft))
        form.resident.errors.append(problem)
    return _choice_page("for-whom", draft, form, "resident")


@step("certificate", "/book/certificate")
def certificate(draft: Draft):
    if not JOURNEY.step("certificate").applies(draft):
        return redirect(_after("certificate", draft))
    form = _form(forms.Certificate)
    form.answers = draft.resident.details or {}
    if form.validate_on_submit():
        accounts.update_details(
            draft.resident, {"certificate_number": form.certificate_number.data}, current_user
        )
        problem = _ineligible(draft)
        if problem is None:
            return redirect(_after("certificate", draft))
        form.certificate_number.errors.append(problem)
    return _page("certificate", draft, form)


@step("device", "/book/device")
def device(draft: Draft):
    form = _form(forms.Device, data={"device": draft.get("device")})
    if form.validate_on_submit():
        draft.save(device=form.device.data)
        draft.forget("station_id")
        return redirect(_after("device", draft))
    return _choice_page("device", draft, form, "device")


@step("place", "/book/place")
def place(draft: Draft):
    if draft.service in EVENTS:
        return _events(draft)
    district = (draft.resident.details or {}).get("district")
    stations = bookings.stations_for(draft.service, district)
    choices = []
    if draft.service == Service.DEVICE_LOAN:
        stock = bookings.stocks_of(draft["device"])
        for station in stations:
            free = stock[station.id].available if station.id in stock else 0
            if free > 0:
                lendable = ngettext("%(num)s free to borrow", "%(num)s free to borrow", free)
                choices.append((str(station.id), station_label(station, lendable)))
    else:
        choices = [(str(s.id), station_label(s)) for s in stations]
    form = _form(forms.Place, data={"station": str(draft.get("station_id", ""))})
    form.station.choices = options(choices)
    form.station.label.text = place_question(draft.service)
    if form.validate_on_submit():
        draft.save(station_id=int(form.station.data))
        draft.forget("slot_id")
        return redirect(_after("place", draft))
    return _choice_page("place", draft, form, "station", nothing=not choices)


def _events(draft: Draft):
    """A course or a job fair: the event is the place and the time in one choice."""
    events = bookings.open_slots(draft.service)
    form = _form(forms.Event, data={"slot": str(draft.get("slot_id", ""))})
    form.slot.choices = options(
        [
            (
                str(slot.id),
                event_label(slot),
            )
            for slot in events
        ]
    )
    form.slot.label.text = (
        _("Which training course?") if draft.service == Service.TRAINING else _("Which job fair?")
    )
    if form.validate_on_submit():
        chosen = next(s for s in events if s.id == int(form.slot.data))
        draft.save(slot_id=chosen.id, station_id=chosen.station_id)
        return redirect(_after("place", draft))
    return _choice_page("place", draft, form, "slot", nothing=not events)


@step("time", "/book/time")
def time(draft: Draft):
    if draft.service == Service.DEVICE_LOAN:
        return _collection(draft)
    form = _form(forms.Time, data={"slot": str(draft.get("slot_id", ""))})
    form.slot.choices, days = time_choices(bookings.open_times(draft.service, draft["station_id"]))
    form.slot.label.text = (
        _("When would you like the visit?")
        if draft.service in HOME_CARE
        else _("When would you like the session?")
    )
    if form.validate_on_submit():
        draft.save(slot_id=int(form.slot.data))
        return redirect(_after("time", draft))
    return _page("time", draft, form, "book/time.html", days=radio_days(form.slot, days))


def _collection(draft: Draft):
    form = _form(forms.CollectOn, data={"collect_on": draft.get("collect_on")})
    if form.validate_on_submit():
        draft.save(collect_on=form.collect_on.data.isoformat())
        return redirect(_after("time", draft))
    return _page("time", draft, form)


@step("details", "/book/details")
def details(draft: Draft):
    home = draft.service in HOME_CARE
    form = _form(
        forms.Details,
        data={
            "address": draft.get("address") or (draft.resident.details or {}).get("home_address"),
            "needs": draft.get("needs"),
            "access_notes": draft.get("access_notes"),
        },
    )
    if not home:
        del form.address
    if form.validate_on_submit():
        draft.save(
            address=form.address.data if home else None,
            needs=form.needs.data or None,
            access_notes=form.access_notes.data or None,
            details_done=True,
        )
        return redirect(kept_url_for("book.check"))
    return _page("details", draft, form, "book/details.html")


@step("check", "/book/check")
def check(draft: Draft):
    form = _form(forms.Confirm)
    if request.method == "GET" and not draft.get("key"):
        # The one-time key: a double tap, or the page sent again, makes one booking. Kept once
        # made: showing the page again writes nothing.
        draft.save(key=secrets.token_urlsafe(16))
    if form.validate_on_submit():
        try:
            booking = bookings.book(draft.request(current_user, form.key.data or draft["key"]))
        except bookings.Full:
            form.key.errors.append(_("The place was taken a moment ago. Choose another."))
        except bookings.NotEligible as refused:
            # Things changed since the first step (the service was paused): say what.
            flash(_refusal(refused.reason) or _("Please check what you chose."))
            return redirect(kept_url_for("book.service"))
        else:
            draft.clear()
            return redirect(kept_url_for("book.confirmation", booking_id=booking.id))
    return render_template(
        "book/check.html",
        form=form,
        rows=check_rows(draft),
        key=draft["key"],
        caption=_caption(draft),
        back_url=_back("check", draft),
        change_time=kept_url_for("book.place" if draft.service in EVENTS else "book.time"),
    )
