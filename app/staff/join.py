"""Accepting an invitation: the only way a staff account gets a passkey without already
having one. Not behind the staff guard: the person opening the link is not staff yet, and
signs in with a code to accept it (the link and the number together prove who they are)."""

import json

from flask import (
    Blueprint,
    abort,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from app import sessions
from app.account.forms import NewPasskey, new_passkey_from
from app.districts import DISTRICTS
from app.services import passkeys, staff
from app.staff.guard import never_kept

bp = Blueprint("join", __name__, url_prefix="/staff/invitations")
bp.after_request(never_kept)


def _invitation_or_404(token: str):
    try:
        return staff.find(token, current_user)
    except staff.InvitationProblem:
        abort(make_response(render_template("staff/invitation_unusable.html"), 404))


@bp.post("/<token>/passkey-options")
@login_required
def options(token: str):
    """Options for making the passkey that accepts an invitation; the challenge stays here."""
    _invitation_or_404(token)
    made = passkeys.registration_options(
        current_user, sessions.current().id, passkeys.Ceremony.JOIN
    )
    return jsonify(json.loads(made))


@bp.route("/<token>", methods=["GET", "POST"])
@login_required
def accept(token: str):
    """The invited person, signed in with a code, makes a passkey and becomes staff."""
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
        options_url=url_for("join.options", token=token),
    )
