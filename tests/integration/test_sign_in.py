"""Signing in with a mobile number and a one-time code."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import SignInCode, User
from app.models.base import utcnow
from tests.helpers import location, message, translated

MOBILE = "13912345678"
OFFER = "/account/passkeys/offer"  # where a first sign-in with a code lands


def ask_for_code(visitor, mobile=MOBILE):
    response = visitor.submit("/sign-in", {"mobile": mobile})
    assert location(response) == "/sign-in/code"


def wrong_code(visitor) -> str:
    return "000000" if visitor.last_code(MOBILE) != "000000" else "111111"


def test_the_code_signs_in_and_makes_an_account(app, visitor, sent):
    ask_for_code(visitor)
    assert len(sent) == 1 and sent[0][0] == MOBILE
    response = visitor.submit("/sign-in/code", {"code": visitor.last_code(MOBILE)})
    assert location(response) == OFFER
    assert visitor.get("/applications").status_code == 200
    with app.app_context():
        assert db.session.scalars(select(User)).one().mobile == MOBILE


@pytest.mark.parametrize("lang", ["zh", "ug"])
def test_the_text_message_is_in_the_users_language(visitor, sent, lang):
    visitor.choose_language(lang)
    ask_for_code(visitor)
    code = visitor.last_code(MOBILE)
    expected = translated(
        "Your sign-in code for Changji Disability Services is %(code)s. "
        "It works for 10 minutes. Do not tell anyone this code.",
        lang,
        code=code,
    )
    assert sent[-1][1] == expected


def test_only_the_newest_code_works(visitor):
    ask_for_code(visitor)
    first = visitor.last_code(MOBILE)
    visitor.submit("/sign-in/code", action="/sign-in/new-code")
    second = visitor.last_code(MOBILE)
    if first != second:  # one chance in a million that the two are the same
        page = visitor.submit("/sign-in/code", {"code": first}).get_data(as_text=True)
        assert _plural("zh", 4) in page
    assert location(visitor.submit("/sign-in/code", {"code": second})) == OFFER


@pytest.mark.parametrize("lang", ["zh", "ug"])
def test_five_wrong_codes_then_a_wait(visitor, lang):
    visitor.choose_language(lang)
    ask_for_code(visitor)
    bad = wrong_code(visitor)
    for tries_left in (4, 3, 2, 1):
        page = visitor.submit("/sign-in/code", {"code": bad}).get_data(as_text=True)
        assert _plural(lang, tries_left) in page
    page = visitor.submit("/sign-in/code", {"code": bad}).get_data(as_text=True)
    assert _wait(lang, 15) in page
    # Even the right code no longer works, and no new code is sent until the wait is over.
    page = visitor.submit("/sign-in/code", {"code": visitor.last_code(MOBILE)}).get_data(
        as_text=True
    )
    assert _wait(lang, 15) in page
    response = visitor.submit("/sign-in", {"mobile": MOBILE})
    assert response.status_code == 200
    assert _wait(lang, 15) in response.get_data(as_text=True)


def _plural(lang, n):
    return message(
        lang,
        "The code is not right. You can try %(num)s more time.",
        "The code is not right. You can try %(num)s more times.",
        n,
    )


def _wait(lang, minutes):
    return message(
        lang,
        "You entered a wrong code 5 times. Wait %(num)s minute, then ask for a new code.",
        "You entered a wrong code 5 times. Wait %(num)s minutes, then ask for a new code.",
        minutes,
    )


def test_after_the_wait_a_new_code_can_be_asked_for(app, visitor):
    ask_for_code(visitor)
    bad = wrong_code(visitor)
    for _ in range(5):
        visitor.submit("/sign-in/code", {"code": bad})
    with app.app_context():
        db.session.execute(update(SignInCode).values(locked_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    ask_for_code(visitor)
    assert location(visitor.submit("/sign-in/code", {"code": visitor.last_code(MOBILE)})) == OFFER


def test_an_expired_code_is_refused(app, visitor):
    ask_for_code(visitor)
    with app.app_context():
        db.session.execute(update(SignInCode).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    page = visitor.submit("/sign-in/code", {"code": visitor.last_code(MOBILE)}).get_data(
        as_text=True
    )
    assert translated("This code has expired. Ask for a new code.", "zh") in page


def test_codes_are_stored_only_as_keyed_hashes(app, visitor):
    ask_for_code(visitor)
    with app.app_context():
        stored = db.session.scalars(select(SignInCode)).one()
        assert visitor.last_code(MOBILE) not in stored.code_hash
        assert len(stored.code_hash) == 64


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your mobile number"),
        ("1391234567", "Mobile number must be 11 digits"),
        ("12912345678", "Mobile number must start with 13, 14, 15, 16, 17, 18 or 19"),
        ("139abc45678", "Mobile number can only contain digits"),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "ug"])
def test_a_bad_mobile_number_says_what_to_do(visitor, typed, message, lang):
    visitor.choose_language(lang)
    response = visitor.submit("/sign-in", {"mobile": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert translated(message, lang) in page
    assert f'value="{typed}"' in page or not typed


@pytest.mark.parametrize(
    ("typed", "message"), [("", "Enter the 6-digit code"), ("12345", "The code must be 6 digits")]
)
def test_a_malformed_code_says_what_to_do(visitor, typed, message):
    ask_for_code(visitor)
    assert translated(message, "zh") in visitor.submit("/sign-in/code", {"code": typed}).get_data(
        as_text=True
    )


def test_demo_mode_shows_the_code_on_the_page(app, visitor):
    app.config["DEMO_MODE"] = True
    ask_for_code(visitor)
    page = visitor.get("/sign-in/code").get_data(as_text=True)
    assert f'<bdi dir="ltr">{visitor.last_code(MOBILE)}</bdi>' in page
    assert translated("Demonstration only", "zh") in page


def test_without_demo_mode_the_code_is_never_on_the_page(visitor):
    ask_for_code(visitor)
    page = visitor.get("/sign-in/code").get_data(as_text=True)
    assert visitor.last_code(MOBILE) not in page
    assert translated("Demonstration only", "zh") not in page


def test_the_console_backend_logs_a_masked_number(app, caplog):
    from app.services.messaging import ConsoleSender

    with caplog.at_level(logging.INFO):
        ConsoleSender().send(MOBILE, "hello")
    assert "139****5678" in caplog.text
    assert MOBILE not in caplog.text


def test_after_signing_in_the_resident_returns_where_they_were(visitor):
    response = visitor.get("/applications")
    assert location(response).startswith("/sign-in?next=")
    visitor.get(location(response))
    assert location(visitor.sign_in()) == "/applications"


def test_next_never_leads_off_the_site(visitor):
    visitor.get("/sign-in?next=//evil.example/")
    assert location(visitor.sign_in()) == "/applications"


def test_sign_out_ends_the_session(visitor):
    visitor.sign_in()
    response = visitor.sign_out()
    assert location(response) == "/"
    assert location(visitor.get("/applications")).startswith("/sign-in")


def test_forms_refuse_a_post_without_the_security_token(visitor):
    response = visitor.client.post("/sign-in", data={"mobile": MOBILE})
    assert response.status_code == 400
    assert translated("We could not save that", "zh") in response.get_data(as_text=True)


def test_a_code_used_already_is_refused(app, visitor):
    ask_for_code(visitor)
    with app.app_context():
        db.session.execute(update(SignInCode).values(used_at=utcnow()))
        db.session.commit()
    page = visitor.submit("/sign-in/code", {"code": visitor.last_code(MOBILE)}).get_data(
        as_text=True
    )
    assert (
        translated("This code has been used or replaced by a newer one. Ask for a new code.", "zh")
        in page
    )
