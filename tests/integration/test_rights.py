"""Residents' rights over their data (PIPL): consent asked on its own before the first
application, everything held as a page and a file, who looked at the file, closing the account,
and the purge of what has passed its time."""

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.config import LANGUAGES
from app.demo import load_demo_services
from app.extensions import db
from app.models import (
    Application,
    Booking,
    Consent,
    Document,
    FamilyLink,
    Role,
    SignInCode,
    Slot,
    Status,
    User,
)
from app.models.base import utcnow
from app.services import consent
from tests.helpers import Visitor, location, message, staff_member, translated, typed_chinese
from tests.integration.journey import answer_all
from tests.integration.walker import GRADE_1, book, confirm, give_details

MOBILE = "13912345678"
ID_NUMBER = "11010519491231002X"
ACCOUNT = "6228480012345678901"


@pytest.fixture
def newcomer(visitor):
    """A resident who has signed in and not yet been asked for consent."""
    visitor.sign_in(MOBILE, consent=False)
    return visitor


def consents_of(app, mobile: str) -> list[Consent]:
    with app.app_context():
        user = db.session.scalars(select(User).where(User.mobile == mobile)).one()
        found = db.session.scalars(select(Consent).where(Consent.resident_id == user.id)).all()
        db.session.expunge_all()
        return found


def applications_count(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Application)).all())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_consent_is_asked_on_its_own_before_the_first_application(app, newcomer, lang):
    newcomer.choose_language(lang)
    assert location(newcomer.submit("/apply/startup-subsidy")) == "/consent"
    page = newcomer.get("/consent").get_data(as_text=True)
    assert translated("Before you apply: your sensitive personal information", lang) in page
    assert translated("What we collect", lang) in page
    assert translated("How long we keep it", lang) in page
    assert applications_count(app) == 0
    # Agreeing goes straight on to the programme's first question.
    first = location(newcomer.submit("/consent", {"answer": "agree"}))
    assert first.endswith("/full-name")
    (given,) = consents_of(app, MOBILE)
    assert (given.agreed, given.version) == (True, consent.VERSION)
    assert given.at is not None
    # Asked once: the next programme starts at once.
    assert "/consent" not in location(newcomer.submit("/apply/nursing-allowance"))


def test_consent_needs_an_answer(newcomer):
    newcomer.submit("/apply/startup-subsidy")
    page = newcomer.submit("/consent", {}).get_data(as_text=True)
    assert translated("Select yes if you agree, or no if you do not", "zh") in page


def test_refusing_is_recorded_explained_and_traps_nobody(app, newcomer):
    newcomer.submit("/apply/startup-subsidy")
    assert location(newcomer.submit("/consent", {"answer": "refuse"})) == "/consent/not-given"
    page = newcomer.get("/consent/not-given").get_data(as_text=True)
    assert translated("You have not agreed", "zh") in page
    assert 'href="/consent"' in page and 'href="/"' in page
    assert applications_count(app) == 0
    assert [c.agreed for c in consents_of(app, MOBILE)] == [False]
    # Other pages work as before; applying asks again.
    assert newcomer.get("/applications").status_code == 200
    assert location(newcomer.submit("/apply/startup-subsidy")) == "/consent"
    assert location(newcomer.submit("/consent", {"answer": "agree"})).endswith("/full-name")


def test_a_draft_without_consent_asks_first_and_then_comes_back(app, resident):
    first = location(resident.submit("/apply/startup-subsidy"))
    resident.submit("/account/your-data", action="/account/your-data/withdraw-consent")
    assert location(resident.get(first)) == "/consent"
    assert location(resident.submit("/consent", {"answer": "agree"})) == first


def test_a_family_member_gives_consent_for_the_resident_and_it_says_so(app, sent):
    resident = Visitor(app.test_client(), sent)
    resident.sign_in("13900000001", consent=False)
    daughter = Visitor(app.test_client(), sent)
    daughter.sign_in("13900000002")
    daughter.submit("/account/family", {"mobile": "13900000001", "relationship": "child"})
    with app.app_context():
        link = db.session.scalars(select(FamilyLink)).one().id
    resident.submit("/account/family", action=f"/account/family/{link}/approve")
    with app.app_context():
        resident_id = db.session.scalars(select(User.id).where(User.mobile == "13900000001")).one()
    daughter.submit("/account/acting", {"resident": str(resident_id)})
    assert location(daughter.submit("/apply/startup-subsidy")) == "/consent"
    page = daughter.get("/consent").get_data(as_text=True)
    # The page names the resident the consent is for.
    before, after = message(
        "zh", "Before you apply for %(name)s: their sensitive personal information", name="|"
    ).split("|")
    assert f"{before}<bdi>139****0001</bdi>{after}" in page
    daughter.submit("/consent", {"answer": "agree"})
    (given,) = consents_of(app, "13900000001")
    with app.app_context():
        assert db.session.get(User, given.given_by_id).mobile == "13900000002"


