"""Signing in with a mobile number and a one-time code, and signing out."""

import json
import logging

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from markupsafe import escape

from app import held_answers, sessions
from app.account.forms import PasskeySignIn
from app.apply.starting import start_pending
from app.auth.forms import MobileNumber, SignInCode
from app.devices import this_device
from app.i18n import ltr
from app.local_urls import local_url
from app.preferences import PASSKEY_OFFER_DECLINED
from app.services import accounts, messaging, passkeys, rate_limits
from app.services import sign_in as codes
from app.services.sign_in import Outcome
from app.session_keys import AFTER_OFFER, DEMO_CODE, HELD_ANSWER, MOBILE, NEXT, PENDING_START
from app.translations import lazy_gettext as _l

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)


def _safe_next(url: str | None) -> str | None:
    """Only a path on this site: never send someone elsewhere after they sign in."""
    return local_url(url)


def _limited_message(limited: rate_limits.Limited) -> str:
    """Which limit was reached, truthfully: the number's, this device's or this network's."""
    if limited.counter == "code-number":
        return ngettext(
            "We have sent this number as many codes as we can in an hour. "
            "Wait %(num)s minute, then ask again.",
            "We have sent this number as many codes as we can in an hour. "
            "Wait %(num)s minutes, then ask again.",
            limited.minutes,
        )
    if limited.counter == "texts-number":
        return _(
            "We have sent this number as many text messages as we can in a day. "
            "Try again tomorrow, or sign in with a passkey."
        )
    if limited.counter == "code-device":
        return ngettext(
            "A lot of codes have been asked for on this phone or computer. "
            "Wait %(num)s minute, then try again.",
            "A lot of codes have been asked for on this phone or computer. "
            "Wait %(num)s minutes, then try again.",
            limited.minutes,
        )
    return ngettext(
        "A lot of codes have been asked for from this network, such as a shared Wi-Fi. "
        "Wait %(num)s minute, then try again, or use mobile data.",
        "A lot of codes have been asked for from this network, such as a shared Wi-Fi. "
        "Wait %(num)s minutes, then try again, or use mobile data.",
        limited.minutes,
    )


# The provider did not take the code (it was down, or refused the number): said plainly, as
# the person waits for a text that will not come.
NOT_SENT = _l("We could not send the code just now. Check the number, then try again in a minute.")


def _send_code(mobile: str) -> None:
    """Sends a code, counted per number, per device and per network (see
    services.rate_limits for why each); raises Limited, naming the count that was reached."""
    rate_limits.hit(
        rate_limits.Counter(
            "code-number", rate_limits.CODES_PER_NUMBER, rate_limits.pseudonym(mobile)
        ),
        rate_limits.Counter("code-device", rate_limits.CODES_PER_DEVICE, this_device()),
        rate_limits.Counter(
            "code-network",
            rate_limits.CODES_PER_NETWORK,
            rate_limits.network_of(request.remote_addr or ""),
        ),
    )
    code = codes.send_code(mobile)
    session[MOBILE] = mobile
    # Demo mode shows the code on the page, as there is no phone to receive it.
    if current_app.config["DEMO_MODE"]:
        session[DEMO_CODE] = code
    else:
        session.pop(DEMO_CODE, None)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("apply.my_applications"))
    next_url = _safe_next(request.args.get("next"))
    if next_url:
        session[NEXT] = next_url
    this_device()  # given before the form is sent, so that the form's request is counted by it
    form = MobileNumber()
    if form.validate_on_submit():
        try:
            _send_code(form.mobile.data)
        except rate_limits.Limited as limited:
            form.mobile.errors.append(_limited_message(limited))
        except messaging.SendFailed as failed:
            log.warning("a sign-in code was not sent: %s", failed.code)
            form.mobile.errors.append(str(NOT_SENT))
        else:
            return redirect(url_for("auth.enter_code"))
    return render_template("auth/sign_in.html", form=form, passkey_sign_in_form=PasskeySignIn())


@bp.route("/sign-in/code", methods=["GET", "POST"])
def enter_code():
    mobile = session.get(MOBILE)
    if not mobile:
        return redirect(url_for("auth.sign_in"))
    form = SignInCode()
    if form.validate_on_submit():
        result = codes.check_code(mobile, form.code.data)
        if result.outcome is Outcome.OK:
            return _signed_in(result.user, method="code")
        form.code.errors.append(_code_problem(result))
    form.code.description = escape(
        _("We sent a text message with a 6-digit code to %(mobile)s. It works for 10 minutes.")
    ) % {"mobile": ltr(mobile)}
    demo_code = session.get(DEMO_CODE) if current_app.config["DEMO_MODE"] else None
    return render_template("auth/code.html", form=form, mobile=mobile, demo_code=demo_code)


