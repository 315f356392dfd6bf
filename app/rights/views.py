"""Residents' rights over their data (PIPL): consent to the use of sensitive personal
information, everything held about them (a page and a file), who from the federation looked at
their file, and closing their account. Each page is the account holder's own: someone acting
for a resident gives consent for them, but sees, downloads and closes only their own account."""

from functools import wraps

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app import sessions
from app.account.forms import RELATIONSHIP_LABELS
from app.account.labels import ACTION_LABELS
from app.acting import acting_resident
from app.apply.starting import start_pending
from app.apply.summary import detail_rows, summary_rows
from app.programmes import get as programme_of
from app.rights import forms
from app.services import closing, consent
from app.services import your_data as held
from app.session_keys import AFTER_CONSENT
from app.staff.guard import never_kept

bp = Blueprint("rights", __name__)


def residents_only(view):
    """Pages about a resident's own data: staff accounts are not residents here."""

    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if current_user.is_staff:
            abort(404)
        return view(*args, **kwargs)

    return guarded


@bp.after_request
def not_kept(response):
    # These pages hold everything about a person, in full: never a copy on the phone.
    return never_kept(response)


@bp.route("/consent", methods=["GET", "POST"], endpoint="consent")
@residents_only
def consent_page():
    """Asked apart from everything else, before the first application (PIPL Art. 29)."""
    resident = acting_resident()
    form = forms.Consent()
    if form.validate_on_submit():
        agreed = form.answer.data == "agree"
        consent.decide(resident, current_user, agreed)
        if not agreed:
            return redirect(url_for("rights.consent_refused"))
        after = session.pop(AFTER_CONSENT, None)
        return start_pending() or redirect(after or url_for("apply.my_applications"))
    return render_template(
        "rights/consent.html",
        form=form,
        resident=resident,
        for_someone_else=resident.id != current_user.id,
        retention_years=current_app.config["RETENTION_YEARS"],
    )


@bp.get("/consent/not-given")
@residents_only
def consent_refused():
    """What refusing means, and every way on: nobody is trapped."""
    return render_template("rights/consent_refused.html")


@bp.get("/account/your-data", endpoint="your_data")
@residents_only
def your_data_page():
    everything = held.gather(current_user)
    applications = [
        (
            application,
            programme_of(application.programme),
            summary_rows(
                programme_of(application.programme),
                application.answers,
                {
                    i: d
                    for i, d in everything.documents.items()
                    if d.application_id == application.id
                },
            )
            if programme_of(application.programme)
            else [],
        )
        for application in everything.applications
    ]
    return render_template(
        "rights/your_data.html",
        everything=everything,
        applications=applications,
        details=detail_rows(current_user.details or {}),
        relationship_labels=RELATIONSHIP_LABELS,
        agreed=consent.has_agreed(current_user),
        withdraw_form=forms.WithdrawConsent(),
    )


@bp.get("/account/your-data/file")
@residents_only
def your_data_file():
    """Everything, for a machine: your-data.json and the documents, in one ZIP file."""
    body = held.archive(held.gather(current_user))
    response = current_app.response_class(body, mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="your-data.zip"'
    return response


@bp.post("/account/your-data/withdraw-consent")
@residents_only
def withdraw_consent():
    if forms.WithdrawConsent().validate_on_submit():
        consent.decide(current_user, current_user, agreed=False)
        flash(
            _(
                "You have withdrawn your agreement. Applications already sent go on; "
                "to apply again online, you will be asked again."
            )
        )
    return redirect(url_for("rights.your_data"))


@bp.get("/account/who-looked")
@residents_only
def who_looked():
    """Every time someone from the federation opened the resident's file, and who."""
    everything = held.gather(current_user)
    return render_template(
        "rights/who_looked.html",
        reads=everything.reads,
        people=everything.people,
        labels=ACTION_LABELS,
    )


@bp.route("/account/close", methods=["GET", "POST"])
@residents_only
def close_account():
    form = forms.CloseAccount()
    kept = closing.kept_applications(current_user)
    if form.validate_on_submit():
        if form.sure.data != "yes":
            return redirect(url_for("account.index"))
        try:
            closing.close(current_user._get_current_object())
        except closing.DeviceOnLoan:
            form.sure.errors.append(
                _("You still have a device on loan. Bring it back first, then close your account.")
            )
        else:
            logout_user()
            sessions.end()
            flash(_("Your account is closed. You can make a new one with your number at any time."))
            return redirect(url_for("public.home"))
    return render_template(
        "rights/close.html",
        form=form,
        kept=kept,
        retention_years=current_app.config["RETENTION_YEARS"],
    )
