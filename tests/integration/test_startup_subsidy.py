"""The whole startup-subsidy journey, through the pages, in both languages."""

import re

import pytest
from sqlalchemy import func, select

from app.config import LANGUAGES
from app.extensions import db
from app.models import Application, AuditEvent, Status
from tests.helpers import csrf_from, location, translated
from tests.integration.journey import (
    GOOD_ANSWERS,
    LICENCE_PHOTO,
    NO_LICENCE,
    answer_all,
    start,
)

LANGS = list(LANGUAGES)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.parametrize("lang", LANGS)
def test_a_resident_applies_from_start_to_confirmation(app, visitor, lang):
    visitor.choose_language(lang)
    start_page = visitor.get("/apply/startup-subsidy").get_data(as_text=True)
    assert translated("Who can apply", lang) in start_page
    assert translated("How long it takes", lang) in start_page

    # "Start now" before signing in: sign in first, then straight on to the first question.
    assert location(visitor.submit("/apply/startup-subsidy")) == "/sign-in"
    response = visitor.sign_in()
    first = location(response)
    assert first.endswith("/full-name")

    check_url = answer_all(visitor, first)
    assert check_url.endswith("/check")
    check = visitor.get(check_url).get_data(as_text=True)
    # Personal numbers by their last four (tests/integration/test_kept_pages.py).
    for shown in ["王军", ">002X<", ">5678<", "91350100M000100Y43", ">8901<"]:
        assert shown in check
    assert translated("Changji City", lang) in check
    assert translated("Massage or physical therapy", lang) in check
    answer_fields = sum(len(data) for slug, data in GOOD_ANSWERS if slug != "business-started") + 1
    assert len(re.findall(r'href="[^"]*\?change=1"', check)) == answer_fields

    response = visitor.submit(check_url, {"confirm": "y"})
    confirmation = visitor.get(location(response)).get_data(as_text=True)
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        assert application.status == Status.SUBMITTED
        assert application.district == "changji"
        assert application.answers["id_number"] == "11010519491231002X"
        assert application.answers["started_on"] == "2021-06-01"
        reference = application.reference
    assert re.fullmatch(r"CJ-20\d\d-000001", reference)
    assert f'<bdi dir="ltr">{reference}</bdi>' in confirmation
    assert translated("What happens next", lang) in confirmation

    mine = visitor.get("/applications").get_data(as_text=True)
    assert reference in mine
    assert translated("Received", lang) in mine


@pytest.mark.parametrize("lang", LANGS)
def test_pages_have_the_language_and_direction(visitor, lang):
    visitor.choose_language(lang)
    page = visitor.get("/apply/startup-subsidy").get_data(as_text=True)
    expected = {
        "zh": '<html lang="zh-Hans" dir="ltr"',
        "ug": '<html lang="ug" dir="rtl"',
        "kk_Arab_CN": '<html lang="kk-Arab-CN" dir="rtl"',
    }
    assert expected[lang] in page


def test_no_licence_skips_the_licence_number(resident):
    url = answer_all(resident, start(resident), NO_LICENCE)
    assert url.endswith("/check")
    check = resident.get(url).get_data(as_text=True)
    assert "licence-code" not in check
    assert translated("No, not yet", "zh") in check


def test_changing_an_answer_returns_to_check_and_asks_new_questions(resident):
    url = answer_all(resident, start(resident), NO_LICENCE)
    application_path = url.rsplit("/", 1)[0]

    # A simple change goes straight back to the check page.
    response = resident.submit(
        f"{application_path}/business-name?change=1", {"business_name": "新店"}
    )
    assert location(response) == f"{application_path}/check"

    # Saying yes to the licence now asks for its number, then returns to the check page.
    response = resident.submit(
        f"{application_path}/business-licence?change=1", {"has_licence": "yes"}
    )
    assert location(response) == f"{application_path}/licence-code?change=1"
    page = resident.get(location(response)).get_data(as_text=True)
    assert f'href="{application_path}/check"' in page  # the back link returns to the check page
    response = resident.submit(location(response), {"licence_code": "91350100M000100Y43"})
    # ... and its photo, which a licence now calls for, then back to the check page.
    assert location(response) == f"{application_path}/licence-photo?change=1"
    response = resident.submit(location(response), {"licence_photo": LICENCE_PHOTO})
    assert location(response) == f"{application_path}/check"


