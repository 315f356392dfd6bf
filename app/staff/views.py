"""Staff pages: only for staff who signed in with a passkey, each only within their district
(caseworkers), their station (station staff) or the prefecture (administrators)."""

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from sqlalchemy import select

from app import access, programmes
from app.account.forms import RELATIONSHIP_LABELS, LinkOnProof, NewPasskey
from app.account.labels import ACTION_LABELS
from app.account.views import register_passkey
from app.apply.summary import summary_rows
from app.districts import DISTRICTS
from app.extensions import db
from app.models import Application, AuditEvent, FamilyLink, LinkStatus, Role, Status, User
from app.services import audit, documents, family, staff
from app.staff.forms import Invite

bp = Blueprint("staff", __name__, url_prefix="/staff")

AUTH_METHOD = "auth_method"
ROLE_LABELS = {
    Role.RESIDENT: _l("resident"),
    Role.CASEWORKER: _l("caseworker"),
    Role.STATION_STAFF: _l("station staff"),
    Role.ADMIN: _l("administrator"),
}
NEW_INVITATION = "new_invitation_link"


def staff_only(*roles: Role):
    """Staff of these roles (any, when none are named), signed in with a passkey. Everyone else
    gets 404; staff who signed in with a code are asked to sign in with their passkey."""

    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not current_user.is_staff or (roles and current_user.role not in roles):
                abort(404)
            if session.get(AUTH_METHOD) != "passkey":
                logout_user()
                session.clear()
                flash(_("Staff sign in with a passkey."))
                return redirect(url_for("auth.sign_in"))
            return view(*args, **kwargs)

        return guarded

    return decorate


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


@bp.get("/applications/<int:application_id>")
@staff_only(Role.CASEWORKER, Role.ADMIN)
def application(application_id: int):
    found = db.session.get(Application, application_id)
    if found is None or not access.can_see_application(current_user, found):
        abort(404)
    programme = programmes.get(found.programme) or abort(404)
    kept = documents.for_application(found)
    return render_template(
        "staff/application.html",
        application=found,
        programme=programme,
        documents=kept,
        rows=summary_rows(programme, found.answers, kept),
    )


def _resident_or_404(resident_id: int) -> User:
    resident = db.session.get(User, resident_id)
    if resident is None or resident.is_staff or not access.can_see_resident(current_user, resident):
        abort(404)
    return resident


@bp.route("/residents/<int:resident_id>", methods=["GET", "POST"])
@staff_only(Role.CASEWORKER, Role.ADMIN)
def resident(resident_id: int):
    """A resident of the district: who acts for them, what was done, and linking family on proof."""
    found = _resident_or_404(resident_id)
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
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.resident_id == found.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(200)
    ).all()
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


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def accept(token: str):
    """The invited person, signed in with a code, makes a passkey and becomes staff."""
    try:
        invitation = staff.find(token)
    except staff.InvitationProblem:
        return render_template("staff/invitation_unusable.html"), 404
    form = NewPasskey()
    if form.validate_on_submit() and register_passkey(form):
        staff.accept(token, current_user)
        # Making the passkey proved the person holds it: this session counts as one.
        session[AUTH_METHOD] = "passkey"
        return redirect(url_for("staff.home"))
    return render_template(
        "staff/accept.html",
        form=form,
        invitation=invitation,
        district=DISTRICTS.get(invitation.district),
        next_url=request.path,
    )


@bp.app_template_global()
def role_label(role: str) -> str:
    return str(ROLE_LABELS[Role(role)])
