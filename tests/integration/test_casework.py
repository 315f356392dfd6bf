"""The caseworkers' office: the district's queue, every decision allowed and refused by the
application's state, the district kept to itself, and each decision told to the resident in
the resident's language, in the inbox and by text message."""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.casework.views import DECISIONS
from app.config import LANGUAGES
from app.extensions import db
from app.models import Application, Notification, Role, Status
from app.models.base import utcnow
from app.services.applications import STEP_ALLOWED_FROM
from tests.fixtures.applications import ID_NUMBER, submitted_application
from tests.helpers import location, message, own_device, staff_member, translated
from tests.integration.journey import answer_all, start


@pytest.fixture
def caseworker(app, sent, authenticator):
    return staff_member(app, sent, authenticator, Role.CASEWORKER, district="changji")


@pytest.fixture
def fukang_caseworker(app, sent, authenticator):
    return staff_member(
        app, sent, own_device(app), Role.CASEWORKER, district="fukang", mobile="13700000001"
    )


def status_of(app, application_id: int) -> str:
    with app.app_context():
        return db.session.get(Application, application_id).status


def test_the_queue_holds_the_districts_waiting_applications_oldest_first(app, caseworker):
    with app.app_context():
        newer = submitted_application(days_ago=1, name="新申请")
        older = submitted_application(days_ago=9, name="老申请")
        submitted_application(district="fukang", name="阜康的")
        submitted_application(status=Status.PAID, name="已支付")
    page = caseworker.get("/staff/queue").get_data(as_text=True)
    assert page.index(f"/staff/applications/{older}") < page.index(f"/staff/applications/{newer}")
    assert "阜康的" not in page and "已支付" not in page
    assert "110***********002X" in page and ID_NUMBER not in page  # masked in the list
    paid = caseworker.get("/staff/queue?status=paid").get_data(as_text=True)
    assert "已支付" in paid and "老申请" not in paid
    other = caseworker.get("/staff/queue?programme=living-allowance").get_data(as_text=True)
    assert translated("No applications match.", "zh") in other


@pytest.mark.parametrize(
    "typed",
    ["cj-{year}-{id:06d}", "110105 19491231 002x", "王军"],
    ids=["reference", "id number as typed", "name"],
)
def test_the_queue_finds_by_reference_id_number_or_name(app, caseworker, typed):
    with app.app_context():
        wanted = submitted_application()
        submitted_application(name="李四", id_number="110105194912310021")
        year = db.session.get(Application, wanted).submitted_at.year
    search = typed.format(year=year, id=wanted)
    page = caseworker.get("/staff/queue", query_string={"search": search}).get_data(as_text=True)
    assert f"/staff/applications/{wanted}" in page
    assert "李四" not in page


def test_the_queue_comes_in_pages(app, caseworker):
    with app.app_context():
        made = [submitted_application(days_ago=40 - i) for i in range(30)]
    first = caseworker.get("/staff/queue").get_data(as_text=True)
    second = caseworker.get("/staff/queue?page=2").get_data(as_text=True)
    assert (
        f'/staff/applications/{made[24]}"' in first
        and f'/staff/applications/{made[25]}"' not in first
    )
    assert f'/staff/applications/{made[25]}"' in second
    assert translated("Next page", "zh") in first and translated("Previous page", "zh") in second


def test_a_caseworker_never_reaches_another_districts_applications(app, fukang_caseworker):
    with app.app_context():
        changji = submitted_application()
    assert fukang_caseworker.get(f"/staff/applications/{changji}").status_code == 404
    for name in DECISIONS:
        url = f"/staff/applications/{changji}/{name}"
        assert fukang_caseworker.get(url).status_code == 404
    page = fukang_caseworker.get("/staff").get_data(as_text=True)
    response = fukang_caseworker.client.post(
        f"/staff/applications/{changji}/approve",
        data={"csrf_token": _token(page), "amount": "5000"},
    )
    assert response.status_code == 404
    assert status_of(app, changji) == Status.SUBMITTED


