"""Booking services through the pages, in both languages: eligibility, places kept by the
database, cancelling and changing, loans, idempotency, reminders, and station staff."""

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app import formats
from app.config import LANGUAGES
from app.demo import load_demo_services
from app.extensions import db
from app.models import (
    Booking,
    BookingStatus,
    DeviceStock,
    Reminder,
    Role,
    Slot,
    Station,
)
from app.models.base import utcnow
from app.services import bookings, messaging
from tests.helpers import Visitor, location, message, staff_member, translated
from tests.integration.walker import GRADE_1, GRADE_3, book, confirm, give_details

MOBILE = "13912345678"


@pytest.fixture(autouse=True)
def services(app):
    with app.app_context():
        load_demo_services()


@pytest.fixture
def member(app, resident):
    """A resident with a grade 1 certificate, living in Changji City."""
    give_details(app, MOBILE, certificate_number=GRADE_1, district="changji", home_address="昌吉市")
    return resident


def the_booking(app) -> Booking:
    with app.app_context():
        booking = db.session.scalars(select(Booking)).one()
        db.session.expunge(booking)
        return booking


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("service", ["meal_help", "rehab", "device_loan", "training", "job_fair"])
def test_booking_each_kind_of_service(app, member, service, lang):
    member.choose_language(lang)
    book(member, service)
    page = member.get("/book/check").get_data(as_text=True)
    assert translated("Check your booking", lang) in page
    confirmation = confirm(member)
    assert confirmation.endswith("/confirmation")
    page = member.get(confirmation).get_data(as_text=True)
    assert translated("Booking confirmed", lang) in page
    booking = the_booking(app)
    assert booking.status == BookingStatus.BOOKED and booking.reference.startswith("BK-")
    assert booking.reference in member.get("/bookings").get_data(as_text=True)


def test_the_time_step_reads_date_weekday_time_and_places(app, member):
    member.choose_language("ug")
    book(member, "rehab")
    page = member.get("/book/time").get_data(as_text=True)
    with app.app_context():
        slot = db.session.scalars(
            select(Slot)
            .where(Slot.service == "rehab", Slot.starts_at > utcnow())
            .order_by(Slot.starts_at, Slot.id)
        ).first()
    with app.test_request_context(), force_locale("ug"):
        day, time = formats.day_with_weekday(slot.starts_at), formats.clock(slot.starts_at)
    label = page.split('for="slot-0">', 1)[1].split("</label>", 1)[0]
    assert day in label and "-يىلى" in day  # weekday and whole date, in the one order
    assert time in label
    assert message("ug", "%(num)s place left", "%(num)s places left", 4) in label


def test_home_care_is_for_grades_1_and_2(app, resident):
    give_details(app, MOBILE, certificate_number=GRADE_3, district="changji")
    page = resident.submit("/book?new=1", {"service": "meal_help"}, action="/book").get_data(
        as_text=True
    )
    reason = "Home-care visits are for people whose disability certificate is grade 1 or 2."
    assert translated(reason, "zh") in page
    # A rehabilitation session is fine with grade 3.
    assert (
        location(resident.submit("/book?new=1", {"service": "rehab"}, action="/book"))
        == "/book/place"
    )


def test_no_certificate_yet_is_asked_then_kept(app, resident):
    url = location(resident.submit("/book?new=1", {"service": "rehab"}, action="/book"))
    assert url == "/book/certificate"
    page = resident.submit(url, {"certificate_number": "12345"}).get_data(as_text=True)
    assert (
        translated(
            "Disability certificate number must be 20 characters: your ID number, then 2 digits",
            "zh",
        )
        in page
    )
    assert location(resident.submit(url, {"certificate_number": GRADE_1})) == "/book/place"
    # Kept: the next booking does not ask again.
    assert (
        location(resident.submit("/book?new=1", {"service": "escort"}, action="/book"))
        == "/book/place"
    )


