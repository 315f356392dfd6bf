"""The staff home, a resident's page (who acts for them, what was done, linking family on
proof) and invitations. Behind the /staff guard (app/staff/guard.py); each page within the
person's district (caseworkers) or the prefecture (administrators)."""

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import access, programmes
from app.account.forms import RELATIONSHIP_LABELS, LinkOnProof
from app.account.labels import ACTION_LABELS
from app.catalogue import station_choices
from app.districts import DISTRICTS
from app.models import Role
from app.services import audit, casework, family, staff, undelivered
from app.session_keys import NEW_INVITATION
from app.staff import bp
from app.staff.forms import Invite
from app.staff.guard import roles
from app.translations import lazy_gettext as _l


@bp.get("")
def home():
    return render_template(
        "staff/home.html",
        recent=casework.recent(current_user),
        programmes={p.code: p for p in programmes.all_programmes()},
        district=DISTRICTS.get(current_user.district),
    )


@bp.route("/residents/<int:resident_id>", methods=["GET", "POST"])
@roles(Role.CASEWORKER, Role.ADMIN)
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
    events = audit.done_for(found.id)
    return render_template(
        "staff/resident.html",
        resident=found,
        form=form,
        links=family.approved_links_of(found),
        relationship_labels=RELATIONSHIP_LABELS,
        events=events,
        actors=audit.actors_of(events),
        labels=ACTION_LABELS,
        undelivered=undelivered.for_resident(found.id),
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
@roles(Role.ADMIN)
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
        session[NEW_INVITATION] = url_for("join.accept", token=token, _external=True)
        return redirect(url_for("staff.invitations"))
    return render_template(
        "staff/invitations.html",
        form=form,
        link=session.pop(NEW_INVITATION, None),
        team=staff.team(current_user),
    )
