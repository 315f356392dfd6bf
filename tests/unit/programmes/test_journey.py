"""The question-page engine's rules, on the startup subsidy's definition."""

from datetime import datetime

import pytest
import time_machine

from app import programmes
from app.clock import LOCAL_TIME
from app.programmes.journey import as_formdata

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
    "licence_photo": [7],
    "started_on": "2021-06-01",
    "bank_name": "农行",
    "account_number": "6228480012345678901",
}


@pytest.fixture
def programme(app):
    with app.test_request_context():
        yield programmes.get("startup-subsidy")


def slugs(pages) -> list[str]:
    return [p.slug for p in pages]


def test_the_licence_pages_are_asked_only_with_a_licence(programme):
    assert {"licence-code", "licence-photo"} <= set(slugs(programme.asked(ANSWERS)))
    without = {**ANSWERS, "has_licence": "no"}
    assert not {"licence-code", "licence-photo"} & set(slugs(programme.asked(without)))
    licence = programme.page("business-licence")
    assert programme.after(licence, without).slug == "business-started"
    assert programme.before(programme.page("business-started"), without) == licence


def test_first_unfinished_finds_the_first_missing_answer(programme):
    assert programme.first_unfinished({}).slug == "full-name"
    partial = {k: v for k, v in ANSWERS.items() if k != "business_kind"}
    assert programme.first_unfinished(partial).slug == "business-kind"
    assert programme.first_unfinished(ANSWERS) is None


def test_first_unfinished_finds_an_answer_that_no_longer_passes(programme):
    changed_id = {**ANSWERS, "id_number": "652301198503151233"}
    assert programme.first_unfinished(changed_id).slug == "certificate-number"


def test_what_first_unfinished_remembers_holds_for_the_same_answers_on_the_same_day(programme):
    tomorrow = {**ANSWERS, "started_on": "2026-03-02"}
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=LOCAL_TIME)):
        assert programme.first_unfinished(tomorrow).slug == "business-started"  # in the future
        assert programme.first_unfinished(tomorrow).slug == "business-started"  # remembered
        assert programme.first_unfinished(ANSWERS) is None
        licence = programme.page("business-licence")
        assert programme.first_unfinished(tomorrow, before=licence) is None
    with time_machine.travel(datetime(2026, 3, 3, 12, tzinfo=LOCAL_TIME)):
        assert programme.first_unfinished(tomorrow) is None  # the day has come


def test_a_page_passed_already_only_as_first_unfinished_found_it(programme):
    """A question page shows saved answers without checking them again only when
    first_unfinished, asked of the same answers today, went past it."""
    changed_id = {**ANSWERS, "id_number": "652301198503151233"}
    name, certificate = programme.page("full-name"), programme.page("certificate-number")
    later = programme.page("bank-account")
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=LOCAL_TIME)):
        assert not programme.passed_already(name, changed_id)  # nothing remembered yet
        assert programme.first_unfinished(changed_id).slug == "certificate-number"
        assert programme.passed_already(name, changed_id)
        assert not programme.passed_already(certificate, changed_id)
        assert not programme.passed_already(later, changed_id)
        assert programme.first_unfinished(ANSWERS) is None
        assert programme.passed_already(later, ANSWERS)
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=LOCAL_TIME)):
        assert not programme.passed_already(later, ANSWERS)  # another day: checked again


def test_final_answers_drop_those_of_pages_no_longer_asked(programme):
    final = programme.final_answers({**ANSWERS, "has_licence": "no"})
    assert "licence_code" not in final and "licence_photo" not in final
    assert final["has_licence"] == "no"


def test_stored_answers_become_form_data_again(programme):
    started = programme.page("business-started")
    form = started.form(formdata=None, meta={"csrf": False})
    assert as_formdata(form, ANSWERS).to_dict() == {
        "started_on-day": "1",
        "started_on-month": "6",
        "started_on-year": "2021",
    }


def test_the_details_worth_reusing(programme):
    assert programme.reusable(ANSWERS) == {
        name: ANSWERS[name]
        for name in (
            "full_name",
            "id_number",
            "certificate_number",
            "mobile",
            "district",
            "bank_name",
            "account_number",
        )
    }
