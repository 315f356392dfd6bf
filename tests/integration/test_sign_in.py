"""Signing in with a mobile number and a one-time code."""

import logging
import time
from datetime import timedelta

import pytest
from limits import parse
from markupsafe import escape
from sqlalchemy import select, update

from app.config import LANGUAGES
from app.extensions import db
from app.models import SignInCode, User
from app.models.base import utcnow
from app.services import rate_limits
from app.services import sign_in as codes
from tests.helpers import Visitor, csrf_from, location, message, translated
from tests.integration.test_concurrency import at_once

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


@pytest.mark.parametrize("lang", LANGUAGES)
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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_five_wrong_tries_end_that_code_and_a_new_one_signs_in(visitor, sent, lang):
    """Guessing wrong five times must not lock the resident out: only that code dies."""
    visitor.choose_language(lang)
    ask_for_code(visitor)
    bad = wrong_code(visitor)
    for tries_left in (4, 3, 2, 1):
        page = visitor.submit("/sign-in/code", {"code": bad}).get_data(as_text=True)
        assert _plural(lang, tries_left) in page
    page = visitor.submit("/sign-in/code", {"code": bad}).get_data(as_text=True)
    assert translated(TRIED_OUT, lang) in page
    # The dead code does not work even when right, and says why.
    page = visitor.submit("/sign-in/code", {"code": visitor.last_code(MOBILE)}).get_data(
        as_text=True
    )
    assert translated(TRIED_OUT, lang) in page
    # A new code is sent at once, and it signs in.
    response = visitor.submit("/sign-in/code", action="/sign-in/new-code")
    assert location(response) == "/sign-in/code"
    assert len(sent) == 2
    assert location(visitor.submit("/sign-in/code", {"code": visitor.last_code(MOBILE)})) == OFFER


def test_someone_elses_wrong_guesses_do_not_stop_the_resident(app, visitor, sent):
    """An attacker who asks for a code for the resident's number and guesses wrong five times
    does not stop the resident asking for a code on their own phone and signing in."""
    attacker = Visitor(app.test_client(), sent)
    ask_for_code(attacker)
    for _ in range(5):
        attacker.submit("/sign-in/code", {"code": wrong_code(attacker)})
    ask_for_code(visitor)
    assert location(visitor.submit("/sign-in/code", {"code": visitor.last_code(MOBILE)})) == OFFER


def test_the_fifth_try_may_be_the_right_one(visitor):
    ask_for_code(visitor)
    for _ in range(4):
        visitor.submit("/sign-in/code", {"code": wrong_code(visitor)})
    assert location(visitor.submit("/sign-in/code", {"code": visitor.last_code(MOBILE)})) == OFFER


TRIED_OUT = "A wrong code was entered 5 times, so this code no longer works. Ask for a new code."


def _plural(lang, n):
    return message(
        lang,
        "The code is not right. You can try %(num)s more time.",
        "The code is not right. You can try %(num)s more times.",
        n,
    )


def test_guesses_sent_at_the_same_moment_get_five_tries_at_most(app, visitor, monkeypatch):
    """Twelve guesses at once: each try is counted before its code is compared, so no more
    than five are ever compared, and the others are told the code no longer works."""
    ask_for_code(visitor)
    right = visitor.last_code(MOBILE)
    compared = []
    real_hash = codes._hash

    def slow_hash(mobile, code):
        compared.append(code)
        time.sleep(0.05)  # widens the moment between reading the tries and counting one
        return real_hash(mobile, code)

    monkeypatch.setattr(codes, "_hash", slow_hash)
    token = csrf_from(visitor.get("/sign-in/code").get_data(as_text=True))
    cookie = visitor.client.get_cookie("session")
    guesses = [code for code in (f"{n:06d}" for n in range(13)) if code != right][:12]

    def guess(code):
        guesser = app.test_client()
        guesser.set_cookie(cookie.key, cookie.value)
        return guesser.post("/sign-in/code", data={"csrf_token": token, "code": code})

    responses = at_once(*[lambda code=code: guess(code) for code in guesses])
    assert len(compared) <= 5
    pages = [response.get_data(as_text=True) for response in responses]
    assert sum(translated(TRIED_OUT, "zh") in page for page in pages) >= 7
    # The right code, sixth, is not compared either.
    page = visitor.submit("/sign-in/code", {"code": right}).get_data(as_text=True)
    assert translated(TRIED_OUT, "zh") in page
    assert len(compared) <= 5


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
@pytest.mark.parametrize("lang", LANGUAGES)
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


def test_the_console_backend_logs_neither_the_number_nor_the_text(app, caplog):
    from app.services.messaging import ConsoleSender, Kind, Message

    text = "Your sign-in code is 482916."
    message = Message(Kind.SIGN_IN_CODE, "zh", {"code": "482916"}, text)
    with caplog.at_level(logging.DEBUG):
        ConsoleSender().send(MOBILE, message)
    assert "139****5678" in caplog.text
    assert MOBILE not in caplog.text
    assert "482916" not in caplog.text


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