def _code_problem(result: codes.Result) -> str:
    if result.outcome is Outcome.WRONG:
        return ngettext(
            "The code is not right. You can try %(num)s more time.",
            "The code is not right. You can try %(num)s more times.",
            result.tries_left,
        )
    if result.outcome is Outcome.EXPIRED:
        return _("This code has expired. Ask for a new code.")
    if result.outcome is Outcome.TRIED_OUT:
        # Not "you": it may have been someone else who typed this number.
        return _(
            "A wrong code was entered 5 times, so this code no longer works. Ask for a new code."
        )
    return _("This code has been used or replaced by a newer one. Ask for a new code.")


@bp.post("/sign-in/new-code")
def new_code():
    mobile = session.get(MOBILE)
    if not mobile:
        return redirect(url_for("auth.sign_in"))
    try:
        _send_code(mobile)
    except rate_limits.Limited as limited:
        flash(_limited_message(limited))
    except messaging.SendFailed as failed:
        log.warning("a sign-in code was not sent: %s", failed.code)
        flash(str(NOT_SENT))
    else:
        flash(_("We sent you a new code. Only the newest code works."))
    return redirect(url_for("auth.enter_code"))


@bp.post("/sign-in/passkey/options")
def passkey_options():
    """Options for signing in with a passkey, for the page's script; the challenge stays here."""
    try:
        rate_limits.hit(
            rate_limits.Counter(
                "passkey-network",
                rate_limits.PASSKEY_CHALLENGES_PER_NETWORK,
                rate_limits.network_of(request.remote_addr or ""),
            )
        )
    except rate_limits.Limited:
        return jsonify(error="too many"), 429
    return jsonify(json.loads(passkeys.authentication_options(sessions.current().id)))


@bp.post("/sign-in/passkey")
def passkey_sign_in():
    form = PasskeySignIn()
    problem = _("This browser did not use a passkey. Try again, or sign in with a code.")
    if form.validate_on_submit() and form.credential.data:
        try:
            credential = json.loads(form.credential.data)
            user = passkeys.authenticate(credential, sessions.current().id)
        except (ValueError, passkeys.PasskeyError):
            problem = _("That passkey could not be checked. Try again, or sign in with a code.")
        else:
            return _signed_in(user, method="passkey")
    return render_template(
        "auth/sign_in.html",
        form=MobileNumber(formdata=None),
        passkey_sign_in_form=form,
        passkey_problem=problem,
    )


def _signed_in(user, method: str):
    next_url = session.get(NEXT)
    pending = session.get(PENDING_START)
    kept = session.get(HELD_ANSWER)
    # A new session: nothing from before signing in carries over but where the user was going,
    # and an answer kept for this account (another account's is dropped).
    session.clear()
    sessions.begin(user, method)
    if pending:
        session[PENDING_START] = pending
    if kept:
        session[HELD_ANSWER] = kept
    login_user(user)
    user.signed_in_with = method
    accounts.set_locale(user, str(get_locale()))
    back_to_answer = held_answers.after_sign_in(user)
    if back_to_answer:
        # Straight back to the question, the answer in its form: the passkey can wait.
        return redirect(back_to_answer)
    default = url_for("staff.home") if user.is_staff else url_for("apply.my_applications")
    target = start_pending() or redirect(next_url or default)
    declined = request.cookies.get(PASSKEY_OFFER_DECLINED)
    if method == "code" and not user.passkeys and not declined and not user.is_staff:
        # Offered once the code worked: next time, a passkey and no code to type.
        session[AFTER_OFFER] = target.location
        return redirect(url_for("account.passkey_offer"))
    return target


@bp.get("/sign-in/answer-kept")
def answer_kept():
    """After Continue was pressed with the session ended: the answer is kept, sign in again."""
    if current_user.is_authenticated:
        found = held_answers.held(current_user)
        return redirect(found.page if found else url_for("apply.my_applications"))
    found = held_answers.held()
    if found is None:
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/answer_kept.html", files=found.files)


@bp.post("/session/stay")
@login_required
def stay_signed_in():
    """The page's warning answered "Stay signed in": the session's idle end moves on."""
    timing = sessions.stay()
    response = jsonify(
        idleLeft=int(timing.idle_left.total_seconds()),
        totalLeft=int(timing.total_left.total_seconds()),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/sign-out")
@login_required
def sign_out():
    logout_user()
    sessions.end()
    flash(_("You have signed out."))
    return redirect(url_for("public.home"))