@pytest.fixture
def caseworker(app, sent, authenticator):
    return staff_member(app, sent, authenticator, Role.CASEWORKER, district="changji")


def test_your_data_shows_everything_and_gives_it_as_a_file(app, resident):
    with app.app_context():
        load_demo_services()
    resident.submit(
        answer_all(resident, location(resident.submit("/apply/startup-subsidy"))), {"confirm": "y"}
    )
    give_details(app, MOBILE, certificate_number=GRADE_1, district="changji", home_address="昌吉")
    book(resident, "meal_help", details={"address": "昌吉市延安北路 1 号", "needs": "少放盐"})
    confirm(resident)
    response = resident.get("/account/your-data")
    assert response.headers["Cache-Control"] == "private, no-store"
    page = response.get_data(as_text=True)
    for shown in (ID_NUMBER, "达康盲人推拿店", "少放盐", MOBILE, "营业执照.jpg"):
        assert shown in page, shown

    download = resident.get("/account/your-data/file")
    assert download.headers["Content-Disposition"] == 'attachment; filename="your-data.zip"'
    with zipfile.ZipFile(io.BytesIO(download.get_data())) as archive:
        held = json.loads(archive.read("your-data.json"))
        (document,) = held["documents"]
        photo = archive.read(document["file"])
    (application,) = held["applications"]
    assert application["answers"]["id_number"] == ID_NUMBER
    assert application["answers"]["account_number"] == ACCOUNT
    assert held["bookings"][0]["needs"] == "少放盐"
    assert held["account"]["mobile"] == MOBILE
    assert held["consents"][0]["agreed"] is True
    assert photo.startswith(b"\xff\xd8")
    assert any(e["action"] == "application.submitted" for e in held["what_was_done_in_your_name"])


def test_your_data_is_only_ever_ones_own(app, resident, sent, caseworker):
    resident.submit(
        answer_all(resident, location(resident.submit("/apply/startup-subsidy"))), {"confirm": "y"}
    )
    stranger = Visitor(app.test_client(), sent)
    stranger.sign_in("13900000009")
    assert ID_NUMBER not in stranger.get("/account/your-data").get_data(as_text=True)
    with zipfile.ZipFile(io.BytesIO(stranger.get("/account/your-data/file").get_data())) as z:
        assert json.loads(z.read("your-data.json"))["applications"] == []
    assert caseworker.get("/account/your-data").status_code == 404


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_resident_sees_who_looked_at_their_file(app, resident, caseworker, lang):
    resident.submit(
        answer_all(resident, location(resident.submit("/apply/startup-subsidy"))), {"confirm": "y"}
    )
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        document = db.session.scalars(select(Document)).one()
        application_id, document_id, resident_id = (
            application.id,
            document.id,
            application.resident_id,
        )
    resident.choose_language(lang)
    page = resident.get("/account/who-looked").get_data(as_text=True)
    assert translated("Nobody from the federation has looked at your file.", lang) in page
    caseworker.get(f"/staff/applications/{application_id}")
    caseworker.get(f"/documents/{document_id}").close()
    caseworker.get(f"/staff/residents/{resident_id}")
    page = resident.get("/account/who-looked").get_data(as_text=True)
    for what in (
        "Looked at your application",
        "Looked at your document",
        "Looked at your page in the caseworkers' office",
    ):
        assert translated(what, lang) in page
    assert page.count(typed_chinese("李明", lang)) == 3
    # Reads are kept apart from what was done in the resident's name.
    activity = resident.get("/account/activity").get_data(as_text=True)
    assert translated("Looked at your application", lang) not in activity


def stored_files(app) -> set[str]:
    return {p.name for p in Path(app.config["UPLOAD_FOLDER"]).iterdir()}