# Each limit on sign-in codes says which limit was reached, and never blames the wrong person.
NUMBER_LIMIT = (
    "We have sent this number as many codes as we can in an hour. "
    "Wait %(num)s minute, then ask again.",
    "We have sent this number as many codes as we can in an hour. "
    "Wait %(num)s minutes, then ask again.",
)
DEVICE_LIMIT = (
    "A lot of codes have been asked for on this phone or computer. "
    "Wait %(num)s minute, then try again.",
    "A lot of codes have been asked for on this phone or computer. "
    "Wait %(num)s minutes, then try again.",
)
NETWORK_LIMIT = (
    "A lot of codes have been asked for from this network, such as a shared Wi-Fi. "
    "Wait %(num)s minute, then try again, or use mobile data.",
    "A lot of codes have been asked for from this network, such as a shared Wi-Fi. "
    "Wait %(num)s minutes, then try again, or use mobile data.",
)
ALL_LIMITS = (NUMBER_LIMIT, DEVICE_LIMIT, NETWORK_LIMIT)


def says(page: str, limit: tuple[str, str], lang: str = "zh") -> bool:
    """Whether the page gives this limit's message (the wait in minutes may be any number)."""
    before, _, after = message(lang, *limit, 59).partition("59")
    return str(escape(before)) in page and str(escape(after)) in page


def new_device(app, sent, address: str | None = None) -> Visitor:
    device = Visitor(app.test_client(), sent)
    if address:
        device.client.environ_base["REMOTE_ADDR"] = address
    return device


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_number_sent_its_hourly_codes_says_so_not_you_asked(app, sent, lang):
    for _ in range(5):
        ask_for_code(new_device(app, sent))
    # Someone who has not asked once is told the truth: the number has had its codes.
    newcomer = new_device(app, sent)
    newcomer.choose_language(lang)
    response = newcomer.submit("/sign-in", {"mobile": MOBILE})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and len(sent) == 5
    assert says(page, NUMBER_LIMIT, lang)
    assert not says(page, DEVICE_LIMIT, lang) and not says(page, NETWORK_LIMIT, lang)


def test_a_new_code_asked_for_too_often_says_which_limit(app, visitor, sent):
    ask_for_code(visitor)
    for _ in range(4):
        visitor.submit("/sign-in/code", action="/sign-in/new-code")
    assert len(sent) == 5
    response = visitor.submit("/sign-in/code", action="/sign-in/new-code")
    assert len(sent) == 5
    assert says(visitor.get(location(response)).get_data(as_text=True), NUMBER_LIMIT)


def test_one_phone_asking_for_many_numbers_is_told_it_is_this_phone(visitor, sent):
    for n in range(10):
        ask_for_code(visitor, f"1390000{n:04d}")
    page = visitor.submit("/sign-in", {"mobile": MOBILE}).get_data(as_text=True)
    assert len(sent) == 10
    assert says(page, DEVICE_LIMIT)


def test_a_community_centres_wifi_is_not_locked_out(app, sent):
    """Forty people on one Wi-Fi (one address) each sign in with their own phone and number."""
    for n in range(40):
        ask_for_code(new_device(app, sent, "203.0.113.7"), f"1390000{n:04d}")
    assert len(sent) == 40


def test_a_busy_network_is_told_it_is_the_network(app, sent, monkeypatch):
    monkeypatch.setattr(rate_limits, "CODES_PER_NETWORK", parse("3/hour"))
    for n in range(3):
        ask_for_code(new_device(app, sent, "203.0.113.7"), f"1390000{n:04d}")
    page = (
        new_device(app, sent, "203.0.113.7")
        .submit("/sign-in", {"mobile": MOBILE})
        .get_data(as_text=True)
    )
    assert says(page, NETWORK_LIMIT)
    # Another network is not affected.
    ask_for_code(new_device(app, sent, "198.51.100.9"))


def test_ipv6_addresses_are_counted_by_their_64(app, sent, monkeypatch):
    """One home or office gets a whole /64: changing the last 64 bits is not a new network."""
    monkeypatch.setattr(rate_limits, "CODES_PER_NETWORK", parse("3/hour"))
    for n, address in enumerate(["2001:db8:1:2::a", "2001:db8:1:2:ffff::b", "2001:db8:1:2:1::c"]):
        ask_for_code(new_device(app, sent, address), f"1390000{n:04d}")
    page = (
        new_device(app, sent, "2001:db8:1:2:abcd:ef01:2345:6789")
        .submit("/sign-in", {"mobile": MOBILE})
        .get_data(as_text=True)
    )
    assert says(page, NETWORK_LIMIT)
    ask_for_code(new_device(app, sent, "2001:db8:1:3::a"))


def test_a_request_refused_by_one_limit_counts_against_none(app, sent, monkeypatch):
    """A phone refused for asking too often does not use up the number's codes, so an attacker
    hammering one number from one phone does not lock its owner out faster."""
    monkeypatch.setattr(rate_limits, "CODES_PER_DEVICE", parse("2/hour"))
    attacker = new_device(app, sent)
    for _ in range(2):
        ask_for_code(attacker)
    for _ in range(10):
        assert says(
            attacker.submit("/sign-in", {"mobile": MOBILE}).get_data(as_text=True), DEVICE_LIMIT
        )
    for _ in range(3):
        ask_for_code(new_device(app, sent))
    assert len(sent) == 5


def test_the_device_cookie_is_random_and_kept_from_scripts(app, sent):
    first, second = new_device(app, sent), new_device(app, sent)
    cookies = []
    for device in (first, second):
        response = device.get("/sign-in")
        header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("device="))
        assert "HttpOnly" in header and "SameSite=Lax" in header and "Max-Age=" in header
        cookies.append(device.client.get_cookie("device").value)
    assert cookies[0] != cookies[1] and len(cookies[0]) >= 20
    # Kept, not replaced, on the next visit.
    first.get("/sign-in")
    assert first.client.get_cookie("device").value == cookies[0]
