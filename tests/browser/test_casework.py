"""The caseworkers' office in Chromium: axe-core on every staff page of issue 7 in both
languages, errors and messages included, and the resident's inbox; and a caseworker who
approves an application by keyboard alone."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.casework.views import DECISIONS
from app.config import LANGUAGES
from app.demo import DEMO_MOBILE, load_demo_data, load_demo_services
from app.extensions import db
from app.models import Application, Role, Station, Status, User
from app.services import staff
from tests.browser.steps import (
    keyboard_press_button,
    name_pattern,
    sign_in_with_mouse,
    tab_to,
    text,
)
from tests.browser.test_passkeys import make_passkey, sign_out, virtual_authenticator
from tests.fixtures.applications import submitted_application

CASEWORKER_MOBILE = "13700000021"
ADMIN_MOBILE = "13700000022"


def join_staff(page, app, sent, lang, mobile, role, district=None):
    """A new member of staff: signs in with a code, opens their invitation, makes a passkey."""
    with app.app_context():
        token = staff.invite(None, "张丽", role, district=district)
    page.goto(f"/sign-in?lang={lang}")
    sign_in_with_mouse(page, app, sent, lang, mobile=mobile)
    page.goto(f"/staff/invitations/{token}")
    make_passkey(page, app, lang, button="Make a passkey and accept")
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "Staff pages", lang))


def send_empty(page, axe) -> None:
    """Sends the page's form as it is; the page comes back with its errors."""
    page.locator("main form").last.locator('button[type="submit"]').click()
    expect(page.locator(".error-summary")).to_be_focused()
    axe(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_axe_violations_on_any_caseworker_or_administrator_page(app, page, axe, sent, lang):
    with app.app_context():
        load_demo_data()  # the demo resident has a message: more information is needed
        load_demo_services()
        waiting = submitted_application()
        approved = submitted_application(status=Status.APPROVED)
        station_id = db.session.scalars(select(Station.id)).first()
    virtual_authenticator(page)

    join_staff(page, app, sent, lang, CASEWORKER_MOBILE, Role.CASEWORKER, district="changji")
    page.goto("/staff/queue")
    axe(page)
    page.goto("/staff/queue?status=all&search=CJ-1999-000000")
    expect(page.get_by_text(text(app, "No applications match.", lang))).to_be_visible()
    axe(page)
    page.goto(f"/staff/applications/{waiting}")
    axe(page)
    page.get_by_role("button", name=text(app, "Take this application", lang)).click()
    expect(page.get_by_text(text(app, "You have taken this application.", lang))).to_be_visible()
    axe(page)
    for name in DECISIONS:
        application_id = approved if name == "payment" else waiting
        page.goto(f"/staff/applications/{application_id}/{name}")
        axe(page)
        if name in ("approve", "payment"):
            page.locator('input[name="amount"]').fill("")  # the amount is filled in already
        send_empty(page, axe)
    page.goto(f"/staff/applications/{approved}/approve")  # decided already: told so
    expect(page.locator(".notification")).to_be_visible()
    axe(page)
    page.goto("/staff/reports")
    axe(page)
    sign_out(page, app, lang)

    join_staff(page, app, sent, lang, ADMIN_MOBILE, Role.ADMIN)
    with app.app_context():
        caseworker_id = db.session.scalar(select(User.id).where(User.mobile == CASEWORKER_MOBILE))
    for url in (
        "/staff/reports?district=changji&programme=startup-subsidy&year=2026",
        "/staff/admin/staff",
        "/staff/admin/programmes",
        "/staff/admin/stations",
        f"/staff/applications/{waiting}",
        "/staff/admin/services",
    ):
        page.goto(url)
        axe(page)
    page.locator('main form button[name="paused"]').first.click()  # a service paused
    expect(page.locator(".notification")).to_be_visible()
    axe(page)
    for url, emptied in (
        (f"/staff/admin/staff/{caseworker_id}", None),
        ("/staff/admin/programmes/startup-subsidy", 'input[name="opens_on-year"]'),
        (f"/staff/admin/stations/{station_id}", 'input[name="name_zh"]'),
        ("/staff/admin/stations/new", 'input[name="name_zh"]'),
    ):
        page.goto(url)
        axe(page)
        if emptied:
            page.locator(emptied).fill("x" if "year" in emptied else "")
            send_empty(page, axe)
    sign_out(page, app, lang)

    page.goto(f"/sign-in?lang={lang}")
    sign_in_with_mouse(page, app, sent, lang, mobile=DEMO_MOBILE)
    page.goto("/account/messages")
    expect(page.locator("main li").first).to_be_visible()
    axe(page)


def test_a_caseworker_approves_an_application_by_keyboard_alone(app, page, sent):
    with app.app_context():
        application_id = submitted_application(name="阿依古丽")
        reference = db.session.get(Application, application_id).reference
    virtual_authenticator(page)
    join_staff(page, app, sent, "zh", CASEWORKER_MOBILE, Role.CASEWORKER, district="changji")

    page.goto("/staff")
    queue_link = page.get_by_role(
        "link", name=text(app, "Applications waiting for a decision", "zh")
    )
    tab_to(page, queue_link)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name=reference))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keyboard_press_button(
        page, page.get_by_role("button", name=text(app, "Take this application", "zh"))
    )
    tab_to(page, page.get_by_role("link", name=text(app, "Approve", "zh"), exact=True))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    amount = page.get_by_role("textbox", name=text(app, "How much is approved, in yuan?", "zh"))
    expect(amount).to_have_value("5000")  # the programme's fixed amount, ready to confirm
    keyboard_press_button(
        page,
        page.get_by_role("button", name=name_pattern(text(app, "Approve the application", "zh"))),
    )

    done = page.get_by_text(text(app, "The application is approved. The resident is told.", "zh"))
    expect(done).to_be_visible()
    with app.app_context():
        decided = db.session.get(Application, application_id)
        assert (decided.status, decided.approved_yuan) == (Status.APPROVED, 5000)
