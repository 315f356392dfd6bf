"""A caseworker's session ends after 30 minutes without use: in Chromium, the page warns before
it does (focus on the warning, read as a dialog), "Stay signed in" keeps it going, typing keeps
it going without asking, and after it has ended, what was typed can still be sent once the
caseworker has signed in again. The page's clock is Playwright's, moved on by hand."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app import sessions
from app.config import LANGUAGES
from app.extensions import db
from app.models import Application, Role, Status, User, WebSession
from app.models.base import utcnow
from app.services import accounts
from tests.browser.steps import text
from tests.browser.test_casework import CASEWORKER_MOBILE, join_staff
from tests.browser.test_passkeys import virtual_authenticator
from tests.fixtures.applications import submitted_application


def caseworker(app) -> User:
    return db.session.scalars(select(User).where(User.mobile == CASEWORKER_MOBILE)).one()


def signed_in_again_elsewhere(app, page, live_server) -> None:
    """What signing in again in another tab leaves behind: a new session cookie."""
    with app.test_request_context():
        sessions.begin(caseworker(app), "passkey")
        token = sessions.current().token
    page.context.add_cookies([{"name": "session", "value": token, "url": live_server}])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_warning_keeps_a_caseworkers_work(app, page, axe, sent, live_server, lang):
    with app.app_context():
        waiting = submitted_application()
    virtual_authenticator(page)
    page.clock.install()
    join_staff(page, app, sent, lang, CASEWORKER_MOBILE, Role.CASEWORKER, district="changji")
    page.goto(f"/staff/applications/{waiting}/request-information")
    page.get_by_label(text(app, "Something else: I write it below", lang)).check()
    note = page.locator("textarea[name=note]")  # the Chinese text (a Uyghur one may follow)
    note.fill("请补充最近三个月的收入记录")
    dialog = page.get_by_role("dialog")

    # Typing counts as being there: near the end the session is kept going without asking.
    # (The answer is waited for: the page counts the next half hour from it.)
    with page.expect_response("**/session/stay"):
        page.clock.fast_forward("28:30")
    expect(page.locator("[data-session-warning]")).to_have_attribute(
        "data-last-contact", re.compile(r"\d+")
    )
    expect(dialog).to_be_hidden()

    # Nobody there: the warning opens, takes focus, and reads as a dialog with its question.
    note.focus()
    page.clock.fast_forward("28:30")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_accessible_name(text(app, "You will be signed out soon", lang))
    stay = dialog.get_by_role("button", name=text(app, "Stay signed in", lang))
    expect(stay).to_be_focused()
    axe(page)
    with page.expect_response("**/session/stay") as answer:
        page.keyboard.press("Enter")
    assert answer.value.ok
    expect(dialog).to_be_hidden()
    expect(note).to_be_focused()
    expect(note).to_have_value("请补充最近三个月的收入记录")

    # Nobody answers: the session ends, and the dialog says how to keep what was typed.
    with app.app_context():
        accounts.end_sessions(caseworker(app))
        db.session.commit()
    page.clock.fast_forward("30:30")
    expect(dialog).to_have_accessible_name(text(app, "You have been signed out", lang))
    axe(page)
    signed_in_again_elsewhere(app, page, live_server)
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(dialog).to_be_hidden()
    expect(
        page.get_by_role("status").filter(
            has_text=text(app, "You are signed in again. You can send the form now.", lang)
        )
    ).to_have_count(1)
    expect(note).to_have_value("请补充最近三个月的收入记录")
    with page.expect_navigation():
        page.get_by_role("button", name=text(app, "Send the request", lang)).click()
    with app.app_context():
        application = db.session.get(Application, waiting)
        assert application.status == Status.MORE_INFO
        assert "请补充最近三个月的收入记录" in [event.note for event in application.events]


def test_the_warning_before_the_twelve_hours_end(app, page, axe, sent):
    with app.app_context():
        waiting = submitted_application()
    virtual_authenticator(page)
    page.clock.install()
    join_staff(page, app, sent, "zh", CASEWORKER_MOBILE, Role.CASEWORKER, district="changji")
    with app.app_context():  # eleven hours and 49 minutes later
        for session in db.session.scalars(select(WebSession)):
            session.expires_at = utcnow() + timedelta(minutes=11)
        db.session.commit()
    page.goto(f"/staff/applications/{waiting}")
    page.clock.fast_forward("01:05")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(
        text(
            app,
            "Staff stay signed in for 12 hours at most. Send what you are typing before then. "
            "After that, sign in again with your passkey.",
            "zh",
        )
    )
    expect(dialog.get_by_role("button", name=text(app, "I understand", "zh"))).to_be_focused()
    axe(page)
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
