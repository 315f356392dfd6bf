"""Every programme, from start to submission, in both languages; conditional pages, an "add
another" group, eligibility rules on the page that shows them, and details entered once."""

import pytest
from flask import current_app
from sqlalchemy import select

from app import programmes
from app.config import LANGUAGES
from app.extensions import db
from app.models import Application, Document, Status
from tests.helpers import location, translated
from tests.integration.walker import page_data, walk

CODES = [
    "startup-subsidy",
    "operating-subsidy",
    "living-allowance",
    "nursing-allowance",
    "home-modification",
    "student-aid",
    "temporary-relief",
]


def programme(app, code):
    with app.app_context():
        return current_app.extensions["programmes"][code]


def test_the_service_offers_exactly_these_programmes(app):
    with app.app_context():
        assert [p.code for p in programmes.all_programmes()] == CODES


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", CODES)
def test_each_programme_from_start_to_submission(app, resident, code, lang):
    resident.choose_language(lang)
    spec = programme(app, code)
    start = resident.get(f"/apply/{code}").get_data(as_text=True)
    assert translated(spec.spec.title, lang) in start
    check = walk(resident, spec)
    page = resident.get(check).get_data(as_text=True)
    assert translated("Check your answers before you submit", lang) in page
    response = resident.submit(check, {"confirm": "y"})
    assert location(response).endswith("/confirmation")
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        assert application.status == Status.SUBMITTED
        assert application.programme == code
        asked = [p for p in spec.asked(application.answers)]
        assert all(p.is_answered(application.answers) for p in asked)
        files = db.session.scalars(select(Document)).all()
        named = [i for p in asked for n in p.file_fields for i in application.answers.get(n) or []]
        assert sorted(d.id for d in files) == sorted(named)
    detail = resident.get(location(response).rsplit("/", 1)[0]).get_data(as_text=True)
    assert translated("What has happened so far", lang) in detail


def test_an_add_another_group_of_three_members(app, resident):
    living = programme(app, "living-allowance")
    check = walk(resident, living, group_items=3)
    page = resident.get(check).get_data(as_text=True)
    for number in (1, 2, 3):
        assert translated("Household member %(num)s", "zh", num=number) in page
    assert translated("Household member %(num)s", "zh", num=4) not in page
    # The list page offers to change or remove each member, by name of the member.
    listing = resident.get(check.rsplit("/", 1)[0] + "/household").get_data(as_text=True)
    for number in (1, 2, 3):
        member = translated("Household member %(num)s", "zh", num=number)
        assert translated("Remove %(name)s", "zh", name=member) in listing
        assert f"/household/{number}/remove" in listing
    assert "/remove" not in page  # not on the check page, which has no form around its list
    with app.app_context():
        answers = db.session.scalars(select(Application)).one().answers
    assert len(answers["household"]) == 3
    assert answers["household"][0] == {
        "member_name": "测试",
        "relationship": "self",
        "monthly_income": 1500,
    }


def test_group_items_can_be_changed_and_removed(app, resident):
    living = programme(app, "living-allowance")
    check = walk(resident, living, group_items=2)
    base = check.rsplit("/", 1)[0]
    # Change the second member from "Check your answers".
    response = resident.submit(
        f"{base}/household/2?change=1",
        {"member_name": "阿依古丽", "relationship": "child", "monthly_income": "0"},
    )
    assert location(response) == f"{base}/household?change=1"
    # Remove the first one, from the list.
    response = resident.submit(
        f"{base}/household?change=1", action=f"{base}/household/1/remove?change=1"
    )
    assert location(response) == f"{base}/household?change=1"
    with app.app_context():
        household = db.session.scalars(select(Application)).one().answers["household"]
    assert household == [{"member_name": "阿依古丽", "relationship": "child", "monthly_income": 0}]
    # "No" to adding another goes back to the check page.
    assert location(resident.submit(f"{base}/household?change=1", {"add": "no"})) == check


def test_the_group_list_asks_whether_to_add_another(resident, app):
    living = programme(app, "living-allowance")
    check = walk(resident, living, group_items=1)
    base = check.rsplit("/", 1)[0]
    page = resident.submit(f"{base}/household", {}).get_data(as_text=True)
    assert translated("Select whether you need to add another household member", "zh") in page


def test_conditional_pages_are_asked_or_skipped(app, resident):
    student = programme(app, "student-aid")
    check = walk(resident, student)  # the first option: the student is the resident
    base = check.rsplit("/", 1)[0]
    page = resident.get(check).get_data(as_text=True)
    assert "child-id-number" not in page
    # Now the student is the resident's child: the child's pages are asked, then the check page.
    response = resident.submit(f"{base}/student-is?change=1", {"student_is": "child"})
    assert "child" in location(response)
    while not location(response).endswith("/check"):
        url = location(response)
        page = student.page(url.split("?")[0].split("/")[3])
        response = resident.submit(url, page_data(page.spec))
    assert "child-id-number" in resident.get(check).get_data(as_text=True)