def _token(page: str) -> str:
    from tests.helpers import csrf_from

    return csrf_from(page, header=True)


def test_residents_and_station_staff_have_no_queue(app, resident, sent, authenticator):
    assert resident.get("/staff/queue").status_code == 404
    station = staff_member(
        app, sent, own_device(app), Role.STATION_STAFF, station="x", mobile="13700000002"
    )
    assert station.get("/staff/queue").status_code == 404


GOOD = {
    "request-information": {"request": "certificate_photo", "note": ""},
    "approve": {"amount": "5000"},
    "reject": {"reason": "not_eligible", "note": ""},
    "payment": {
        "paid_on-day": "1",
        "paid_on-month": "12",
        "paid_on-year": "2025",
        "amount": "5000",
        "reference": "ABC-123456",
    },
}
LEADS_TO = {
    "request-information": Status.MORE_INFO,
    "approve": Status.APPROVED,
    "reject": Status.REJECTED,
    "payment": Status.PAID,
}


@pytest.mark.parametrize("name", list(DECISIONS))
@pytest.mark.parametrize("state", [s for s in Status if s != Status.DRAFT])
def test_each_decision_is_taken_only_where_the_state_allows(app, caseworker, name, state):
    with app.app_context():
        application_id = submitted_application(status=state)
    url = f"/staff/applications/{application_id}/{name}"
    allowed = state in STEP_ALLOWED_FROM[DECISIONS[name].step]
    if allowed:
        assert caseworker.get(url).status_code == 200
        response = caseworker.submit(url, GOOD[name])
        assert location(response) == f"/staff/applications/{application_id}"
        assert status_of(app, application_id) == LEADS_TO[name]
    else:
        response = caseworker.get(url)
        assert location(response) == f"/staff/applications/{application_id}"
        page = caseworker.get(location(response)).get_data(as_text=True)
        assert (
            translated(
                "That can not be done now: the application has moved on. Here is where it is.", "zh"
            )
            in page
        )
        assert status_of(app, application_id) == state


def test_the_review_page_offers_only_what_the_state_allows(app, caseworker):
    with app.app_context():
        approved = submitted_application(status=Status.APPROVED)
    page = caseworker.get(f"/staff/applications/{approved}").get_data(as_text=True)
    assert f"/staff/applications/{approved}/payment" in page
    for name in ("approve", "reject", "request-information"):
        assert f'/staff/applications/{approved}/{name}"' not in page


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("approve", {"amount": ""}, "Enter the amount approved"),
        ("approve", {"amount": "0"}, "The amount must be more than 0"),
        ("reject", {"reason": "other", "note": ""}, "Explain the reason to the resident"),
        (
            "request-information",
            {"request": "own", "note": ""},
            "Write what you need from the resident",
        ),
        (
            "payment",
            {**GOOD["payment"], "paid_on-day": "", "paid_on-month": "", "paid_on-year": ""},
            "Enter the day it was paid",
        ),
        (
            "payment",
            {**GOOD["payment"], "paid_on-year": "2999"},
            "The day it was paid must be today or earlier",
        ),
        (
            "payment",
            {**GOOD["payment"], "reference": "银行"},
            "The payment reference has 4 to 40 letters, digits and hyphens",
        ),
    ],
)
def test_a_decision_with_a_mistake_is_explained(app, caseworker, name, data, error):
    with app.app_context():
        application_id = submitted_application(
            status=Status.APPROVED if name == "payment" else Status.UNDER_REVIEW
        )
    response = caseworker.submit(f"/staff/applications/{application_id}/{name}", data)
    assert response.status_code == 200
    assert translated(error, "zh") in response.get_data(as_text=True)
    assert status_of(app, application_id) in (Status.APPROVED, Status.UNDER_REVIEW)


