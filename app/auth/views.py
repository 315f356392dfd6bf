"""Signing in with a mobile number and a one-time code, and signing out."""

import hashlib
import hmac
import json

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
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from app.account.forms import PasskeySignIn
from app.account.views import AFTER_OFFER, PASSKEY_OFFER_DECLINED
from app.apply.views import PENDING_START, start_after_sign_in
from app.auth.forms import MobileNumber, SignInCode
from app.i18n import ltr
from app.local_urls import local_url
from app.services import accounts, passkeys, rate_limits
from app.services import sign_in as codes
from app.services.sign_in import MustWait, Outcome

bp = Blueprint("auth", __name__)

MOBILE = "sign_in_mobile"
DEMO_CODE = "demo_code"
NEXT = "next_url"
AUTH_METHOD = "auth_method"  # "code" or "passkey": staff pages need a passkey
AUTHENTICATION_CHALLENGE = "passkey_authentication_challenge"


def _safe_next(url: str | None) -> str | None:
    """Only a path on this site: never send someone elsewhere after they sign in."""
    return local_url(url)


def _pseudonym(mobile: str) -> str:
    """The number as counters see it: keyed and hashed, so no store holds phone numbers."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, mobile.encode(), hashlib.sha256).hexdigest()[:24]


def _limited_message(limited: rate_limits.Limited) -> str:
    return ngettext(
        "You have asked for a lot of codes. Wait %(num)s minute, then try again.",
        "You have asked for a lot of codes. Wait %(num)s minutes, then try again.",
        limited.minutes,
    )


def _wait_message(wait: MustWait) -> str:
    minutes = wait.minutes_left()
    return ngettext(
        "You entered a wrong code 5 times. Wait %(num)s minute, then ask for a new code.",
        "You entered a wrong code 5 times. Wait %(num)s minutes, then ask for a new code.",
        minutes,
    )


def _send_code(mobile: str) -> None:
    """Sends a code, counting requests per number and per address (raises Limited)."""
    rate_limits.hit(rate_limits.CODES_PER_NUMBER, "code-number", _pseudonym(mobile))
    rate_limits.hit(rate_limits.CODES_PER_ADDRESS, "code-address", request.remote_addr or "")
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
    form = MobileNumber()
    if form.validate_on_submit():
        try:
            _send_code(form.mobile.data)
        except MustWait as wait:
            form.mobile.errors.append(_wait_message(wait))
        except rate_limits.Limited as limited:
            form.mobile.errors.append(_limited_message(limited))
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
    if result.outcome is Outcome.LOCKED:
        return _wait_message(MustWait(result.wait_until))
    return _("This code has been used or replaced by a newer one. Ask for a new code.")


@bp.post("/sign-in/new-code")
def new_code():
    mobile = session.get(MOBILE)
    if not mobile:
        return redirect(url_for("auth.sign_in"))
    try:
        _send_code(mobile)
    except MustWait as wait:
        flash(_wait_message(wait))
    except rate_limits.Limited as limited:
        flash(_limited_message(limited))
    else:
        flash(_("We sent you a new code. Only the newest code works."))
    return redirect(url_for("auth.enter_code"))


@bp.post("/sign-in/passkey/options")
def passkey_options():
    """Options for signing in with a passkey, for the page's script; the challenge stays here."""
    options, challenge = passkeys.authentication_options()
    session[AUTHENTICATION_CHALLENGE] = bytes_to_base64url(challenge)
    return jsonify(json.loads(options))


@bp.post("/sign-in/passkey")
def passkey_sign_in():
    form = PasskeySignIn()
    challenge = session.pop(AUTHENTICATION_CHALLENGE, None)
    problem = _("This browser did not use a passkey. Try again, or sign in with a code.")
    if form.validate_on_submit() and form.credential.data and challenge:
        try:
            credential = json.loads(form.credential.data)
            user = passkeys.authenticate(credential, base64url_to_bytes(challenge))
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
    # A fresh session: nothing from before signing in carries over but where the user was going.
    session.clear()
    if pending:
        session[PENDING_START] = pending
    session.permanent = True
    session[AUTH_METHOD] = method
    login_user(user)
    accounts.set_locale(user, str(get_locale()))
    default = url_for("staff.home") if user.is_staff else url_for("apply.my_applications")
    target = start_after_sign_in() or redirect(next_url or default)
    declined = request.cookies.get(PASSKEY_OFFER_DECLINED)
    if method == "code" and not user.passkeys and not declined and not user.is_staff:
        # Offered once the code worked: next time, a passkey and no code to type.
        session[AFTER_OFFER] = target.location
        return redirect(url_for("account.passkey_offer"))
    return target


@bp.post("/sign-out")
@login_required
def sign_out():
    logout_user()
    session.clear()
    flash(_("You have signed out."))
    return redirect(url_for("public.home"))