def test_a_family_member_books_home_care_for_their_relative(app, member, sent):
    daughter = Visitor(app.test_client(), sent)
    daughter.sign_in("13900000002")
    daughter.submit("/account/family", {"mobile": MOBILE, "relationship": "child"})
    with app.app_context():
        from app.models import FamilyLink

        link = db.session.scalars(select(FamilyLink)).one()
    member.submit("/account/family", action=f"/account/family/{link.id}/approve")
    resident_id = give_details(app, MOBILE)
    book(daughter, "personal_care", resident_id=resident_id)
    confirm(daughter)
    booking = the_booking(app)
    assert booking.resident_id == resident_id and booking.created_by_id != resident_id
    # The resident sees it among their bookings.
    assert booking.reference in member.get("/bookings").get_data(as_text=True)


def test_booking_twice_with_the_same_key_makes_one(app, member):
    import re

    book(member, "rehab")
    page = member.get("/book/check").get_data(as_text=True)
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.split("<main", 1)[1]).group(1)
    first = member.client.post("/book/check", data={"csrf_token": token, "key": key})
    book(member, "rehab")  # back through the steps, and the same form sent again
    second = member.client.post("/book/check", data={"csrf_token": token, "key": key})
    assert location(first) == location(second)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Booking)) == 1


def test_the_last_place_taken_meanwhile_is_said_kindly(app, member):
    book(member, "rehab")
    with app.app_context():
        db.session.execute(Slot.__table__.update().values(places_left=0))
        db.session.commit()
    page = confirm(member)
    assert translated("The place was taken a moment ago. Choose another.", "zh") in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Booking)) == 0


def test_cancel_frees_the_place(app, member):
    book(member, "rehab")
    confirmation = confirm(member)
    booking = the_booking(app)
    before = slot_places_left(app, booking.slot_id)
    path = confirmation.rsplit("/", 1)[0]
    member.submit(f"{path}/cancel", {"sure": "no"})
    assert the_booking(app).status == BookingStatus.BOOKED
    assert location(member.submit(f"{path}/cancel", {"sure": "yes"})) == path
    assert the_booking(app).status == BookingStatus.CANCELLED
    assert slot_places_left(app, booking.slot_id) == before + 1
    page = member.get("/bookings").get_data(as_text=True)
    assert translated("Cancelled", "zh") in page


def slot_places_left(app, slot_id: int) -> int:
    with app.app_context():
        return db.session.get(Slot, slot_id).places_left


def test_change_the_time(app, member):
    import re

    book(member, "rehab")
    path = confirm(member).rsplit("/", 1)[0]
    old = the_booking(app).slot_id
    page = member.get(f"{path}/change").get_data(as_text=True)
    other = re.findall(r'name="slot" type="radio" value="(\d+)"', page)[0]
    assert location(member.submit(f"{path}/change", {"slot": other})) == f"{path}?changed=1"
    booking = the_booking(app)
    assert booking.slot_id == int(other)
    assert slot_places_left(app, old) == 4 and slot_places_left(app, int(other)) == 3
    assert translated("The time is changed.", "zh") in member.get(f"{path}?changed=1").get_data(
        as_text=True
    )


def test_a_loan_reserves_a_device_until_returned(app, member, sent, authenticator):
    book(member, "device_loan")
    confirm(member)
    booking = the_booking(app)
    with app.app_context():
        stock = db.session.get(DeviceStock, booking.stock_id)
        assert stock.available == stock.total - 1
        station = db.session.get(Station, stock.station_id)
        assert booking.due_on == booking.collect_on + timedelta(days=stock.loan_days)
    # The station's staff hand it over, then take it back.
    worker = staff_member(app, sent, authenticator, Role.STATION_STAFF, station=station.code)
    page = worker.get("/staff/station/loans").get_data(as_text=True)
    assert booking.reference in page
    worker.submit("/staff/station/loans", action=f"/staff/station/loans/{booking.id}/lend")
    assert the_booking(app).status == BookingStatus.LENT
    mine = member.get("/bookings").get_data(as_text=True)
    assert translated("Borrowed", "zh") in mine
    worker.submit("/staff/station/loans", action=f"/staff/station/loans/{booking.id}/return")
    assert the_booking(app).status == BookingStatus.RETURNED
    with app.app_context():
        assert db.session.get(DeviceStock, booking.stock_id).available == stock.total