def test_taking_an_application_starts_its_review(app, caseworker):
    with app.app_context():
        application_id = submitted_application()
    page = caseworker.get(f"/staff/applications/{application_id}").get_data(as_text=True)
    from tests.helpers import csrf_from

    caseworker.client.post(
        f"/staff/applications/{application_id}/assign",
        data={"csrf_token": csrf_from(page)},
    )
    assert status_of(app, application_id) == Status.UNDER_REVIEW
    queue = caseworker.get("/staff/queue").get_data(as_text=True)
    assert translated("Taken by you", "zh") in queue


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_decision_reaches_the_resident_in_the_residents_language(
    app, resident, caseworker, sent, lang
):
    """The caseworker works in Chinese; the resident reads in their own language."""
    resident.choose_language(lang)
    check = answer_all(resident, start(resident))
    resident.submit(check, {"confirm": "y"})
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        application_id, reference = application.id, application.reference
    caseworker.submit(
        f"/staff/applications/{application_id}/request-information",
        {"request": "licence_photo", "note": "背面也要。"},
    )
    caseworker.submit(f"/staff/applications/{application_id}/reject", GOOD["reject"])

    texts = [text for to, text in sent if to == "13912345678"][-2:]
    assert (
        message(
            lang, "We need more information for application %(reference)s.", reference=reference
        )
        in texts[0]
    )
    assert message(lang, "Please send a clear photo of your business licence.") in texts[0]
    assert (
        message(lang, "Application %(reference)s is not approved.", reference=reference) in texts[1]
    )
    assert message(lang, "The programme's conditions are not met.") in texts[1]

    home = resident.get("/").get_data(as_text=True)
    assert translated("Messages (%(num)s new)", lang, num=2) in home
    inbox = resident.get("/account/messages").get_data(as_text=True)
    assert translated("Please send a clear photo of your business licence.", lang) in inbox
    # Read now: the inbox's own menu no longer counts them (not the count the page began with).
    assert translated("Messages (%(num)s new)", lang, num=2) not in inbox
    marked = "<bdi>" if lang == "zh" else '<bdi lang="zh-Hans" dir="ltr">'
    assert f"{marked}背面也要。</bdi>" in inbox
    assert translated("Messages (%(num)s new)", lang, num=2) not in resident.get("/").get_data(
        as_text=True
    )
    timeline = resident.get(f"/applications/{application_id}").get_data(as_text=True)
    assert translated("The programme's conditions are not met.", lang) in timeline


def test_a_message_that_could_not_be_sent_goes_later(app, caseworker, resident, monkeypatch):
    from app.services import messaging, notifications

    with app.app_context():
        application_id = submitted_application(status=Status.UNDER_REVIEW)

    def broken(*args):
        raise OSError("the gateway is down")

    monkeypatch.setattr(messaging.MemorySender, "send", broken)
    caseworker.submit(f"/staff/applications/{application_id}/approve", GOOD["approve"])
    assert status_of(app, application_id) == Status.APPROVED  # the decision stands
    monkeypatch.undo()
    with app.app_context():
        assert notifications.send_unsent() == 0  # after a pause (tests/integration/test_sms.py)
        later = utcnow() + messaging.BACKOFF[0]
        assert notifications.send_unsent(later) == 1
        assert notifications.send_unsent(later) == 0
        assert (
            db.session.scalar(
                select(func.count()).select_from(Notification).where(Notification.sent_at.is_(None))
            )
            == 0
        )


def test_payment_and_decision_land_in_the_figures_columns(app, caseworker):
    with app.app_context():
        application_id = submitted_application(status=Status.UNDER_REVIEW)
    caseworker.submit(f"/staff/applications/{application_id}/approve", {"amount": "4800"})
    caseworker.submit(
        f"/staff/applications/{application_id}/payment", {**GOOD["payment"], "amount": "4800"}
    )
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.approved_yuan == 4800 and application.paid_yuan == 4800
        assert application.paid_on == date(2025, 12, 1) and application.decided_at is not None
    page = caseworker.get(f"/staff/applications/{application_id}").get_data(as_text=True)
    assert "ABC-123456" in page
