"""The question-page engine's rules, on the startup subsidy's questions."""

import pytest

from app.programmes import STARTUP_SUBSIDY as programme
from app.programmes.journey import as_formdata
from app.programmes.startup_subsidy import BankAccount, StartedOn

ANSWERS = {
    "full_name": "王军",
    "id_number": "11010519491231002X",
    "certificate_number": "11010519491231002X11",
    "mobile": "13912345678",
    "district": "changji",
    "business_name": "推拿店",
    "business_kind": "massage",
    "business_address": "昌吉市",
    "has_licence": "yes",
    "licence_code": "91350100M000100Y43",
    "started_on": "2021-06-01",
    "bank_name": "农行",
    "account_number": "6228480012345678901",
}


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def slugs(questions) -> list[str]:
    return [q.slug for q in questions]


def test_the_licence_number_is_asked_only_with_a_licence():
    assert "licence-code" in slugs(programme.asked(ANSWERS))
    without = {**ANSWERS, "has_licence": "no"}
    assert "licence-code" not in slugs(programme.asked(without))
    licence = programme.question("business-licence")
    assert programme.after(licence, without).slug == "business-started"
    assert programme.before(programme.question("business-started"), without) == licence


def test_first_unfinished_finds_the_first_missing_answer():
    assert programme.first_unfinished({}).slug == "full-name"
    partial = {k: v for k, v in ANSWERS.items() if k != "business_kind"}
    assert programme.first_unfinished(partial).slug == "business-kind"
    assert programme.first_unfinished(ANSWERS) is None


def test_first_unfinished_finds_an_answer_that_no_longer_passes():
    changed_id = {**ANSWERS, "id_number": "652301198503151233"}
    assert programme.first_unfinished(changed_id).slug == "certificate-number"


def test_final_answers_drop_those_of_questions_no_longer_asked():
    final = programme.final_answers({**ANSWERS, "has_licence": "no"})
    assert "licence_code" not in final
    assert final["has_licence"] == "no"


def test_stored_answers_become_form_data_again():
    date_data = as_formdata(StartedOn(formdata=None, meta={"csrf": False}), ANSWERS)
    assert date_data.to_dict() == {
        "started_on-day": "1",
        "started_on-month": "6",
        "started_on-year": "2021",
    }
    bank_data = as_formdata(BankAccount(formdata=None, meta={"csrf": False}), ANSWERS)
    assert bank_data.to_dict() == {"bank_name": "农行", "account_number": "6228480012345678901"}


def test_a_question_is_answered_when_all_its_fields_are():
    bank = programme.question("bank-account")
    assert bank.is_answered(ANSWERS)
    assert not bank.is_answered({"bank_name": "农行"})
