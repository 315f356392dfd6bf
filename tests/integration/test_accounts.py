"""Passkeys from the account pages, the offer after a code, rate limits on codes, sessions."""

import json

import pytest
from sqlalchemy import select

from app.config import LANGUAGES
from app.extensions import db
from app.models import Passkey, PasskeyChallenge, Role
from tests.helpers import (
    Visitor,
    csrf_from,
    location,
    make_passkey,
    passkey_options,
    passkey_sign_in,
    staff_member,
    translated,
    typed_chinese,
)

MOBILE = "13912345678"


def test_after_a_code_a_passkey_is_offered_and_then_signs_in(app, visitor, sent, authenticator):
    assert location(visitor.sign_in(MOBILE, passkey_offer="keep")) == "/account/passkeys/offer"
    page = visitor.get("/account/passkeys/offer").get_data(as_text=True)
    assert translated("Sign in faster next time", "zh") in page
    response = make_passkey(visitor, authenticator, "/account/passkeys/offer")
    assert location(response) == "/applications"
    visitor.sign_out()
    # Next time: the passkey, no code. Nothing is sent.
    sent.clear()
    response = passkey_sign_in(visitor, authenticator)
    assert location(response) == "/applications"
    assert sent == []
    assert visitor.get("/applications").status_code == 200


def test_not_now_is_remembered_on_this_phone(visitor):
    visitor.sign_in(MOBILE, passkey_offer="keep")
    assert location(visitor.get("/account/passkeys/not-now")) == "/applications"
    visitor.sign_out()
    assert location(visitor.sign_in(MOBILE)) == "/applications"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_passkeys_page_lists_adds_and_removes(app, resident, authenticator, lang):
    resident.choose_language(lang)
    make_passkey(resident, authenticator)
    page = resident.get("/account/passkeys").get_data(as_text=True)
    assert typed_chinese("我的手机", lang) in page
    assert translated("Not used yet", lang) in page
    with app.app_context():
        passkey = db.session.scalars(select(Passkey)).one()
    response = resident.submit("/account/passkeys", action=f"/account/passkeys/{passkey.id}/remove")
    assert location(response) == "/account/passkeys"
    page = resident.get("/account/passkeys").get_data(as_text=True)
    assert translated("The passkey is removed. You can still sign in with a code.", lang) in page
    # The removed passkey no longer signs in; the code still does.
    resident.sign_out()
    page = passkey_sign_in(resident, authenticator).get_data(as_text=True)
    assert (
        translated("That passkey could not be checked. Try again, or sign in with a code.", lang)
        in page
    )
    assert location(resident.sign_in(MOBILE)) in ("/applications", "/account/passkeys/offer")


def test_a_browser_without_passkeys_is_told_so(app, resident, sent):
    page = resident.submit("/account/passkeys", {"name": "x"}).get_data(as_text=True)
    expected = (
        "This browser did not make a passkey. Try again, or use another browser. "
        "You can still sign in with a code."
    )
    assert translated(expected, "zh") in page
    anonymous = Visitor(app.test_client(), sent)
    page = anonymous.submit("/sign-in", action="/sign-in/passkey").get_data(as_text=True)
    expected = "This browser did not use a passkey. Try again, or sign in with a code."
    assert translated(expected, "zh") in page


def test_a_passkey_from_another_site_is_refused(visitor, authenticator, app):
    visitor.sign_in(MOBILE, passkey_offer="keep")
    make_passkey(visitor, authenticator, "/account/passkeys/offer")
    visitor.sign_out()
    page = passkey_sign_in(visitor, authenticator, origin="http://evil.example").get_data(
        as_text=True
    )
    assert (
        translated("That passkey could not be checked. Try again, or sign in with a code.", "zh")
        in page
    )
    assert location(visitor.get("/applications")).startswith("/sign-in")


def test_counters_can_live_in_redis(app):
    from limits import storage

    from app.services import rate_limits

    redis = storage.storage_from_string("redis://127.0.0.1:6379/15")
    redis.reset()
    previous = app.extensions["rate_limiter"]
    app.extensions["rate_limiter"] = rate_limits.strategies.MovingWindowRateLimiter(redis)
    try:
        with app.app_context():
            counter = rate_limits.Counter("code-number", rate_limits.CODES_PER_NUMBER, "someone")
            for _ in range(5):
                rate_limits.hit(counter)
            with pytest.raises(rate_limits.Limited):
                rate_limits.hit(counter)
    finally:
        app.extensions["rate_limiter"] = previous
        redis.reset()


