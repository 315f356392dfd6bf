"""Administrators: staff and what they may do, when programmes take applications, stations'
details in each language; and nobody else reaches these pages."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.demo import load_demo_services
from app.extensions import db
from app.models import Application, Booking, ProgrammeWindow, Role, Station, User
from app.models.base import local_today
from app.services import admin as admin_service
from tests.helpers import csrf_from, location, message, own_device, staff_member, translated
from tests.integration.walker import GRADE_1, book, confirm, give_details


@pytest.fixture
def admin(app, sent, authenticator):
    return staff_member(app, sent, authenticator, Role.ADMIN)


@pytest.fixture
def caseworker(app, sent, authenticator):
    return staff_member(
        app, sent, own_device(app), Role.CASEWORKER, district="changji", mobile="13700000005"
    )


def member_id(app, mobile: str) -> int:
    with app.app_context():
        return db.session.scalars(select(User.id).where(User.mobile == mobile)).one()


def test_taking_staff_access_away_ends_the_members_sessions(app, admin, caseworker):
    assert caseworker.get("/staff/queue").status_code == 200
    url = f"/staff/admin/staff/{member_id(app, '13700000005')}"
    response = admin.submit(url, {"role": "resident", "district": "", "station": ""})
    assert location(response) == "/staff/admin/staff"
    assert location(caseworker.get("/staff/queue")).startswith("/sign-in")
    with app.app_context():
        member = db.session.get(User, member_id(app, "13700000005"))
        assert member.role == Role.RESIDENT and member.district is None


def test_moving_a_caseworker_to_another_district(app, admin, caseworker):
    url = f"/staff/admin/staff/{member_id(app, '13700000005')}"
    page = admin.get(url).get_data(as_text=True)
    # The form starts from what they do now.
    assert (
        'checked class="choice-input" id="district-0" name="district" type="radio" value="changji"'
        in page
    )
    admin.submit(url, {"role": "caseworker", "district": "fukang", "station": ""})
    with app.app_context():
        assert db.session.get(User, member_id(app, "13700000005")).district == "fukang"


def test_an_administrator_can_not_change_their_own_access(app, admin):
    assert admin.get(f"/staff/admin/staff/{member_id(app, '13700000000')}").status_code == 404


def test_a_closed_programme_takes_no_new_applications(app, admin, resident):
    yesterday = local_today() - timedelta(days=1)
    admin.submit(
        "/staff/admin/programmes/startup-subsidy",
        {
            "opens_on-day": "",
            "opens_on-month": "",
            "opens_on-year": "",
            "closes_on-day": str(yesterday.day),
            "closes_on-month": str(yesterday.month),
            "closes_on-year": str(yesterday.year),
        },
    )
    page = resident.get("/apply/startup-subsidy").get_data(as_text=True)
    assert translated("Start now", "zh") not in page
    assert (
        translated(
            "Applications are closed for now. The county or city federation can tell you when "
            "they open again.",
            "zh",
        )
        in page
    )
    # The page has no Start button; a start sent anyway (an old tab) is refused too.
    token = csrf_from(page, header=True)
    response = resident.client.post("/apply/startup-subsidy", data={"csrf_token": token})
    assert location(response) == "/apply/startup-subsidy"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == 0


def test_a_programme_opening_later_says_when(app, admin, resident):
    later = local_today() + timedelta(days=30)
    admin.submit(
        "/staff/admin/programmes/startup-subsidy",
        {
            "opens_on-day": str(later.day),
            "opens_on-month": str(later.month),
            "opens_on-year": str(later.year),
            "closes_on-day": "",
            "closes_on-month": "",
            "closes_on-year": "",
        },
    )
    page = resident.get("/apply/startup-subsidy").get_data(as_text=True)
    assert translated("Applications open on %(date)s.", "zh").split("%")[0] in page


def test_the_last_day_may_not_come_before_the_first(admin):
    response = admin.submit(
        "/staff/admin/programmes/startup-subsidy",
        {
            "opens_on-day": "10",
            "opens_on-month": "6",
            "opens_on-year": "2026",
            "closes_on-day": "1",
            "closes_on-month": "6",
            "closes_on-year": "2026",
        },
    )
    assert translated(
        "The last day must be on or after the opening day", "zh"
    ) in response.get_data(as_text=True)


def test_a_stations_details_are_written_in_each_language(app, admin):
    with app.app_context():
        load_demo_services()
        station = db.session.scalars(select(Station).order_by(Station.id)).first()
        station_id = station.id
    url = f"/staff/admin/stations/{station_id}"
    page = admin.get(url).get_data(as_text=True)
    assert 'name="name_zh"' in page and 'name="name_ug"' in page
    admin.submit(
        url,
        {
            "name_zh": "昌吉市康复站",
            "name_ug": "سانجى شەھەرلىك ئەسلىگە كەلتۈرۈش پونكىتى",
            "address_zh": "延安北路 1 号",
            "address_ug": "يەنئەن شىمالىي يولى 1",
            "opening_hours_zh": "周一至周五 9:00–17:00",
            "opening_hours_ug": "دۈشەنبە–جۈمە 9:00–17:00",
            "accessibility_zh": "有坡道和无障碍卫生间。",
            "accessibility_ug": "قىيپاش يول ۋە توسالغۇسىز ھاجەتخانا بار.",
        },
    )
    saved = admin.get("/staff/admin/stations").get_data(as_text=True)
    assert translated("The station's details are saved.", "zh") in saved
    admin.choose_language("ug")
    listing = admin.get("/staff/admin/stations").get_data(as_text=True)
    assert "سانجى شەھەرلىك ئەسلىگە كەلتۈرۈش پونكىتى" in listing
    with app.app_context():
        assert db.session.get(Station, station_id).name["zh"] == "昌吉市康复站"


def test_a_station_needs_a_name(app, admin):
    with app.app_context():
        load_demo_services()
        station_id = db.session.scalars(select(Station.id)).first()
    response = admin.submit(f"/staff/admin/stations/{station_id}", {"name_zh": ""})
    assert translated("Enter the station's name", "zh") in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/staff/admin/staff",
        "/staff/admin/programmes",
        "/staff/admin/services",
        "/staff/admin/stations",
    ],
)
def test_only_administrators_reach_these_pages(caseworker, resident, url):
    assert caseworker.get(url).status_code == 404
    assert resident.get(url).status_code == 404


def test_a_paused_service_takes_no_new_bookings_until_resumed(app, admin, resident):
    with app.app_context():
        load_demo_services()
    give_details(app, "13912345678", certificate_number=GRADE_1, district="changji")
    book(resident, "rehab")  # a booking on its way when the service is paused
    response = admin.submit(
        "/staff/admin/services", {"paused": "yes"}, action="/staff/admin/services/rehab"
    )
    assert location(response) == "/staff/admin/services"
    listing = admin.get("/staff/admin/services").get_data(as_text=True)
    assert translated("Takes no new bookings.", "zh") in listing

    # The booking on its way is refused at the end, and the resident is told why.
    refused = resident.get(confirm(resident)).get_data(as_text=True)
    why = translated("This service is not taking bookings for now. Please choose another.", "zh")
    assert why in refused
    page = resident.get("/book?new=1").get_data(as_text=True)
    assert (
        message(
            "zh",
            "%(service)s (not taking bookings for now)",
            service=translated("Rehabilitation session", "zh"),
        )
        in page
    )
    assert why in resident.submit("/book", {"service": "rehab"}).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Booking)) == 0

    admin.submit("/staff/admin/services", {"paused": "no"}, action="/staff/admin/services/rehab")
    book(resident, "rehab")
    assert confirm(resident).endswith("/confirmation")


def test_only_a_known_service_and_choice_are_accepted(admin):
    page = admin.get("/staff/admin/services").get_data(as_text=True)
    token = csrf_from(page)
    assert (
        admin.client.post(
            "/staff/admin/services/haircut", data={"csrf_token": token, "paused": "yes"}
        ).status_code
        == 404
    )
    assert (
        admin.client.post(
            "/staff/admin/services/rehab", data={"csrf_token": token, "paused": "maybe"}
        ).status_code
        == 400
    )


def test_a_new_station_is_added_and_offered_to_residents(app, admin, resident):
    response = admin.submit("/staff/admin/stations/new", {"kind": "rehab"})
    page = response.get_data(as_text=True)
    assert translated("Select the county or city", "zh") in page
    assert translated("Enter the station's name", "zh") in page
    response = admin.submit(
        "/staff/admin/stations/new",
        {
            "kind": "rehab",
            "district": "mori",
            "name_zh": "木垒县第二康复站",
            "name_ug": "مورى ناھىيەلىك 2-ئەسلىگە كەلتۈرۈش پونكىتى",
            "name_kk_Arab_CN": "مورى اۋداندىق 2-وڭالتۋ بەكەتى",
            "address_zh": "木垒县人民路 8 号",
        },
    )
    assert location(response) == "/staff/admin/stations"
    with app.app_context():
        station = db.session.scalars(select(Station).where(Station.district == "mori")).one()
        assert (station.kind, station.code) == ("rehab", "rehab-mori-1")
        assert station.name["ug"] == "مورى ناھىيەلىك 2-ئەسلىگە كەلتۈرۈش پونكىتى"
        assert station.name["kk_Arab_CN"] == "مورى اۋداندىق 2-وڭالتۋ بەكەتى"
        assert station.address == {"zh": "木垒县人民路 8 号", "ug": "", "kk_Arab_CN": ""}
    assert "木垒县第二康复站" in admin.get("/staff/admin/stations").get_data(as_text=True)


def test_a_window_saved_by_another_worker_is_read_again_when_the_kept_copy_runs_out(
    app, monkeypatch
):
    """Each process keeps the windows for a while (app/services/admin.py): what another
    gunicorn worker saves is seen here once the copy is older than its time limit."""
    with app.test_request_context():
        assert admin_service.window("startup-subsidy").closes_on is None
        # Saved by another process: this one's copy does not know yet.
        db.session.add(ProgrammeWindow(programme="startup-subsidy", closes_on=local_today()))
        db.session.commit()
        assert admin_service.window("startup-subsidy").closes_on is None
        monkeypatch.setattr(admin_service.WINDOWS, "seconds", -1.0)
        assert admin_service.window("startup-subsidy").closes_on == local_today()
