"""Booking in Chromium: axe-core on every booking page in both languages, errors included; a
home-care visit booked for a relative by keyboard alone; and the time step as a screen reader
gets it, each choice naming its whole date, weekday, time and places left."""

import re

import pytest
from babel.dates import format_date
from playwright.sync_api import expect
from sqlalchemy import select

from app.demo import (
    DEMO_FAMILY_MOBILE,
    DEMO_MOBILE,
    link_demo_family,
    load_demo_data,
    load_demo_services,
)
from app.extensions import db
from app.models import Role, Slot, User
from app.services import bookings, staff
from tests.browser.steps import (
    keyboard_choose,
    keyboard_press_button,
    keyboard_type,
    name_pattern,
    sign_in_with_mouse,
    sign_out,
    text,
)
from tests.helpers import message


@pytest.fixture
def demo(app):
    """The demo: a resident (grade 1, Changji City), his wife who acts for him, and services."""
    with app.app_context():
        load_demo_data()
        husband = db.session.scalars(select(User).where(User.mobile == DEMO_MOBILE)).one()
        husband.details = {**husband.details, "home_address": "昌吉市延安北路 1 号"}
        db.session.commit()
        link_demo_family(husband)
        load_demo_services()
        return husband.id


def continue_button(page, app, lang):
    return page.locator("main form").last.get_by_role(
        "button", name=name_pattern(text(app, "Continue", lang))
    )


@pytest.mark.parametrize("lang", ["zh", "ug"])
def test_no_axe_violations_on_any_booking_page(app, page, axe, sent, demo, lang):
    page.goto(f"/sign-in?lang={lang}")
    sign_in_with_mouse(page, app, sent, lang, mobile=DEMO_FAMILY_MOBILE)
    go_on = continue_button(page, app, lang)

    def step(choose):
        axe(page)
        if not page.locator("main input:checked").count():
            go_on.click()  # nothing chosen: the page with its error
            expect(page.locator(".error-summary")).to_be_visible()
            axe(page)
        choose()
        go_on.click()

    for service in ("meal_help", "device_loan", "training"):
        page.goto("/book?new=1")
        step(lambda s=service: page.locator(f'input[name="service"][value="{s}"]').check())
        step(lambda: page.locator(f'input[name="resident"][value="{demo}"]').check())
        if service == "device_loan":
            step(lambda: page.locator('input[name="device"][value="wheelchair"]').check())
        step(
            lambda: page.locator('main input[type="radio"]').first.check()
        )  # the place, or the event
        if service == "meal_help":
            step(lambda: page.locator('input[name="slot"]').first.check())
        if service == "device_loan":
            axe(page)
            go_on.click()
            axe(page)
            from datetime import date, timedelta

            day = date.today() + timedelta(days=2)
            page.locator("#collect_on-day").fill(str(day.day))
            page.locator("#collect_on-month").fill(str(day.month))
            page.locator("#collect_on-year").fill(str(day.year))
            go_on.click()
        axe(page)  # details
        if service == "meal_help":
            page.locator("#address").fill("")
            go_on.click()
            axe(page)
            page.locator("#address").fill("昌吉市延安北路 1 号")
        go_on.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            text(app, "Check your booking", lang)
        )
        axe(page)
        page.get_by_role("button", name=text(app, "Confirm the booking", lang)).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            text(app, "Booking confirmed", lang)
        )
        axe(page)
    # His bookings, while she acts for him.
    page.goto("/account/acting")
    page.locator(f'input[name="resident"][value="{demo}"]').check()
    page.locator("main form").get_by_role("button").click()
    page.goto("/bookings")
    axe(page)
    page.get_by_role("link", name=text(app, "Meal help at home", lang)).click()
    axe(page)
    page.get_by_role("link", name=text(app, "Change the time", lang)).click()
    axe(page)
    page.go_back()
    page.get_by_role("link", name=text(app, "Cancel the booking", lang)).click()
    axe(page)
    page.locator("main form").get_by_role("button").click()
    axe(page)  # the question unanswered

    # The station's staff: their day, adding times, loans.
    with app.app_context():
        slot = db.session.scalars(
            select(Slot).where(Slot.service == "meal_help").order_by(Slot.starts_at)
        ).first()
        token = staff.invite(None, "站点工作人员", Role.STATION_STAFF, station="changji-home-care")
        day = slot.starts_at.astimezone(bookings.LOCAL_TIME).date().isoformat()
    sign_out(page, app, lang)
    from tests.browser.test_passkeys import make_passkey, virtual_authenticator

    virtual_authenticator(page)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, lang, mobile="13700000005", passkey_offer="keep")
    page.goto(f"/staff/invitations/{token}")
    make_passkey(page, app, lang, button="Make a passkey and accept")
    page.goto(f"/staff/station?day={day}")
    axe(page)
    page.goto("/staff/station/times")
    axe(page)
    page.get_by_role("button", name=text(app, "Add the times", lang)).click()
    axe(page)  # with errors

    # A lending station's staff: the wheelchair to hand over.
    with app.app_context():
        token = staff.invite(None, "租借站工作人员", Role.STATION_STAFF, station="changji-lending")
    sign_out(page, app, lang)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, lang, mobile="13700000006", passkey_offer="keep")
    page.goto(f"/staff/invitations/{token}")
    make_passkey(page, app, lang, button="Make a passkey and accept")
    page.goto("/staff/station/loans")
    expect(page.locator(".booking-line")).to_have_count(1)
    axe(page)


