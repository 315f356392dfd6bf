"""Sessions that really end: kept on the server, the cookie only a token; sign-out, "sign out
everywhere" and time end them; staff sessions end soonest."""

import base64
import json
import zlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.demo import load_demo_services
from app.extensions import db
from app.models import Role, User, WebSession
from app.sessions import STAFF
from tests.helpers import Visitor, csrf_from, location, staff_member
from tests.integration.walker import GRADE_1, book, give_details

MOBILE = "13912345678"


def cookie_of(visitor) -> str:
    return visitor.client.get_cookie("session").value


def with_cookie(app, sent, value: str) -> Visitor:
    """Someone else sending a copy of a session cookie."""
    thief = Visitor(app.test_client(), sent)
    thief.client.set_cookie("session", value)
    return thief


def signed_in(visitor) -> bool:
    return visitor.get("/account").status_code == 200


def sessions_of(app, mobile: str) -> list[WebSession]:
    with app.app_context():
        user = db.session.scalars(select(User).where(User.mobile == mobile)).one()
        rows = db.session.scalars(select(WebSession).where(WebSession.user_id == user.id)).all()
        db.session.expunge_all()
        return rows


def move_session_clock(app, mobile: str, **shift) -> None:
    """Makes the account's sessions older, as if `shift` had passed since they were last used."""
    with app.app_context():
        user = db.session.scalars(select(User).where(User.mobile == mobile)).one()
        delta = timedelta(**shift)
        for session in db.session.scalars(select(WebSession).where(WebSession.user_id == user.id)):
            session.idle_until -= delta
            session.expires_at -= delta
            session.created_at -= delta
        db.session.commit()


def test_a_copy_of_the_cookie_is_worth_nothing_after_signing_out(app, resident, sent):
    copied = cookie_of(resident)
    assert signed_in(with_cookie(app, sent, copied))
    resident.sign_out()
    assert not signed_in(resident)
    assert not signed_in(with_cookie(app, sent, copied))


def test_signing_in_gives_a_new_session(app, visitor, sent):
    visitor.get("/sign-in")
    before = cookie_of(visitor)
    visitor.sign_in(MOBILE)
    after = cookie_of(visitor)
    assert after != before
    # A token planted before sign-in (session fixation) does not become signed in.
    assert not signed_in(with_cookie(app, sent, before))


def test_the_cookie_holds_a_random_token_and_nothing_else(app, resident):
    value = cookie_of(resident)
    assert len(value) == 43 and value.replace("-", "").replace("_", "").isalnum()
    assert "." not in value  # not a signed payload that could be decoded


def decoded(value: str) -> str:
    """What a Flask signed cookie holds, as anyone who has the cookie can read it."""
    payload = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    text = (zlib.decompress(raw) if value.startswith(".") else raw).decode(errors="replace")
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text


def test_a_bookings_care_notes_stay_on_the_server(app, resident):
    with app.app_context():
        load_demo_services()
    give_details(app, MOBILE, certificate_number=GRADE_1, district="changji", home_address="昌吉")
    notes = "钥匙在门垫下，需要帮助如厕"
    book(resident, "meal_help", details={"address": "昌吉市延安北路 1 号", "needs": notes})
    assert notes in resident.get("/book/check").get_data(as_text=True)
    for cookie in resident.client._cookies.values():
        assert notes not in cookie.value
        assert notes not in decoded(cookie.value)


def test_sign_out_everywhere_ends_copies_of_every_cookie(app, resident, sent):
    other_phone = Visitor(app.test_client(), sent)
    other_phone.sign_in(MOBILE)
    copied = cookie_of(other_phone)
    resident.submit("/account", action="/account/sign-out-everywhere")
    assert not signed_in(with_cookie(app, sent, copied))
    assert sessions_of(app, MOBILE) == []


def test_a_residents_session_lasts_thirty_days_without_use(app, resident):
    move_session_clock(app, MOBILE, days=29)
    assert signed_in(resident)
    move_session_clock(app, MOBILE, days=31)
    assert not signed_in(resident)


@pytest.fixture
def caseworker(app, sent, authenticator):
    return staff_member(app, sent, authenticator, Role.CASEWORKER, district="changji")


STAFF_MOBILE = "13700000000"


def test_a_staff_session_ends_after_thirty_minutes_without_use(app, caseworker):
    move_session_clock(app, STAFF_MOBILE, minutes=29)
    assert caseworker.get("/staff/queue").status_code == 200
    # That request moved the idle end on: another 29 minutes are fine.
    move_session_clock(app, STAFF_MOBILE, minutes=29)
    assert caseworker.get("/staff/queue").status_code == 200
    move_session_clock(app, STAFF_MOBILE, minutes=31)
    assert location(caseworker.get("/staff/queue")).startswith("/sign-in")


