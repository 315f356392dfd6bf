"""A person's own account: passkeys, family links, for whom they act, what was done for them."""

import json
from functools import wraps

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, logout_user

from app import access, preferences, sessions
from app.access import has_staff_power
from app.account import forms
from app.account.labels import ACTION_LABELS
from app.acting import act_for, acting_resident
from app.forms.fields import options
from app.i18n import with_names
from app.preferences import PASSKEY_OFFER_DECLINED
from app.services import accounts, audit, family, notifications, passkeys, rate_limits
from app.session_keys import AFTER_OFFER
from app.translations import lazy_gettext as _l

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.get("")
@login_required
def index():
    as_resident, _as_family = family.links_of(current_user)
    return render_template(
        "account/index.html",
        passkey_count=len(current_user.passkeys),
        waiting=[link for link in as_resident if link.status == "requested"],
        residents=family.residents_of(current_user),
    )


def own_passkeys_only(view):
    """A member of staff changes their passkeys only in a session begun with one: a code (a
    stolen number) must never add a passkey that then opens residents' files. A lost passkey is
    replaced through an administrator's new invitation link."""

    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if current_user.is_staff and not has_staff_power(current_user):
            abort(404)
        return view(*args, **kwargs)

    return guarded


@bp.post("/passkeys/options")
@own_passkeys_only
def passkey_options():
    """Options for creating a passkey, for the page's script; the challenge stays here."""
    return jsonify(json.loads(passkeys.registration_options(current_user, sessions.current().id)))


def register_passkey(form: forms.NewPasskey) -> bool:
    return forms.new_passkey_from(
        form,
        lambda credential: passkeys.register(
            current_user, credential, sessions.current().id, form.name.data
        ),
    )


@bp.route("/passkeys", methods=["GET", "POST"])
@own_passkeys_only
def passkey_list():
    form = forms.NewPasskey()
    if form.validate_on_submit() and register_passkey(form):
        flash(_("Your passkey is ready. Next time, sign in with it."))
        return redirect(url_for("account.passkey_list"))
    return render_template("account/passkeys.html", form=form, passkeys=current_user.passkeys)


@bp.route("/passkeys/offer", methods=["GET", "POST"])
@own_passkeys_only
def passkey_offer():
    """Offered once after signing in with a code: a passkey, so that no code is needed."""
    next_url = session.get(AFTER_OFFER) or url_for("apply.my_applications")
    form = forms.NewPasskey()
    if form.validate_on_submit() and register_passkey(form):
        session.pop(AFTER_OFFER, None)
        flash(_("Your passkey is ready. Next time, sign in with it."))
        return redirect(next_url)
    return render_template("account/passkey_offer.html", form=form, next_url=next_url)


@bp.get("/passkeys/not-now")
@login_required
def passkey_not_now():
    """ "Not now": the offer is not made again on this phone or computer."""
    response = redirect(session.pop(AFTER_OFFER, None) or url_for("apply.my_applications"))
    preferences.remember(response, PASSKEY_OFFER_DECLINED, "declined")
    return response


@bp.post("/passkeys/<int:passkey_id>/remove")
@own_passkeys_only
def remove_passkey(passkey_id: int):
    passkeys.remove(access.passkey_or_404(current_user, passkey_id))
    flash(_("The passkey is removed. You can still sign in with a code."))
    return redirect(url_for("account.passkey_list"))


@bp.route("/family", methods=["GET", "POST"])
@login_required
def family_links():
    form = forms.LinkRequest()
    if form.validate_on_submit():
        try:
            rate_limits.hit(
                rate_limits.Counter(
                    "link-requests", rate_limits.LINK_REQUESTS_PER_PERSON, str(current_user.id)
                )
            )
            family.request_link(current_user, form.mobile.data, form.relationship.data)
        except rate_limits.Limited as limited:
            form.mobile.errors.append(_too_many_requests(limited))
        except family.LinkProblem as problem:
            form.mobile.errors.append(LINK_PROBLEMS[problem.reason])
        else:
            # The same words whether or not the number has an account: they tell nobody which.
            flash(
                _(
                    "Your request is saved. The person with this number sees it when they sign "
                    "in, and you can act for them once they agree."
                )
            )
            return redirect(url_for("account.family_links"))
    as_resident, as_family = family.links_of(current_user)
    return render_template(
        "account/family.html",
        form=form,
        as_resident=as_resident,
        as_family=as_family,
        relationship_labels=forms.RELATIONSHIP_LABELS,
    )


def _too_many_requests(limited: rate_limits.Limited) -> str:
    return ngettext(
        "You have sent a lot of requests. Wait %(num)s minute, then try again.",
        "You have sent a lot of requests. Wait %(num)s minutes, then try again.",
        limited.minutes,
    )


LINK_PROBLEMS = {
    "exists": _l("You have already asked to act for this person"),
    "self": _l("Enter the number of someone else, not your own"),
}


@bp.post("/family/<int:link_id>/<any(approve, refuse):decision>")
@login_required
def decide_link(link_id: int, decision: str):
    link = access.link_or_404(current_user, link_id)
    if not family.decide(current_user, link, approve=decision == "approve"):
        abort(404)
    return redirect(url_for("account.family_links"))


@bp.post("/family/<int:link_id>/remove")
@login_required
def remove_link(link_id: int):
    if not family.remove(current_user, access.link_or_404(current_user, link_id)):
        abort(404)
    return redirect(url_for("account.family_links"))


@bp.route("/acting", methods=["GET", "POST"])
@login_required
def acting():
    """Choose for whom to act: for oneself, or for a resident who agreed."""
    residents = family.residents_of(current_user)
    form = forms.ActingFor(data={"resident": str(acting_resident().id)})
    form.resident.choices = options(
        [(str(current_user.id), _("For myself"))]
        + [(str(r.id), with_names(_("For %(name)s"), name=r.display_name)) for r in residents]
    )
    if form.validate_on_submit():
        act_for(int(form.resident.data))
        return redirect(url_for("apply.my_applications"))
    return render_template("account/acting.html", form=form)


@bp.get("/activity")
@login_required
def activity():
    """What was done in this person's name, and by whom: themself, family, caseworkers."""
    events = audit.done_for(current_user.id)
    return render_template(
        "account/activity.html", events=events, actors=audit.actors_of(events), labels=ACTION_LABELS
    )


@bp.post("/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """Ends every session of this account, on every phone and computer, this one included."""
    accounts.sign_out_everywhere(current_user)
    logout_user()
    sessions.end()
    flash(_("You are signed out on every phone and computer."))
    return redirect(url_for("public.home"))


@bp.get("/messages")
@login_required
def messages():
    """What the federation told the resident (or the resident one acts for), newest first.
    Opening the page marks them read."""
    resident = acting_resident()
    notices = notifications.inbox(resident)
    unread = {notice.id for notice in notices if notice.read_at is None}
    notifications.mark_read(resident)
    return render_template("account/messages.html", notices=notices, unread=unread)
