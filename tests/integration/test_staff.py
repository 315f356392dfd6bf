"""Staff: invitations, passkeys required, pages scoped to a district, linking family on proof."""

import json
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import FamilyLink, LinkStatus, Role, StaffInvitation, User
from app.services import staff
from tests.fixtures.authenticator import SoftAuthenticator
from tests.helpers import (
    Visitor,
    csrf_from,
    location,
    make_passkey,
    own_device,
    passkey_options,
    staff_member,
    translated,
)
from tests.integration.test_concurrency import at_once


@pytest.fixture
def admin(app, sent, authenticator):
    return staff_member(app, sent, authenticator, Role.ADMIN)


def test_an_administrator_invites_a_caseworker_who_joins_with_a_passkey(app, admin, sent):
    response = admin.submit(
        "/staff/invitations",
        {"name": "张丽", "role": "caseworker", "district": "fukang", "station": ""},
    )
    assert location(response) == "/staff/invitations"
    page = admin.get("/staff/invitations").get_data(as_text=True)
    link = re.search(r'class="invitation-link">([^<]+)</bdi>', page).group(1)
    path = "/" + link.split("/", 3)[3]
    # Shown once: the page no longer has it.
    assert link not in admin.get("/staff/invitations").get_data(as_text=True)

    newcomer = Visitor(app.test_client(), sent)
    assert location(newcomer.get(path)).startswith("/sign-in")
    newcomer.sign_in("13600000000")
    page = newcomer.get(path).get_data(as_text=True)
    assert translated("Join as staff", "zh") in page
    authenticator = SoftAuthenticator(app.config["WEBAUTHN_ORIGIN"])
    response = make_passkey(newcomer, authenticator, path)
    assert location(response) == "/staff"
    with app.app_context():
        member = db.session.scalars(select(User).where(User.mobile == "13600000000")).one()
        assert (member.role, member.district, member.name) == ("caseworker", "fukang", "张丽")
        assert db.session.scalars(select(StaffInvitation)).one().used_at is not None
    assert newcomer.get("/staff").status_code == 200
    # The link works once.
    assert newcomer.get(path).status_code == 404


def test_an_invitation_needs_its_details(admin):
    page = admin.submit("/staff/invitations", {"name": "", "role": "caseworker"}).get_data(
        as_text=True
    )
    assert translated("Enter the full name of the member of staff", "zh") in page
    assert translated("Select the caseworker's district", "zh") in page
    page = admin.submit("/staff/invitations", {"name": "王", "role": "station_staff"}).get_data(
        as_text=True
    )
    assert translated("Select the station of the member of staff", "zh") in page


def test_an_old_or_unknown_invitation_is_refused(app, resident):
    assert resident.get("/staff/invitations/not-a-token").status_code == 404
    with app.app_context():
        token = staff.invite(None, "王", Role.CASEWORKER, district="manas")
        invitation = db.session.scalars(select(StaffInvitation)).one()
        invitation.expires_at = invitation.created_at
        db.session.commit()
    page = resident.get(f"/staff/invitations/{token}")
    assert page.status_code == 404
    assert translated("This invitation can not be used", "zh") in page.get_data(as_text=True)


def test_staff_signed_in_with_a_code_must_use_their_passkey(app, sent, authenticator):
    staff_member(
        app, sent, authenticator, Role.CASEWORKER, district="changji", mobile="13700000001"
    )
    by_code = Visitor(app.test_client(), sent)
    by_code.sign_in("13700000001")
    response = by_code.get("/staff")
    assert location(response) == "/sign-in"
    page = by_code.get("/sign-in").get_data(as_text=True)
    assert translated("Staff sign in with a passkey.", "zh") in page


