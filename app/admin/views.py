"""The prefecture administrators' pages: staff and what they may do, when programmes take
applications, which services take bookings, and the stations' details."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import access, programmes
from app.admin.forms import STATION_TEXTS, ChangeStaff, NewStation, ProgrammeDates, StationDetails
from app.catalogue import SERVICE_TITLES, station_choices
from app.config import LANGUAGES
from app.models import Role, Service
from app.services import admin, bookings, staff
from app.session_keys import NEW_INVITATION
from app.staff.guard import for_roles

# Inside the /staff blueprint, behind its guard (app/staff/__init__.py).
bp = Blueprint("admin", __name__)
bp.before_request(for_roles(Role.ADMIN))


@bp.get("/staff")
def team():
    return render_template("admin/team.html", team=staff.team(current_user))


@bp.route("/staff/<int:member_id>", methods=["GET", "POST"])
def change_member(member_id: int):
    member = access.member_or_404(current_user, member_id)
    form = ChangeStaff(obj=member)
    form.station.choices = station_choices()
    if form.validate_on_submit():
        admin.change_staff(
            member, current_user, form.role.data, form.district.data, form.station.data
        )
        flash(_("The change is saved."))
        return redirect(url_for("staff.admin.team"))
    return render_template("admin/member.html", form=form, member=member)


@bp.post("/staff/<int:member_id>/new-link")
def new_link(member_id: int):
    """A new invitation link for a member of staff who lost their passkey: only their account
    can use it, and the passkey they make with it replaces the old ones."""
    member = access.member_or_404(current_user, member_id)
    token = staff.reinvite(current_user, member)
    session[NEW_INVITATION] = url_for("join.accept", token=token, _external=True)
    return redirect(url_for("staff.invitations"))


@bp.get("/programmes")
def programme_list():
    shown = [(p, admin.window_as_saved(p.code)) for p in programmes.all_programmes()]
    return render_template("admin/programmes.html", programmes=shown)


@bp.route("/programmes/<code>", methods=["GET", "POST"])
def programme_dates(code: str):
    programme = programmes.get(code) or abort(404)
    window = admin.window_as_saved(code)
    form = ProgrammeDates(obj=window)
    if form.validate_on_submit():
        admin.set_window(code, form.opens_on.data, form.closes_on.data, current_user)
        flash(_("The dates are saved."))
        return redirect(url_for("staff.admin.programme_list"))
    return render_template("admin/programme_dates.html", form=form, programme=programme)


@bp.get("/services")
def service_list():
    return render_template(
        "admin/services.html", services=SERVICE_TITLES.items(), paused=bookings.paused()
    )


@bp.post("/services/<any({}):service>".format(", ".join(s.value for s in Service)))
def pause_service(service: str):
    wanted = request.form.get("paused")
    if wanted not in ("yes", "no"):
        abort(400)
    admin.pause_service(service, wanted == "yes", current_user)
    if wanted == "yes":
        flash(_("%(service)s takes no new bookings now.", service=SERVICE_TITLES[service]))
    else:
        flash(_("%(service)s takes bookings again.", service=SERVICE_TITLES[service]))
    return redirect(url_for("staff.admin.service_list"))


@bp.get("/stations")
def station_list():
    stations = admin.stations()
    return render_template("admin/stations.html", stations=stations)


@bp.route("/stations/<int:station_id>", methods=["GET", "POST"])
def station_details(station_id: int):
    station = access.station_or_404(current_user, station_id)
    known = {
        f"{field}_{code}": getattr(station, field).get(code, "")
        for field in STATION_TEXTS
        for code in LANGUAGES
    }
    form = StationDetails(data=known)
    if form.validate_on_submit():
        admin.update_station(station, current_user, _station_texts(form))
        flash(_("The station's details are saved."))
        return redirect(url_for("staff.admin.station_list"))
    return render_template("admin/station.html", form=form, station=station)


@bp.route("/stations/new", methods=["GET", "POST"])
def new_station():
    form = NewStation()
    if form.validate_on_submit():
        admin.add_station(current_user, form.kind.data, form.district.data, _station_texts(form))
        flash(_("The station is added."))
        return redirect(url_for("staff.admin.station_list"))
    return render_template("admin/new_station.html", form=form)


def _station_texts(form) -> dict[str, dict[str, str]]:
    """The form's details as the station keeps them: each a dict by language code."""
    return {
        field: {code: form[f"{field}_{code}"].data or "" for code in LANGUAGES}
        for field in STATION_TEXTS
    }