def test_a_rule_is_shown_on_the_page_whose_answer_breaks_it(app, resident):
    nursing = programme(app, "nursing-allowance")
    url = location(resident.submit("/apply/nursing-allowance"))
    base = url.rsplit("/", 1)[0]
    resident.submit(url, {"full_name": "王军"})
    resident.submit(f"{base}/id-number", {"id_number": "11010519491231002X"})
    response = resident.submit(
        f"{base}/certificate-number", {"certificate_number": "11010519491231002X13"}
    )
    assert response.status_code == 200
    rule = next(r for r in nursing.spec.eligibility if r.fact == "grade")
    assert translated(rule.no, "zh") in response.get_data(as_text=True)

    living = programme(app, "living-allowance")
    url = location(resident.submit("/apply/living-allowance"))
    response = resident.submit(url.rsplit("/", 1)[0] + "/low-income", {"low_income": "no"})
    rule = next(r for r in living.spec.eligibility if r.fact == "low_income")
    assert translated(rule.no, "zh") in response.get_data(as_text=True)


def test_details_are_entered_once(app, resident):
    check = walk(resident, programme(app, "startup-subsidy"))
    resident.submit(check, {"confirm": "y"})
    # The next application offers what was given, and says so.
    first = location(resident.submit("/apply/nursing-allowance"))
    page = resident.get(first).get_data(as_text=True)
    assert 'value="测试"' in page
    notice = (
        "We filled this in with what you told us in an earlier application. "
        "Check it is still right, change it if not, then continue."
    )
    assert translated(notice, "zh") in page
    base = first.rsplit("/", 1)[0]
    bank = resident.get(f"{base}/bank-account").get_data(as_text=True)
    assert 'value="6228480012345678901"' in bank
    # It can be changed: what is typed is what is kept.
    resident.submit(first, {"full_name": "王小军"})
    with app.app_context():
        draft = db.session.scalars(
            select(Application).where(Application.status == Status.DRAFT)
        ).one()
        assert draft.answers["full_name"] == "王小军"
    assert translated(notice, "zh") not in resident.get(first).get_data(as_text=True)


@pytest.mark.parametrize(
    ("facts", "likely", "unlikely"),
    [
        (
            {
                "grade": "1",
                "low_income": "dibao",
                "business": "no",
                "student": "no",
                "home_barriers": "yes",
                "emergency": "no",
            },
            {"living-allowance", "nursing-allowance", "home-modification"},
            {"startup-subsidy", "operating-subsidy", "student-aid", "temporary-relief"},
        ),
        (
            {
                "grade": "3",
                "low_income": "no",
                "business": "new",
                "student": "no",
                "home_barriers": "no",
                "emergency": "no",
            },
            {"startup-subsidy"},
            {
                "operating-subsidy",
                "living-allowance",
                "nursing-allowance",
                "home-modification",
                "student-aid",
                "temporary-relief",
            },
        ),
        (
            {
                "grade": "4",
                "low_income": "low",
                "business": "existing",
                "student": "yes",
                "home_barriers": "no",
                "emergency": "yes",
            },
            {"operating-subsidy", "living-allowance", "student-aid", "temporary-relief"},
            {"startup-subsidy", "nursing-allowance", "home-modification"},
        ),
        (
            {
                "grade": "none",
                "low_income": "dibao",
                "business": "new",
                "student": "yes",
                "home_barriers": "yes",
                "emergency": "yes",
            },
            set(),
            set(CODES),
        ),
    ],
    ids=[
        "severely disabled on dibao",
        "new massage shop",
        "family in a crisis",
        "no certificate yet",
    ],
)
def test_the_eligibility_checker_for_typical_residents(app, visitor, facts, likely, unlikely):
    response = visitor.submit("/what-can-i-apply-for", facts)
    assert location(response) == "/what-can-i-apply-for/results"
    page = visitor.get("/what-can-i-apply-for/results").get_data(as_text=True)
    probably = page.split(translated("You can probably apply for", "zh"))[1]
    probably, _, not_likely = probably.partition(translated("You probably can not get", "zh"))
    for code in CODES:
        title = translated(programme(app, code).spec.title, "zh")
        section = probably if code in likely else not_likely
        assert title in section, (code, "expected in the other list")
        assert (f'href="/apply/{code}"' in probably) == (code in likely)
    # Each verdict comes with its reasons in words.
    if unlikely:
        assert (
            translated(
                "You need a disability certificate. Your county federation can help you get one.",
                "zh",
            )
            in page
            or facts["grade"] != "none"
        )


def test_the_checker_needs_every_answer(visitor):
    page = visitor.submit("/what-can-i-apply-for", {"grade": "1"}).get_data(as_text=True)
    assert (
        translated(
            "Select whether your household is on the minimum living guarantee or low income", "zh"
        )
        in page
    )
    assert page.count('class="error-message"') == 5