def test_a_home_care_visit_for_a_relative_by_keyboard_alone(app, page, sent, demo):
    lang = "ug"
    page.goto(f"/sign-in?lang={lang}")
    sign_in_with_mouse(page, app, sent, lang, mobile=DEMO_FAMILY_MOBILE)
    page.goto("/")
    keyboard_press_button(
        page, page.get_by_role("link", name=text(app, "Book a service", lang)).last
    )

    def go_on():
        keyboard_press_button(page, continue_button(page, app, lang))

    keyboard_choose(
        page,
        page.get_by_role("radio").first,
        page.get_by_role("radio", name=text(app, "Meal help at home", lang)),
    )
    go_on()
    with app.app_context():
        husband = db.session.get(User, demo).display_name
    keyboard_choose(
        page,
        page.get_by_role("radio").first,
        page.get_by_role("radio", name=re.compile(re.escape(husband))),
    )
    go_on()
    first = page.get_by_role("radio").first  # the provider serving his district
    keyboard_choose(page, first, first)
    go_on()
    second_time = page.get_by_role("radio").nth(1)
    keyboard_choose(page, page.get_by_role("radio").first, second_time)
    go_on()
    keyboard_type(
        page,
        page.get_by_role("textbox", name=text(app, "What help is needed? (optional)", lang)),
        "少放盐",
    )
    go_on()
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "Check your booking", lang))
    keyboard_press_button(
        page, page.get_by_role("button", name=text(app, "Confirm the booking", lang))
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "Booking confirmed", lang))
    with app.app_context():
        from app.models import Booking

        booking = db.session.scalars(select(Booking)).one()
        assert booking.resident_id == demo and booking.service == "meal_help"


def test_the_time_step_in_the_accessibility_tree(app, page, sent, demo):
    lang = "ug"
    page.goto(f"/sign-in?lang={lang}")
    sign_in_with_mouse(page, app, sent, lang, mobile=DEMO_MOBILE)
    page.goto("/book?new=1")
    page.locator('input[name="service"][value="rehab"]').check()
    continue_button(page, app, lang).click()
    page.locator('input[name="station"]').first.check()
    continue_button(page, app, lang).click()
    snapshot = page.locator("main").aria_snapshot()
    radios = page.get_by_role("radio")
    with app.app_context():
        station = page.locator('input[name="slot"]').first.get_attribute("id")
        assert station
        ids = [int(radios.nth(i).get_attribute("value")) for i in range(radios.count())]
        slots = [db.session.get(Slot, slot_id) for slot_id in ids]
    assert len(slots) > 5
    for slot in slots:
        local = slot.starts_at.astimezone(bookings.LOCAL_TIME)
        day = format_date(local, "full", locale="ug")
        places = message(lang, "%(num)s place left", "%(num)s places left", slot.places_left)
        named = [
            line
            for line in snapshot.splitlines()
            if "radio" in line and day in line and local.strftime("%H:%M") in line
        ]
        assert named and places in named[0], (day, snapshot[:2000])
