"""Staff pages: only for staff who signed in with a passkey, each only within their district
(caseworkers), their station (station staff) or the prefecture (administrators)."""

import json
from datetime import UTC, date, datetime, time, timedelta

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from app import access, programmes, sessions
from app.account.forms import RELATIONSHIP_LABELS, LinkOnProof, NewPasskey, new_passkey_from
from app.account.labels import ACTION_LABELS
from app.catalogue import SERVICE_TITLES, station_choices
from app.districts import DISTRICTS
from app.extensions import db
from app.forms.fields import options
from app.models import (
    EVENTS,
    STATION_FOR,
    Application,
    Booking,
    BookingStatus,
    DeviceStock,
    FamilyLink,
    LinkStatus,
    Role,
    Service,
    Slot,
    Station,
    StationKind,
    Status,
)
from app.models.base import local_today
from app.services import audit, bookings, family, passkeys, staff
from app.session_keys import NEW_INVITATION
from app.staff.forms import Invite
from app.staff.guard import never_kept, staff_only
from app.staff.station_forms import NewSlots, clock

bp = Blueprint("staff", __name__, url_prefix="/staff")

ROLE_LABELS = {
    Role.RESIDENT: _l("resident"),
    Role.CASEWORKER: _l("caseworker"),
    Role.STATION_STAFF: _l("station staff"),
    Role.ADMIN: _l("administrator"),
}


bp.after_request(never_kept)


@bp.get("")
@staff_only()
def home():
    recent = []
    if current_user.role in (Role.CASEWORKER, Role.ADMIN):
        query = select(Application).where(Application.status != Status.DRAFT)
        if current_user.role == Role.CASEWORKER:
            query = query.where(Application.district == current_user.district)
        recent = db.session.scalars(query.order_by(Application.submitted_at.desc()).limit(20)).all()
    return render_template(
        "staff/home.html",
        recent=recent,
        programmes={p.code: p for p in programmes.all_programmes()},
        district=DISTRICTS.get(current_user.district),
    )


@bp.route("/residents/<int:resident_id>", methods=["GET", "POST"])
@staff_only(Role.CASEWORKER, Role.ADMIN)
def resident(resident_id: int):
    """A resident of the district: who acts for them, what was done, and linking family on proof."""
    found = access.resident_or_404(current_user, resident_id)
    audit.record_read(current_user, found.id, action="read.resident", subject=found)
    form = LinkOnProof()
    if form.validate_on_submit():
        try:
            family.approve_on_proof(
                current_user, found, form.mobile.data, form.relationship.data, form.proof.data
            )
        except family.LinkProblem as problem:
            form.mobile.errors.append(PROOF_PROBLEMS[problem.reason])
        else:
            flash(_("The family member is linked. They can act for the resident now."))
            return redirect(url_for("staff.resident", resident_id=found.id))
    links = db.session.scalars(
        select(FamilyLink).where(
            FamilyLink.resident_id == found.id, FamilyLink.status == LinkStatus.APPROVED
        )
    ).all()
    events = audit.done_for(found.id)
    return render_template(
        "staff/resident.html",
        resident=found,
        form=form,
        links=links,
        relationship_labels=RELATIONSHIP_LABELS,
        events=events,
        actors=audit.actors_of(events),
        labels=ACTION_LABELS,
    )


PROOF_PROBLEMS = {
    "no_account": _l(
        "Nobody has signed in with this number yet. Ask the family member to sign in once, "
        "then try again"
    ),
    "exists": _l("This family member is already linked to the resident, or has asked to be"),
    "self": _l("Enter the family member's number, not the resident's own"),
}


@bp.route("/invitations", methods=["GET", "POST"])
@staff_only(Role.ADMIN)
def invitations():
    form = Invite()
    form.station.choices = station_choices()
    if form.validate_on_submit():
        token = staff.invite(
            current_user,
            form.name.data,
            Role(form.role.data),
            district=form.district.data,
            station=form.station.data,
        )
        session[NEW_INVITATION] = url_for("staff.accept", token=token, _external=True)
        return redirect(url_for("staff.invitations"))
    return render_template(
        "staff/invitations.html",
        form=form,
        link=session.pop(NEW_INVITATION, None),
        team=staff.team(current_user),
    )