def test_closing_deletes_what_it_may_and_keeps_what_it_must(app, resident, sent, caseworker):
    with app.app_context():
        load_demo_services()
    # A decided application (kept), an undecided one and a draft (deleted), a booking.
    resident.submit(
        answer_all(resident, location(resident.submit("/apply/startup-subsidy"))), {"confirm": "y"}
    )
    with app.app_context():
        decided = db.session.scalars(select(Application)).one()
        decided_id = decided.id
    caseworker.submit(f"/staff/applications/{decided_id}/approve", {"amount": "5000"})
    resident.submit("/apply/nursing-allowance")
    give_details(app, MOBILE, certificate_number=GRADE_1, district="changji", home_address="昌吉")
    book(resident, "rehab")
    confirm(resident)
    with app.app_context():
        booking = db.session.scalars(select(Booking)).one()
        slot_id, places = booking.slot_id, booking.slot.places_left
    files_before = stored_files(app)
    other_phone = Visitor(app.test_client(), sent)
    other_phone.sign_in(MOBILE)

    page = resident.get("/account/close").get_data(as_text=True)
    assert translated("What the federation must keep", "zh") in page
    response = resident.submit("/account/close", {"sure": "yes"})
    assert location(response) == "/"
    assert translated(
        "Your account is closed. You can make a new one with your number at any time.", "zh"
    ) in resident.get("/").get_data(as_text=True)
    assert location(other_phone.get("/account")).startswith("/sign-in")
    with app.app_context():
        assert [a.id for a in db.session.scalars(select(Application))] == [decided_id]
        assert db.session.scalars(select(Booking)).all() == []
        assert db.session.get(Slot, slot_id).places_left == places + 1
        closed = db.session.scalars(select(User).where(User.closed_at.is_not(None))).one()
        assert (closed.mobile, closed.details, closed.passkeys) == (None, {}, [])
        assert db.session.scalars(select(SignInCode)).all() == []
    # The decided application keeps its photo; nothing else was stored.
    assert stored_files(app) == files_before
    # The number makes a new, empty account.
    again = Visitor(app.test_client(), sent)
    again.sign_in(MOBILE)
    assert ID_NUMBER not in again.get("/account/your-data").get_data(as_text=True)


def test_closing_waits_for_a_device_on_loan(app, resident, sent, authenticator):
    with app.app_context():
        load_demo_services()
    give_details(app, MOBILE, certificate_number=GRADE_1, district="changji", home_address="昌吉")
    book(resident, "device_loan")
    confirm(resident)
    with app.app_context():
        booking = db.session.scalars(select(Booking)).one()
        booking.status = "lent"
        booking.due_on = utcnow().date() + timedelta(days=30)
        db.session.commit()
    page = resident.submit("/account/close", {"sure": "yes"}).get_data(as_text=True)
    assert (
        translated(
            "You still have a device on loan. Bring it back first, then close your account.", "zh"
        )
        in page
    )
    assert resident.get("/account").status_code == 200


def test_no_keeps_the_account(resident):
    assert location(resident.submit("/account/close", {"sure": "no"})) == "/account"
    assert resident.get("/account").status_code == 200


def test_the_purge_deletes_a_closed_accounts_decided_applications_after_their_time(
    app, resident, caseworker, sent
):
    resident.submit(
        answer_all(resident, location(resident.submit("/apply/startup-subsidy"))), {"confirm": "y"}
    )
    with app.app_context():
        decided_id = db.session.scalars(select(Application.id)).one()
    caseworker.submit(
        f"/staff/applications/{decided_id}/reject", {"reason": "not_eligible", "note": ""}
    )
    # Another resident's decided application, not closed: never purged.
    other = Visitor(app.test_client(), sent)
    other.sign_in("13900000005")
    other.submit(
        answer_all(other, location(other.submit("/apply/startup-subsidy"))), {"confirm": "y"}
    )
    with app.app_context():
        files = {
            d.storage_key: d.resident_id == decided_resident(decided_id)
            for d in db.session.scalars(select(Document))
        }
    resident.submit("/account/close", {"sure": "yes"})
    runner = app.test_cli_runner()
    assert "applications deleted: 0" in runner.invoke(args=["purge"]).output
    with app.app_context():
        years = app.config["RETENTION_YEARS"]
        for application in db.session.scalars(select(Application)):
            application.updated_at = utcnow() - timedelta(days=365 * years + 1)
        db.session.commit()
    output = runner.invoke(args=["purge"]).output
    assert "applications deleted: 1" in output
    with app.app_context():
        left = db.session.scalars(select(Application)).all()
        assert [a.status for a in left] == [Status.SUBMITTED]
        assert db.session.scalars(
            select(Consent).where(Consent.resident_id == left[0].resident_id)
        ).all()
        assert len(db.session.scalars(select(Document)).all()) == 1
    kept_on_disk = stored_files(app)
    assert {key for key, closed in files.items() if closed} & kept_on_disk == set()
    assert {key for key, closed in files.items() if not closed} <= kept_on_disk


def decided_resident(application_id: int) -> int:
    return db.session.get(Application, application_id).resident_id
