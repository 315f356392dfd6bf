"""Family members: asking to act for a resident, the resident's answer, acting for them with a
banner on every page, removal, and the history of what each did."""

import re

import pytest
from sqlalchemy import select

from app.config import LANGUAGES
from app.extensions import db
from app.models import Application, AuditEvent, FamilyLink, LinkStatus, User
from tests.helpers import Visitor, location, message, translated, typed_chinese
from tests.integration.journey import start

RESIDENT, DAUGHTER = "13900000001", "13900000002"
NEWCOMER = "13999999999"  # nobody has signed in with it yet
SENT = (
    "Your request is saved. The person with this number sees it when they sign in, "
    "and you can act for them once they agree."
)


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


@pytest.mark.parametrize("lang", LANGUAGES)
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
            "%(name)s", typed_chinese("王军", lang)
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


def whom_you_act_for(page: str) -> list[str]:
    """The cards of the requester's list, with what differs from card to card by design blanked:
    the number, the link's id and the forms' one-time values."""
    section = page[page.index('id="whom-you-act-for"') :]
    cards = re.findall(r'<li class="card">.*?</li>', section, flags=re.S)
    return [re.sub(r'1\d{10}|/account/family/\d+/|value="[^"]*"', "#", card) for card in cards]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_number_gets_the_same_answer(app, resident, daughter, lang):
    """Nothing tells the requester whether a number has an account: the answer and their list
    of requests read the same for both."""
    daughter.choose_language(lang)
    pages = []
    for mobile in (RESIDENT, NEWCOMER):
        response = request_link(daughter, mobile)
        assert location(response) == "/account/family"
        pages.append(daughter.get("/account/family").get_data(as_text=True))
    for page in pages:
        assert translated(SENT, lang) in page
    cards = whom_you_act_for(pages[1])
    assert len(cards) == 2 and cards[0] == cards[1]
    assert RESIDENT in pages[1] and NEWCOMER in pages[1]


def test_the_requester_does_not_see_the_residents_name_until_they_agree(app, resident, daughter):
    with app.app_context():
        mother = db.session.scalars(select(User).where(User.mobile == RESIDENT)).one()
        mother.details = {"full_name": "王军"}
        db.session.commit()
    request_link(daughter)
    assert "王军" not in daughter.get("/account/family").get_data(as_text=True)
    resident.submit("/account/family", action=f"/account/family/{the_link(app).id}/approve")
    assert "王军" in daughter.get("/account/family").get_data(as_text=True)


def test_a_request_waits_for_someone_who_has_not_signed_in_yet(app, daughter, sent):
    request_link(daughter, NEWCOMER)
    newcomer = Visitor(app.test_client(), sent)
    newcomer.sign_in(NEWCOMER)
    account = newcomer.get("/account").get_data(as_text=True)
    assert "/account/family" in account
    page = newcomer.get("/account/family").get_data(as_text=True)
    assert translated("Asking to act for you", "zh") in page and DAUGHTER in page
    history = newcomer.get("/account/activity").get_data(as_text=True)
    assert translated("Asked to act for you", "zh") in history
    newcomer.submit("/account/family", action=f"/account/family/{the_link(app).id}/approve")
    with app.app_context():
        them = db.session.scalars(select(User).where(User.mobile == NEWCOMER)).one()
    assert (
        location(daughter.submit("/account/acting", {"resident": str(them.id)})) == "/applications"
    )


def test_a_waiting_request_can_be_withdrawn_and_asked_again(app, daughter, sent):
    request_link(daughter, NEWCOMER)
    page = request_link(daughter, NEWCOMER).get_data(as_text=True)
    assert translated("You have already asked to act for this person", "zh") in page
    daughter.submit("/account/family", action=f"/account/family/{the_link(app).id}/remove")
    assert the_link(app).status == LinkStatus.REMOVED
    assert location(request_link(daughter, NEWCOMER)) == "/account/family"
    # The newcomer sees only the live request.
    newcomer = Visitor(app.test_client(), sent)
    newcomer.sign_in(NEWCOMER)
    page = newcomer.get("/account/family").get_data(as_text=True)
    assert page.count("/approve") == 1


LINK_LIMIT = (
    "You have sent a lot of requests. Wait %(num)s minute, then try again.",
    "You have sent a lot of requests. Wait %(num)s minutes, then try again.",
)


def test_link_requests_are_limited_per_requester(app, daughter):
    for n in range(10):
        assert location(request_link(daughter, f"1380000{n:04d}")) == "/account/family"
    page = request_link(daughter, NEWCOMER).get_data(as_text=True)
    before, _, after = message("zh", *LINK_LIMIT, 59).partition("59")
    assert before in page and after in page
    with app.app_context():
        assert len(db.session.scalars(select(FamilyLink)).all()) == 10