def test_a_staff_session_ends_twelve_hours_after_signing_in_however_busy(app, caseworker):
    for _ in range(23):  # a request every half hour less a minute, all day
        move_session_clock(app, STAFF_MOBILE, minutes=29)
        assert caseworker.get("/staff/queue").status_code == 200
    (session,) = sessions_of(app, STAFF_MOBILE)
    assert session.expires_at - session.created_at == STAFF.total
    move_session_clock(app, STAFF_MOBILE, minutes=60)
    assert location(caseworker.get("/staff/queue")).startswith("/sign-in")


def test_staying_signed_in_moves_the_idle_end_on(app, caseworker):
    move_session_clock(app, STAFF_MOBILE, minutes=28)
    page = caseworker.get("/staff/queue").get_data(as_text=True)
    # The page's warning counts down from what is left.
    assert "data-session-warning" in page
    token = csrf_from(page, header=True)
    move_session_clock(app, STAFF_MOBILE, minutes=1)
    response = caseworker.client.post("/session/stay", headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert 29 * 60 < response.get_json()["idleLeft"] <= 30 * 60
    move_session_clock(app, STAFF_MOBILE, minutes=20)
    assert caseworker.get("/staff/queue").status_code == 200


def test_staying_signed_in_needs_the_pages_token(app, caseworker):
    assert caseworker.client.post("/session/stay").status_code == 400


def test_residents_pages_carry_no_warning(app, resident):
    assert "data-session-warning" not in resident.get("/applications").get_data(as_text=True)


def test_ended_sessions_are_purged(app, resident, caseworker):
    move_session_clock(app, STAFF_MOBILE, hours=13)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["purge"])
    assert "ended sessions deleted: 1" in result.output
    assert sessions_of(app, STAFF_MOBILE) == []
    assert len(sessions_of(app, MOBILE)) == 1


def test_a_visitor_who_stores_nothing_gets_no_session(app, visitor):
    response = visitor.get("/")
    assert "Set-Cookie" not in response.headers
    with app.app_context():
        assert db.session.scalars(select(WebSession)).all() == []


def test_a_visitor_shown_a_form_gets_a_key_and_no_row_and_the_form_sends(app, visitor, sent):
    """A form's CSRF token is made from the cookie's key: showing it writes nothing."""

    def sets_session_cookie(response) -> bool:
        return any(c.startswith("session=") for c in response.headers.getlist("Set-Cookie"))

    assert sets_session_cookie(visitor.get("/sign-in"))
    with app.app_context():
        assert db.session.scalars(select(WebSession)).all() == []
    assert not sets_session_cookie(visitor.get("/sign-in"))  # the same key, kept
    response = visitor.submit("/sign-in", {"mobile": MOBILE})
    assert location(response) == "/sign-in/code"


def test_a_form_from_another_visitors_key_is_refused(app, visitor, sent):
    token = csrf_from(visitor.get("/sign-in").get_data(as_text=True))
    other = Visitor(app.test_client(), sent)
    other.get("/sign-in")
    response = other.client.post("/sign-in", data={"csrf_token": token, "mobile": MOBILE})
    assert response.status_code == 400


def test_a_visitors_key_signed_in_from_stays_ended_after_the_purge(app, visitor, sent):
    visitor.get("/sign-in")
    before = cookie_of(visitor)
    form = {"csrf_token": csrf_from(visitor.get("/sign-in").get_data(as_text=True))}
    visitor.sign_in(MOBILE)
    app.test_cli_runner().invoke(args=["purge"])
    thief = with_cookie(app, sent, before)
    response = thief.client.post("/sign-in", data={**form, "mobile": MOBILE})
    assert response.status_code == 400
    assert not signed_in(thief)


def test_a_member_of_staff_whose_access_is_removed_is_signed_out_at_once(
    app, caseworker, sent, authenticator
):
    from tests.helpers import own_device

    admin = staff_member(app, sent, own_device(app), Role.ADMIN, mobile="13700000009")
    with app.app_context():
        member = db.session.scalars(select(User).where(User.mobile == STAFF_MOBILE)).one().id
    admin.submit(f"/staff/admin/staff/{member}", {"role": "caseworker", "district": "fukang"})
    assert location(caseworker.get("/staff/queue")).startswith("/sign-in")
    assert sessions_of(app, STAFF_MOBILE) == []
