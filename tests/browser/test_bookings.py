"""Booking in Chromium: axe-core on every booking page in both languages, errors included; a
home-care visit booked for a relative by keyboard alone; and the time step as a screen reader
gets it, each choice naming its whole date, weekday, time and places left."""

import re

import pytest
from flask_babel import force_locale
from playwright.sync_api import expect
from sqlalchemy import select

from app import formats
from app.config import LANGUAGES
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
from tests.helpers import message, message_in_context


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


@pytest.mark.parametrize("lang", LANGUAGES)
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
    page.locator("main form").locator("button[type=submit]").click()
    page.goto("/bookings")
    axe(page)
    page.get_by_role("link", name=text(app, "Meal help at home", lang)).click()
    axe(page)
    page.get_by_role("link", name=text(app, "Change the time", lang)).click()
    axe(page)
    page.go_back()
    page.get_by_role("link", name=text(app, "Cancel the booking", lang)).click()
    axe(page)
    page.locator("main form").locator("button[type=submit]").click()
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


def pause(lang: str) -> str:
    """The punctuation a screen reader pauses at between two parts of a name."""
    return message_in_context(lang, "a pause between two parts of a name read aloud", ", ")


def radio_name(radio) -> str:
    """A radio button's accessible name, as Chromium's accessibility tree gives it."""
    line = radio.aria_snapshot().splitlines()[0]
    return re.fullmatch(r'- radio "(.*)"( \[checked\])?:?', line).group(1)


def to_place_step(app, page, sent, lang, service):
    page.goto(f"/sign-in?lang={lang}")
    sign_in_with_mouse(page, app, sent, lang, mobile=DEMO_MOBILE)
    page.goto("/book?new=1")
    page.locator(f'input[name="service"][value="{service}"]').check()
    continue_button(page, app, lang).click()
    expect(page).to_have_url(re.compile("/book/place$"))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("service", ["rehab", "training"])
def test_a_choice_reads_its_title_then_each_detail_apart(app, page, sent, demo, lang, service):
    """A station or a course: its title on a line, each detail on a line below; each part
    isolated (its numbers and direction kept to it), and a pause between parts when read."""
    to_place_step(app, page, sent, lang, service)
    radios = page.get_by_role("radio")
    assert radios.count() >= 2
    for i in range(radios.count()):
        label = page.locator(f'label[for="{radios.nth(i).get_attribute("id")}"]')
        parts = label.locator(".choice-title, .choice-detail")
        assert parts.count() >= 3
        texts = [parts.nth(n).inner_text() for n in range(parts.count())]
        for n in range(parts.count()):
            part = parts.nth(n)
            assert part.evaluate("e => e.localName") == "bdi"  # isolated
            assert part.evaluate("e => getComputedStyle(e).display") == "block"
            if n:  # below the part before it, not beside it
                above = parts.nth(n - 1).bounding_box()
                assert part.bounding_box()["y"] >= above["y"] + above["height"] - 1
        # Read aloud: each part, a pause, the next.
        squeezed = re.sub(r"\s+", "", radio_name(radios.nth(i)))
        expected = pause(lang).strip().join(re.sub(r"\s+", "", t) for t in texts)
        assert squeezed == expected, (squeezed, expected)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_time_step_in_the_accessibility_tree(app, page, sent, demo, lang):
    """One group named by the question, a group for each day in it; each time named by its
    whole date, weekday, a pause, its time and the places left; the hint and the error
    described once, for the whole question; the heading as large as other questions'."""
    to_place_step(app, page, sent, lang, "rehab")
    question_size = page.get_by_role("heading", level=1).evaluate(
        "e => getComputedStyle(e).fontSize"
    )
    page.locator('input[name="station"]').first.check()
    continue_button(page, app, lang).click()
    heading = page.get_by_role("heading", level=1)
    assert heading.evaluate("e => getComputedStyle(e).fontSize") == question_size

    question = heading.inner_text()  # the question names the service
    hint = text(app, "Times that are full are not shown.", lang)
    group = page.get_by_role("group", name=question, exact=True)
    expect(group).to_have_accessible_description(hint)
    days = group.get_by_role("group")
    assert days.count() > 1
    radios = group.get_by_role("radio")
    with app.app_context():
        ids = [int(radios.nth(i).get_attribute("value")) for i in range(radios.count())]
        slots = [db.session.get(Slot, slot_id) for slot_id in ids]
    assert len(slots) > 5
    for i, slot in enumerate(slots):
        with app.test_request_context(), force_locale(lang):
            day = formats.day_with_weekday(slot.starts_at)
            start = formats.clock(slot.starts_at)
        places = message(lang, "%(num)s place left", "%(num)s places left", slot.places_left)
        name = radio_name(radios.nth(i))
        said = re.escape(day) + r"\s*" + re.escape(pause(lang).strip()) + r"\s*" + re.escape(start)
        assert re.match(said, name) and places in name, (name, day, start)
        expect(radios.nth(i)).to_have_accessible_description("")
    for n in range(days.count()):
        expect(days.nth(n)).to_have_accessible_description("")

    continue_button(page, app, lang).click()  # no time chosen
    error = text(app, "Select a time", lang)
    described = re.compile(re.escape(hint) + ".*" + re.escape(error))
    expect(group).to_have_accessible_description(described)
    for n in range(days.count()):
        expect(days.nth(n)).to_have_accessible_description("")
