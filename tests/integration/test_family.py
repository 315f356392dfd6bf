"""Family members: asking to act for a resident, the resident's answer, acting for them with a
banner on every page, removal, and the history of what each did."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Application, AuditEvent, FamilyLink, LinkStatus, User
from tests.helpers import Visitor, location, translated
from tests.integration.journey import start

RESIDENT, DAUGHTER = "13900000001", "13900000002"


@pytest.fixture
def resident(visitor):
    visitor.sign_in(RESIDENT)
    return visitor


@pytest.fixture
def daughter(app, sent):
    other = Visitor(app.test_client(), sent)
    other.sign_in(DAUGHTER)
    return other


def request_link(daughter, mobile=RESIDENT):
    return daughter.submit("/account/family", {"mobile": mobile, "relationship": "child"})


def the_link(app) -> FamilyLink:
    with app.app_context():
        return db.session.scalars(select(FamilyLink)).one()


def test_the_resident_agrees_and_the_family_member_acts_for_them(app, resident, daughter):
    assert location(request_link(daughter)) == "/account/family"
    link = the_link(app)
    assert link.status == LinkStatus.REQUESTED
    page = resident.get("/account/family").get_data(as_text=True)
    assert translated("Asking to act for you", "zh") in page
    resident.submit("/account/family", action=f"/account/family/{link.id}/approve")
    assert the_link(app).status == LinkStatus.APPROVED

    # The daughter chooses to act for her mother, and applies for her.
    with app.app_context():
        mother = db.session.scalars(select(User).where(User.mobile == RESIDENT)).one()
    assert (
        location(daughter.submit("/account/acting", {"resident": str(mother.id)}))
        == "/applications"
    )
    first = start(daughter)
    daughter.submit(first, {"full_name": "王军"})
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        assert application.resident_id == mother.id
        assert application.created_by_id != mother.id
    # The mother sees it among her own, and what her daughter did, by name.
    assert first.rsplit("/", 1)[0] in resident.get("/applications").get_data(as_text=True)
    history = resident.get("/account/activity").get_data(as_text=True)
    assert translated("Started an application", "zh") in history
    assert translated("Answered questions of an application", "zh") in history
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "application.started")
        ).all()
        assert [(e.actor_id, e.resident_id) for e in events] == [
            (application.created_by_id, mother.id)
        ]


@pytest.mark.parametrize("lang", ["zh", "ug"])
def test_a_banner_on_every_page_says_for_whom(app, resident, daughter, lang):
    daughter.choose_language(lang)
    request_link(daughter)
    resident.submit("/account/family", action=f"/account/family/{the_link(app).id}/approve")
    with app.app_context():
        mother = db.session.scalars(select(User).where(User.mobile == RESIDENT)).one()
        mother.details = {"full_name": "王军"}
        mother_id = mother.id
        db.session.commit()
    daughter.choose_language(lang)
    daughter.submit("/account/acting", {"resident": str(mother_id)})
    for url in ("/", "/applications", "/apply/startup-subsidy", "/privacy"):
        page = daughter.get(url).get_data(as_text=True)
        banner = translated("You are acting for %(name)s.", lang).replace(
            "%(name)s", "<bdi>王军</bdi>"
        )
        assert banner in page, url
    # For herself again: no banner.
    with app.app_context():
        own = db.session.scalars(select(User).where(User.mobile == DAUGHTER)).one().id
    daughter.submit("/account/acting", {"resident": str(own)})
    assert "acting-banner" not in daughter.get("/").get_data(as_text=True)


def test_a_refused_request_gives_no_access(app, resident, daughter):
    request_link(daughter)
    resident.submit("/account/family", action=f"/account/family/{the_link(app).id}/refuse")
    assert the_link(app).status == LinkStatus.REFUSED
    with app.app_context():
        mother = db.session.scalars(select(User).where(User.mobile == RESIDENT)).one()
    page = daughter.submit("/account/acting", {"resident": str(mother.id)}).get_data(as_text=True)
    assert translated("Select who you are acting for", "zh") in page


def test_a_removed_link_ends_acting_at_once(app, resident, daughter):
    request_link(daughter)
    link = the_link(app)
    resident.submit("/account/family", action=f"/account/family/{link.id}/approve")
    with app.app_context():
        mother = db.session.scalars(select(User).where(User.mobile == RESIDENT)).one()
    daughter.submit("/account/acting", {"resident": str(mother.id)})
    first = start(daughter)
    resident.submit("/account/family", action=f"/account/family/{link.id}/remove")
    assert the_link(app).status == LinkStatus.REMOVED
    assert daughter.get(first).status_code == 404
    assert "acting-banner" not in daughter.get("/").get_data(as_text=True)


def test_requests_that_can_not_be_made(app, resident, daughter):
    page = request_link(daughter, "13999999999").get_data(as_text=True)
    assert (
        translated(
            "Nobody has signed in with this number yet. Ask them to sign in once, then try again",
            "zh",
        )
        in page
    )
    page = request_link(daughter, DAUGHTER).get_data(as_text=True)
    assert translated("Enter the number of someone else, not your own", "zh") in page
    request_link(daughter)
    page = request_link(daughter).get_data(as_text=True)
    assert translated("You have already asked to act for this person", "zh") in page


def test_only_the_resident_answers_a_request(app, resident, daughter, sent):
    request_link(daughter)
    link = the_link(app)
    stranger = Visitor(app.test_client(), sent)
    stranger.sign_in("13900000003")
    for action in ("approve", "refuse", "remove"):
        response = stranger.submit("/account/family", action=f"/account/family/{link.id}/{action}")
        assert response.status_code == 404
    # The family member can not approve their own request either.
    response = daughter.submit("/account/family", action=f"/account/family/{link.id}/approve")
    assert response.status_code == 404
    assert the_link(app).status == LinkStatus.REQUESTED