def test_overdue_loans_are_listed(app, member, sent, authenticator):
    book(member, "device_loan")
    confirm(member)
    booking = the_booking(app)
    with app.app_context():
        station = db.session.get(DeviceStock, booking.stock_id).station
        code = station.code
        stored = db.session.get(Booking, booking.id)
        stored.status, stored.due_on = BookingStatus.LENT, stored.collect_on - timedelta(days=40)
        db.session.commit()
    worker = staff_member(app, sent, authenticator, Role.STATION_STAFF, station=code)
    page = worker.get("/staff/station/loans").get_data(as_text=True)
    overdue = page.split(translated("Overdue", "zh"), 1)[1].split(
        translated("To hand over", "zh"), 1
    )[0]
    assert booking.reference in overdue


def collect_on(visitor, day):
    return visitor.submit(
        "/book/time",
        {
            "collect_on-day": str(day.day),
            "collect_on-month": str(day.month),
            "collect_on-year": str(day.year),
        },
    )


def test_the_collect_day_counts_in_beijing_time(beijing_morning, app, member):
    """At 07:30 in Beijing a server in UTC is still on yesterday: the resident's today is the
    first day allowed, and 30 days after it the last."""
    book(member, "device_loan")
    page = collect_on(member, beijing_morning - timedelta(days=1)).get_data(as_text=True)
    assert translated("The day must be today or later", "zh") in page
    assert collect_on(member, beijing_morning + timedelta(days=30)).status_code == 302
    page = collect_on(member, beijing_morning + timedelta(days=31)).get_data(as_text=True)
    assert translated("The day must be in the next 30 days", "zh") in page
    assert collect_on(member, beijing_morning).status_code == 302
    confirm(member)
    assert the_booking(app).collect_on == beijing_morning


def test_a_booking_made_on_new_years_morning_has_the_new_year_in_its_reference(
    beijing_morning, app, member
):
    book(member, "device_loan")
    confirm(member)
    assert the_booking(app).reference.startswith(f"BK-{beijing_morning.year}-")


def test_reminders_are_sent_once_in_the_residents_language(app, member, sent):
    member.choose_language("ug")  # the resident's account now speaks Uyghur
    book(member, "rehab")
    confirm(member)
    booking = the_booking(app)
    with app.app_context():
        reminder = db.session.scalars(select(Reminder)).one()
        assert reminder.kind == "visit"
        # Not due yet.
        assert bookings.send_due_reminders(now=reminder.send_after - timedelta(minutes=1)) == 0
        sent.clear()
        assert bookings.send_due_reminders(now=reminder.send_after + timedelta(minutes=1)) == 1
        assert bookings.send_due_reminders(now=reminder.send_after + timedelta(hours=1)) == 0
    assert len(sent) == 1 and sent[0][0] == MOBILE
    assert booking.reference in sent[0][1]
    assert "ئەسلىگە" in sent[0][1] or "پونكىت" in sent[0][1]  # written in Uyghur


def test_a_reminder_the_provider_refuses_is_shown_to_the_residents_caseworker(
    app, member, authenticator, monkeypatch
):
    def refused(self, mobile, message):
        raise messaging.SendFailed("isv.MOBILE_NUMBER_ILLEGAL", retryable=False)

    book(member, "rehab")
    confirm(member)
    monkeypatch.setattr(messaging.MemorySender, "send", refused)
    with app.app_context():
        reminder = db.session.scalars(select(Reminder)).one()
        later = reminder.send_after + timedelta(minutes=1)
        assert bookings.send_due_reminders(now=later) == 0
        assert bookings.send_due_reminders(now=later + timedelta(days=1)) == 0  # never again
        db.session.refresh(reminder)
        assert reminder.failed_at is not None
        assert reminder.failure_code == "isv.MOBILE_NUMBER_ILLEGAL"
        resident_id = the_booking(app).resident_id
    caseworker = staff_member(app, member.sent, authenticator, Role.CASEWORKER, district="changji")
    page = caseworker.get(f"/staff/residents/{resident_id}").get_data(as_text=True)
    assert translated("Reminder of a booking", "zh") in page
    assert "isv.MOBILE_NUMBER_ILLEGAL" in page