def test_answers_are_kept_and_a_draft_resumes_where_it_stopped(app, client, sent, visitor):
    visitor.sign_in()
    first = start(visitor)
    url = first
    for _slug, data in GOOD_ANSWERS[:3]:
        url = location(visitor.submit(url, data))
    assert url.endswith("/mobile")

    # Days later, on another phone: sign in again and continue from My applications.
    other_phone = type(visitor)(app.test_client(), sent)
    other_phone.sign_in()
    mine = other_phone.get("/applications").get_data(as_text=True)
    assert translated("Not submitted yet", "zh") in mine
    resume = re.search(
        r'<a href="([^"]+)"[^>]*>' + translated("Continue your application", "zh"), mine
    )
    assert resume.group(1) == url
    # The earlier answers are on their pages.
    assert 'value="王军"' in other_phone.get(first).get_data(as_text=True)
    # "Start now" again continues the same draft instead of making a second one.
    assert start(other_phone) == url
    with app.app_context():
        assert count(Application) == 1


def test_the_mobile_question_offers_the_number_signed_in_with(resident):
    first = start(resident)
    url = first
    for _slug, data in GOOD_ANSWERS[:3]:
        url = location(resident.submit(url, data))
    page = resident.get(url).get_data(as_text=True)
    assert 'value="13912345678"' in page
    # Offered, but not from an earlier application: no notice says so.
    assert 'class="notice"' not in page


def test_submitting_twice_makes_one_application(app, resident):
    check_url = answer_all(resident, start(resident))
    page = resident.get(check_url).get_data(as_text=True)
    token = csrf_from(page)
    first = resident.client.post(check_url, data={"csrf_token": token, "confirm": "y"})
    second = resident.client.post(check_url, data={"csrf_token": token, "confirm": "y"})
    assert location(first) == location(second)
    assert location(second).endswith("/confirmation")
    with app.app_context():
        assert count(Application) == 1
        assert count(AuditEvent, AuditEvent.action == "application.submitted") == 1
    # Back, then submit again: the same receipt, still one application.
    again = resident.client.post(check_url, data={"csrf_token": token, "confirm": "y"})
    assert location(again) == location(first)
    with app.app_context():
        assert count(Application) == 1


def test_a_submitted_application_can_no_longer_be_changed(app, resident):
    check_url = answer_all(resident, start(resident))
    resident.submit(check_url, {"confirm": "y"})
    application_path = check_url.rsplit("/", 1)[0]
    response = resident.get(f"{application_path}/full-name")
    assert location(response) == application_path
    page = resident.get(application_path).get_data(as_text=True)
    assert "王军" in page
    assert "?change=1" not in page


def test_the_declaration_must_be_ticked(app, resident):
    check_url = answer_all(resident, start(resident))
    response = resident.submit(check_url, {})
    assert response.status_code == 200
    assert translated(
        "Tick the box to confirm that your answers are true", "zh"
    ) in response.get_data(as_text=True)
    with app.app_context():
        assert count(Application, Application.status == Status.DRAFT) == 1


def test_a_changed_id_number_sends_the_resident_back_to_the_certificate(resident):
    check_url = answer_all(resident, start(resident))
    application_path = check_url.rsplit("/", 1)[0]
    response = resident.submit(
        f"{application_path}/id-number?change=1", {"id_number": "652301198503151233"}
    )
    # The certificate no longer holds the ID number: that page comes next, with the error shown.
    assert location(response) == f"{application_path}/certificate-number?change=1"
    page = resident.get(location(response)).get_data(as_text=True)
    assert (
        translated(
            "The first 18 characters must be the same as your ID number. Check both numbers", "zh"
        )
        in page
    )
    assert location(resident.get(check_url)) == f"{application_path}/certificate-number?change=1"
    # Put right on that page, the resident is back on the check page.
    response = resident.submit(
        f"{application_path}/certificate-number?change=1",
        {"certificate_number": "652301198503151233" + "11"},
    )
    assert location(response) == check_url


def test_start_twice_at_once_makes_one_draft(app, resident):
    # Two taps on "Start now": the second finds the first's draft.
    assert start(resident) == start(resident)
    with app.app_context():
        assert count(Application) == 1


def test_switching_language_mid_journey_keeps_the_page_and_the_answers(resident):
    first = start(resident)
    url = location(resident.submit(first, GOOD_ANSWERS[0][1]))
    assert url.endswith("/id-number")
    response = resident.get(url + "?lang=ug")
    assert location(response) == url
    page = resident.get(url).get_data(as_text=True)
    assert '<html lang="ug" dir="rtl"' in page
    assert translated("What is your ID number?", "ug") in page
    # The answer given in Chinese is still there, on the page before, now in Uyghur.
    previous = resident.get(first).get_data(as_text=True)
    assert 'value="王军"' in previous and translated("What is your full name?", "ug") in previous