def _invitation_or_404(token: str):
    try:
        return staff.find(token, current_user)
    except staff.InvitationProblem:
        abort(make_response(render_template("staff/invitation_unusable.html"), 404))


@bp.post("/invitations/<token>/passkey-options")
@login_required
def join_options(token: str):
    """Options for making the passkey that accepts an invitation; the challenge stays here."""
    _invitation_or_404(token)
    options = passkeys.registration_options(
        current_user, sessions.current().id, passkeys.Ceremony.JOIN
    )
    return jsonify(json.loads(options))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def accept(token: str):
    """The invited person, signed in with a code, makes a passkey and becomes staff. The only
    way a staff account gets a passkey without already having one."""
    invitation = _invitation_or_404(token)
    form = NewPasskey()

    def join(credential) -> None:
        new = passkeys.check_new(credential, sessions.current().id, passkeys.Ceremony.JOIN)
        staff.join(token, current_user, new, form.name.data)

    try:
        joined = form.validate_on_submit() and new_passkey_from(form, join)
    except staff.InvitationProblem:
        return render_template("staff/invitation_unusable.html"), 404
    if joined:
        # Making the passkey proved the person holds it: the new session is a passkey's.
        user = current_user._get_current_object()
        sessions.begin(user, "passkey")
        user.signed_in_with = "passkey"
        return redirect(url_for("staff.home"))
    return render_template(
        "staff/accept.html",
        form=form,
        invitation=invitation,
        district=DISTRICTS.get(invitation.district),
        next_url=request.path,
        options_url=url_for("staff.join_options", token=token),
    )


@bp.app_template_global()
def role_label(role: str) -> str:
    return str(ROLE_LABELS[Role(role)])


# Station staff: the day's bookings, times to book, and devices lent and returned.


def _my_station() -> Station:
    station = db.session.scalars(
        select(Station).where(Station.code == current_user.station)
    ).first()
    return station or abort(404)


def _local_day(value: str | None) -> date:
    """The day named in the address, else today. Only this century: the first and last days
    a date can be have no day before or after them, and would end in an error."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        day = None
    return day if day and 2000 <= day.year <= 2099 else local_today()


@bp.get("/station")
@staff_only(Role.STATION_STAFF)
def station():
    """The station's day: each time, and who booked it; attended or not."""
    found = _my_station()
    day = _local_day(request.args.get("day"))
    start = datetime.combine(day, time.min, tzinfo=bookings.LOCAL_TIME).astimezone(UTC)
    slots = db.session.scalars(
        select(Slot)
        .where(
            Slot.station_id == found.id,
            Slot.starts_at >= start,
            Slot.starts_at < start + timedelta(days=1),
        )
        .order_by(Slot.starts_at)
    ).all()
    booked = {
        slot.id: db.session.scalars(
            select(Booking)
            .where(Booking.slot_id == slot.id, Booking.status != BookingStatus.CANCELLED)
            .order_by(Booking.id)
        ).all()
        for slot in slots
    }
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
@staff_only(Role.STATION_STAFF)
def mark_booking(booking_id: int, outcome: str):
    found = access.station_booking_or_404(current_user, booking_id)
    try:
        bookings.mark(found, outcome == "attended", current_user)
    except bookings.NotAllowed:
        abort(409)
    day = found.slot.starts_at.astimezone(bookings.LOCAL_TIME).date()
    return redirect(url_for("staff.station", day=day.isoformat()))


@bp.route("/station/times", methods=["GET", "POST"])
@staff_only(Role.STATION_STAFF)
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
@staff_only(Role.STATION_STAFF)
def loans():
    """Devices to hand over, devices out (overdue first), and their stock."""
    found = _my_station()
    if found.kind != StationKind.LENDING:
        abort(404)
    stock = db.session.scalars(
        select(DeviceStock).where(DeviceStock.station_id == found.id).order_by(DeviceStock.kind)
    ).all()
    current = db.session.scalars(
        select(Booking)
        .join(DeviceStock)
        .where(
            DeviceStock.station_id == found.id,
            Booking.status.in_([BookingStatus.BOOKED, BookingStatus.LENT]),
        )
        .order_by(Booking.due_on, Booking.collect_on)
    ).all()
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
@staff_only(Role.STATION_STAFF)
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