def test_a_cancelled_booking_is_not_reminded(app, member, sent):
    book(member, "rehab")
    path = confirm(member).rsplit("/", 1)[0]
    member.submit(f"{path}/cancel", {"sure": "yes"})
    sent.clear()
    with app.app_context():
        assert bookings.send_due_reminders(now=utcnow() + timedelta(days=30)) == 0
    assert sent == []


def test_the_reminder_command_runs_and_sends_each_once(app, member, sent):
    book(member, "rehab")
    confirm(member)
    # Whether the reminder is due yet depends on the hour the test runs; either way, what the
    # first run sends is not sent again.
    first = app.test_cli_runner().invoke(args=["send-reminders"])
    assert first.exit_code == 0
    count = int(re.search(r"(\d+) reminders sent\.", first.output).group(1))
    assert count == len(sent) - 1  # the sign-in code was the first message
    again = app.test_cli_runner().invoke(args=["send-reminders"])
    assert again.exit_code == 0 and "0 reminders sent." in again.output
    assert len(sent) == 1 + count


def test_station_staff_see_their_day_and_mark_attendance(app, member, sent, authenticator):
    book(member, "rehab")
    confirm(member)
    booking = the_booking(app)
    with app.app_context():
        slot = db.session.get(Slot, booking.slot_id)
        code = slot.station.code
        day = slot.starts_at.astimezone(bookings.LOCAL_TIME).date().isoformat()
    worker = staff_member(app, sent, authenticator, Role.STATION_STAFF, station=code)
    page = worker.get(f"/staff/station?day={day}").get_data(as_text=True)
    assert booking.reference in page
    worker.submit(
        f"/staff/station?day={day}", action=f"/staff/station/bookings/{booking.id}/attended"
    )
    assert the_booking(app).status == BookingStatus.ATTENDED
    # Staff of another station, and everyone else, get 404.
    other = staff_member(
        app,
        sent,
        type(authenticator)(authenticator.origin),
        Role.STATION_STAFF,
        station="fukang-rehab",
        mobile="13700000002",
    )
    response = other.submit("/account", action=f"/staff/station/bookings/{booking.id}/missed")
    assert response.status_code == 404
    assert member.get("/staff/station").status_code == 404


def test_station_staff_add_weekly_times(app, sent, authenticator):
    worker = staff_member(app, sent, authenticator, Role.STATION_STAFF, station="hutubi-rehab")
    from datetime import date

    day = date.today() + timedelta(days=3)
    data = {
        "service": "rehab",
        "day-day": str(day.day),
        "day-month": str(day.month),
        "day-year": str(day.year),
        "starts": "09:00",
        "ends": "09:45",
        "capacity": "6",
        "weeks": "4",
    }
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Slot))
    response = worker.submit("/staff/station/times", data)
    assert location(response).startswith("/staff/station?day=")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Slot)) == before + 4
    page = worker.submit("/staff/station/times", {**data, "ends": "08:00"}).get_data(as_text=True)
    assert translated("The end must be after the start", "zh") in page
    page = worker.submit("/staff/station/times", {**data, "capacity": "many"}).get_data(
        as_text=True
    )
    assert translated("Enter a number of places from 1 to 200", "zh") in page


def test_a_station_named_only_in_chinese_reads_as_chinese_in_a_uyghur_page(app, member):
    """Station details are typed by staff in each language; one not given in Uyghur yet is
    shown in Chinese, marked as Chinese, so a screen reader reads it with a Chinese voice."""
    with app.app_context():
        for station in db.session.scalars(select(Station)):
            station.name = {"zh": station.name["zh"]}
            station.address = {"zh": station.address["zh"]}
        db.session.commit()
    member.choose_language("ug")
    check = book(member, "rehab")
    chinese = '<bdi lang="zh-Hans" dir="ltr">'
    for url in ("/book/place", check):
        page = member.get(url).get_data(as_text=True)
        assert re.search(chinese + r"[^<]*康复站</bdi>", page), url  # the name
    place = member.get("/book/place").get_data(as_text=True)
    assert re.search(chinese + r"[^<]*路[^<]*</bdi>", place)  # the address