def test_a_caseworker_links_a_family_member_on_proof(app, sent, authenticator, resident):
    with app.app_context():
        mother = db.session.scalars(select(User).where(User.mobile == "13912345678")).one()
        mother.details = {"full_name": "王军", "district": "changji"}
        db.session.commit()
        mother_id = mother.id
    son = Visitor(app.test_client(), sent)
    son.sign_in("13900000005")
    caseworker = staff_member(app, sent, authenticator, Role.CASEWORKER, district="changji")
    response = caseworker.submit(
        f"/staff/residents/{mother_id}",
        {"mobile": "13900000005", "relationship": "child", "proof": "户口本，已在办公室核对"},
    )
    assert location(response) == f"/staff/residents/{mother_id}"
    with app.app_context():
        link = db.session.scalars(select(FamilyLink)).one()
        assert link.status == LinkStatus.APPROVED and link.proof == "户口本，已在办公室核对"
    # The resident sees who linked their son, in their history.
    history = resident.get("/account/activity").get_data(as_text=True)
    assert translated("Linked a family member, having seen proof", "zh") in history
    assert "<bdi>李明</bdi>" in history


def test_two_people_opening_one_invitation_at_once_make_one_member_of_staff(app, admin, sent):
    with app.app_context():
        token = staff.invite(None, "张丽", Role.CASEWORKER, district="fukang")
    path = f"/staff/invitations/{token}"
    first, second = (Visitor(app.test_client(), sent) for _ in range(2))
    first.sign_in("13600000001")
    second.sign_in("13600000002")
    forms = []
    for visitor in (first, second):
        options = passkey_options(visitor, f"{path}/passkey-options", path)
        credential = SoftAuthenticator(app.config["WEBAUTHN_ORIGIN"]).create(options)
        page = visitor.get(path).get_data(as_text=True)
        forms.append(
            {
                "csrf_token": csrf_from(page),
                "name": "工作手机",
                "credential": json.dumps(credential),
            }
        )
    answers = at_once(
        lambda: first.client.post(path, data=forms[0]),
        lambda: second.client.post(path, data=forms[1]),
    )
    assert sorted(a.status_code for a in answers) == [302, 404]
    with app.app_context():
        joined = db.session.scalars(
            select(User).where(
                User.mobile.in_(["13600000001", "13600000002"]), User.role != "resident"
            )
        ).all()
        assert len(joined) == 1
        assert len(joined[0].passkeys) == 1


def test_a_new_link_for_a_lost_passkey_works_only_for_that_member(app, admin, sent):
    lost = staff_member(
        app, sent, own_device(app), Role.CASEWORKER, district="changji", mobile="13700000008"
    )
    with app.app_context():
        member = db.session.scalars(select(User).where(User.mobile == "13700000008")).one()
        old_passkey = member.passkeys[0].credential_id
    response = admin.submit(
        f"/staff/admin/staff/{member.id}", action=f"/staff/admin/staff/{member.id}/new-link"
    )
    assert location(response) == "/staff/invitations"
    page = admin.get("/staff/invitations").get_data(as_text=True)
    link = re.search(r'class="invitation-link">([^<]+)</bdi>', page).group(1)
    path = "/" + link.split("/", 3)[3]
    # Anyone else, even signed in, finds no invitation there.
    stranger = Visitor(app.test_client(), sent)
    stranger.sign_in("13600000003")
    assert stranger.get(path).status_code == 404
    # The member, with a code only, makes a new passkey there, which replaces the lost one.
    member_by_code = Visitor(app.test_client(), sent)
    member_by_code.sign_in("13700000008")
    assert member_by_code.get(path).status_code == 200
    new_device = own_device(app)
    assert location(make_passkey(member_by_code, new_device, path)) == "/staff"
    assert member_by_code.get("/staff/queue").status_code == 200
    with app.app_context():
        passkeys = (
            db.session.scalars(select(User).where(User.mobile == "13700000008")).one().passkeys
        )
        assert [p.credential_id for p in passkeys] == [new_device.credential_id]
        assert old_passkey != new_device.credential_id
    # The session of the lost passkey is over.
    assert location(lost.get("/staff/queue")).startswith("/sign-in")