def test_sign_out_everywhere_ends_every_session(app, resident, sent):
    other_phone = Visitor(app.test_client(), sent)
    other_phone.sign_in(MOBILE)
    assert other_phone.get("/account").status_code == 200
    response = resident.submit("/account", action="/account/sign-out-everywhere")
    assert location(response) == "/"
    assert location(other_phone.get("/account")).startswith("/sign-in")
    assert location(resident.get("/account")).startswith("/sign-in")


def session_cookie(response) -> str:
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if "session=" in c]
    return cookie


def test_session_cookies_are_http_only_and_same_site(app, visitor):
    cookie = session_cookie(visitor.get("/sign-in"))
    assert cookie.startswith("session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP here
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        cookie = session_cookie(app.test_client().get("/sign-in"))
        # Over HTTPS the prefix makes browsers refuse the cookie from any other origin.
        assert cookie.startswith("__Host-session=") and "Secure" in cookie and "Path=/" in cookie
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False


def captured_sign_in(visitor, authenticator) -> tuple[dict, str]:
    """A passkey sign-in as an attacker on the wire sees it: the form sent, and the cookie."""
    options = passkey_options(visitor, "/sign-in/passkey/options", "/sign-in")
    credential = authenticator.get(options)
    page = visitor.get("/sign-in").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "credential": json.dumps(credential)}
    return form, visitor.client.get_cookie("session").value


def test_the_same_passkey_answer_sent_twice_signs_in_once(app, resident, sent, authenticator):
    make_passkey(resident, authenticator)
    resident.sign_out()
    form, cookie = captured_sign_in(resident, authenticator)
    assert location(resident.client.post("/sign-in/passkey", data=form)) == "/applications"
    for _ in range(3):  # replayed, with the cookie it came with
        thief = Visitor(app.test_client(), sent)
        thief.client.set_cookie("session", cookie)
        response = thief.client.post("/sign-in/passkey", data=form)
        # The old session ended when the resident signed in: its form token is refused.
        assert response.status_code == 400
        assert location(thief.get("/account")).startswith("/sign-in")
    # And the answer itself, sent from a live session with a good token, finds its challenge
    # used up (tests/unit/test_passkeys.py checks that alone).
    thief = Visitor(app.test_client(), sent)
    page = thief.get("/sign-in").get_data(as_text=True)
    response = thief.client.post("/sign-in/passkey", data={**form, "csrf_token": csrf_from(page)})
    assert translated(
        "That passkey could not be checked. Try again, or sign in with a code.", "zh"
    ) in response.get_data(as_text=True)
    assert location(thief.get("/account")).startswith("/sign-in")


def test_the_challenge_of_one_browser_does_not_sign_in_another(app, resident, sent, authenticator):
    make_passkey(resident, authenticator)
    resident.sign_out()
    form, _cookie = captured_sign_in(resident, authenticator)
    # The answer carried to a browser with a session of its own: its challenge is not there.
    other = Visitor(app.test_client(), sent)
    page = other.get("/sign-in").get_data(as_text=True)
    response = other.client.post("/sign-in/passkey", data={**form, "csrf_token": csrf_from(page)})
    assert response.status_code == 200
    assert location(other.get("/account")).startswith("/sign-in")


def test_a_staff_account_signed_in_with_a_code_can_not_add_or_remove_passkeys(
    app, sent, authenticator
):
    staff_member(app, sent, authenticator, Role.CASEWORKER, district="changji")
    by_code = Visitor(app.test_client(), sent)
    by_code.sign_in("13700000000")
    token = by_code.get("/form-token").get_json()["token"]
    assert by_code.get("/account/passkeys").status_code == 404
    options = by_code.client.post("/account/passkeys/options", headers={"X-CSRFToken": token})
    assert options.status_code == 404
    sent_anyway = by_code.client.post(
        "/account/passkeys", data={"csrf_token": token, "name": "x", "credential": "{}"}
    )
    assert sent_anyway.status_code == 404
    with app.app_context():
        passkey = db.session.scalars(select(Passkey)).one()
    removal = by_code.client.post(
        f"/account/passkeys/{passkey.id}/remove", data={"csrf_token": token}
    )
    assert removal.status_code == 404
    with app.app_context():
        assert db.session.scalars(select(Passkey)).all() != []


def test_a_network_can_not_fill_the_server_with_passkey_challenges(app, visitor):
    token = csrf_from(visitor.get("/sign-in").get_data(as_text=True))
    answers = [
        visitor.client.post("/sign-in/passkey/options", headers={"X-CSRFToken": token})
        for _ in range(601)
    ]
    assert [a.status_code for a in answers[:600]] == [200] * 600
    assert answers[600].status_code == 429
    with app.app_context():
        assert len(db.session.scalars(select(PasskeyChallenge)).all()) == 600
