"""Who may do what to which object: every kind of person against every kind of object and
action. Whatever is refused answers 404, as if it did not exist."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Application, Document, FamilyLink, Passkey, Role, User
from tests.fixtures.authenticator import SoftAuthenticator
from tests.helpers import Visitor, location, make_passkey, staff_member
from tests.integration.journey import answer_all, start

PEOPLE = [
    "resident",
    "other resident",
    "linked family",
    "unlinked family",
    "caseworker of the district",
    "caseworker of another district",
    "station staff",
    "administrator",
]
# Action: the people allowed to do it; everybody else gets 404.
ALLOWED = {
    "read the application": {"resident", "linked family"},
    "read a draft's page": {"resident", "linked family"},
    "answer a draft's question": {"resident", "linked family"},
    "see a document": {"resident", "linked family", "caseworker of the district", "administrator"},
    "open the withdraw page": {"resident", "linked family"},
    "staff: read the application": {"caseworker of the district", "administrator"},
    "staff: the resident's page": {"caseworker of the district", "administrator"},
    "staff: invitations": {"administrator"},
    "remove the resident's passkey": {"resident"},
    "answer a request to act for the resident": {"resident"},
}


@pytest.fixture
def world(app, sent):
    """A resident with a submitted application (with a document) and a draft, a passkey, a
    linked daughter, a stranger asking to be linked, another resident, and staff."""
    people = {}
    resident = Visitor(app.test_client(), sent)
    resident.sign_in("13900000001")
    check = answer_all(resident, start(resident))
    resident.submit(check, {"confirm": "y"})
    make_passkey(resident, SoftAuthenticator(app.config["WEBAUTHN_ORIGIN"]))
    people["resident"] = resident
    for name, mobile in [
        ("other resident", "13900000002"),
        ("linked family", "13900000003"),
        ("unlinked family", "13900000004"),
    ]:
        visitor = Visitor(app.test_client(), sent)
        visitor.sign_in(mobile)
        people[name] = visitor
    for name in ("linked family", "unlinked family"):
        people[name].submit("/account/family", {"mobile": "13900000001", "relationship": "child"})
    with app.app_context():
        links = db.session.scalars(select(FamilyLink).order_by(FamilyLink.id)).all()
        linked, pending = links[0].id, links[1].id
    resident.submit("/account/family", action=f"/account/family/{linked}/approve")
    # A draft of another programme, started by the resident.
    draft_first = location(resident.submit("/apply/nursing-allowance"))
    for name, role, district, mobile in [
        ("caseworker of the district", Role.CASEWORKER, "changji", "13700000001"),
        ("caseworker of another district", Role.CASEWORKER, "fukang", "13700000002"),
        ("station staff", Role.STATION_STAFF, None, "13700000003"),
        ("administrator", Role.ADMIN, None, "13700000004"),
    ]:
        authenticator = SoftAuthenticator(app.config["WEBAUTHN_ORIGIN"])
        people[name] = staff_member(
            app,
            sent,
            authenticator,
            role,
            district=district,
            station="昌吉市社区康复站" if role == Role.STATION_STAFF else None,
            mobile=mobile,
        )
    with app.app_context():
        submitted = db.session.scalars(
            select(Application).where(Application.reference.is_not(None))
        ).one()
        document = db.session.scalars(select(Document)).first()
        passkey = db.session.scalars(
            select(Passkey).join(User).where(User.mobile == "13900000001")
        ).one()
        ids = {
            "application": submitted.id,
            "resident": submitted.resident_id,
            "document": document.id,
            "passkey": passkey.id,
            "pending_link": pending,
        }
    ids["draft_page"] = draft_first
    return people, ids


def attempt(visitor, action: str, ids: dict):
    """Does `action` as `visitor` would; returns the response."""
    app_path = f"/applications/{ids['application']}"
    gets = {
        "read the application": app_path,
        "read a draft's page": ids["draft_page"],
        "see a document": f"/documents/{ids['document']}",
        "open the withdraw page": f"{app_path}/withdraw",
        "staff: read the application": f"/staff/applications/{ids['application']}",
        "staff: the resident's page": f"/staff/residents/{ids['resident']}",
        "staff: invitations": "/staff/invitations",
    }
    if action in gets:
        return visitor.get(gets[action])
    posts = {
        "answer a draft's question": (ids["draft_page"], {"full_name": "王军"}),
        "remove the resident's passkey": (f"/account/passkeys/{ids['passkey']}/remove", {}),
        "answer a request to act for the resident": (
            f"/account/family/{ids['pending_link']}/approve",
            {},
        ),
    }
    url, data = posts[action]
    return visitor.submit(
        "/account" if visitor_is_staff(visitor) else "/apply/startup-subsidy", data, action=url
    )


def visitor_is_staff(visitor) -> bool:
    return visitor.get("/staff").status_code == 200


def test_the_access_matrix(world):
    people, ids = world
    results = {}
    # Refused attempts first, then allowed ones: an allowed removal must not hide a refusal.
    for action, allowed in ALLOWED.items():
        for person in sorted(PEOPLE, key=lambda p: p in allowed):
            response = attempt(people[person], action, ids)
            results[(person, action)] = response.status_code
    wrong = {
        cell: code
        for cell, code in results.items()
        if (code == 404) == (cell[0] in ALLOWED[cell[1]]) or code not in (200, 302, 404)
    }
    assert wrong == {}, "\n".join(
        f"{p} may {'' if p in ALLOWED[a] else 'not '}{a}: got {c}" for (p, a), c in wrong.items()
    )
