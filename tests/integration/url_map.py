"""A world of real objects, and the whole URL map walked against it: for the tests that prove
who may reach what (test_staff_power.py, test_access_in_one_place.py)."""

import re

from sqlalchemy import select

from app import sessions
from app.demo import load_demo_services
from app.extensions import db
from app.models import Application, Booking, Document, FamilyLink, Passkey, Role, Station, User
from app.services import staff
from tests.helpers import Visitor, location, make_passkey, own_device, staff_member
from tests.integration.journey import answer_all, start
from tests.integration.walker import GRADE_1, book, confirm, give_details

RESIDENT = "13900000001"
NEWCOMER = "13900000009"
STAFF = {
    Role.CASEWORKER: "13700000001",
    Role.STATION_STAFF: "13700000002",
    Role.ADMIN: "13700000003",
}


def make_world(app, sent) -> dict:
    """A resident of Changji City with a submitted application (with a photo), a booking and a
    linked family member; a caseworker, a station worker and an administrator, with passkeys."""
    with app.app_context():
        load_demo_services()
    resident = Visitor(app.test_client(), sent)
    resident.sign_in(RESIDENT)
    resident.submit(answer_all(resident, start(resident)), {"confirm": "y"})
    give_details(app, RESIDENT, certificate_number=GRADE_1, district="changji", home_address="昌吉")
    book(resident, "rehab")
    confirm(resident)
    make_passkey(resident, own_device(app))
    family = Visitor(app.test_client(), sent)
    family.sign_in("13900000002")
    family.submit("/account/family", {"mobile": RESIDENT, "relationship": "child"})
    newcomer = Visitor(app.test_client(), sent)
    newcomer.sign_in(NEWCOMER)
    with app.app_context():
        booking = db.session.scalars(select(Booking)).one()
        station = db.session.get(Station, booking.slot.station_id)
        station_code = station.code
    for role, mobile in STAFF.items():
        staff_member(
            app,
            sent,
            own_device(app),
            role,
            district="changji" if role == Role.CASEWORKER else None,
            station=station_code if role == Role.STATION_STAFF else None,
            mobile=mobile,
        )
    with app.app_context():
        application = db.session.scalars(
            select(Application).where(Application.reference.is_not(None))
        ).one()
        values = {
            "application_id": application.id,
            "document_id": db.session.scalars(select(Document)).first().id,
            "resident_id": application.resident_id,
            "booking_id": booking.id,
            "station_id": booking.slot.station_id,
            "link_id": db.session.scalars(select(FamilyLink)).one().id,
            "member_id": db.session.scalars(
                select(User.id).where(User.mobile == STAFF[Role.CASEWORKER])
            ).one(),
            "slug": "full-name",
            "item": 0,
            "token": staff.invite(None, "新同事", Role.CASEWORKER, district="changji"),
            "name": "offline.js",
        }
    return values


def fresh_session(app, mobile: str, method: str) -> Visitor:
    """A new session of the account, begun as the sign-in pages begin one with `method`."""
    with app.test_request_context():
        user = db.session.scalars(select(User).where(User.mobile == mobile)).one()
        sessions.begin(user, method)
        token = sessions.current().token
    visitor = Visitor(app.test_client(), [])
    visitor.client.set_cookie("session", token)
    return visitor


def own_passkey(app, mobile: str) -> int:
    with app.app_context():
        return db.session.scalars(
            select(Passkey.id).join(User).where(User.mobile == mobile)
        ).first()


def url_for_rule(app, rule, values: dict, mobile: str) -> str:
    """The rule's address with a real object for each of its parts."""
    return fill_rule(app, rule, values, mobile)[0]


def fill_rule(app, rule, values: dict, mobile: str) -> tuple[str, dict]:
    """The rule's address with a real object for each of its parts, and the values used (the
    passkey is the asking person's own)."""
    path, used = rule.rule, {}
    for name, converter in rule._converters.items():
        if name == "code":
            value = "zh" if rule.endpoint.startswith("pwa.") else "startup-subsidy"
        elif name == "passkey_id":
            value = own_passkey(app, mobile)
        elif hasattr(converter, "items"):
            value = sorted(converter.items)[0]
        else:
            assert name in values, f"the walk has no value for <{name}> of {rule.rule}"
            value = values[name]
        used[name] = value
        path = re.sub(rf"<[^>]*\b{name}>", str(value), path)
    return path, used


def ask(visitor, method: str, path: str):
    """The answer to `method` on `path` (a POST with the session's own CSRF token), read whole
    and closed."""
    if method == "GET":
        response = visitor.get(path)
    else:
        token = visitor.get("/form-token").get_json()["token"]
        response = visitor.client.post(path, data={"csrf_token": token})
    response.get_data()
    response.close()
    return response


def refused(response) -> bool:
    if response.status_code in (404, 405):
        return True
    return response.status_code == 302 and location(response).startswith("/sign-in")


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule, method
