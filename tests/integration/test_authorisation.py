"""A resident sees only their own applications: anyone else's answer 404, as if absent."""

import pytest

from tests.helpers import Visitor, location
from tests.integration.journey import GOOD_ANSWERS, answer_all, start


@pytest.fixture
def owner(visitor):
    visitor.sign_in("13900000001")
    return visitor


@pytest.fixture
def stranger(app, sent):
    other = Visitor(app.test_client(), sent)
    other.sign_in("13900000002")
    return other


def test_another_residents_draft_is_not_found(owner, stranger):
    first = start(owner)
    application_path = first.rsplit("/", 1)[0]
    for url in [
        first,
        f"{application_path}/check",
        f"{application_path}/confirmation",
        application_path,
    ]:
        assert stranger.get(url).status_code == 404, url
    # Nor can they write to it.
    response = stranger.submit("/apply/startup-subsidy", {"full_name": "冒名"}, action=first)
    assert response.status_code == 404
    assert "冒名" not in owner.get(first).get_data(as_text=True)


def test_another_residents_submitted_application_is_not_found(owner, stranger):
    check = answer_all(owner, start(owner))
    owner.submit(check, {"confirm": "y"})
    application_path = check.rsplit("/", 1)[0]
    for url in [application_path, f"{application_path}/confirmation", f"{application_path}/check"]:
        assert stranger.get(url).status_code == 404, url
    assert GOOD_ANSWERS[0][1]["full_name"] not in stranger.get("/applications").get_data(
        as_text=True
    )


def test_signed_out_visitors_are_sent_to_sign_in(owner, app, sent):
    first = start(owner)
    anonymous = Visitor(app.test_client(), sent)
    assert location(anonymous.get(first)).startswith("/sign-in")
    assert location(anonymous.get("/applications")).startswith("/sign-in")


def test_an_unknown_application_or_question_is_not_found(owner):
    first = start(owner)
    application_path = first.rsplit("/", 1)[0]
    assert owner.get("/applications/999999/full-name").status_code == 404
    assert owner.get(f"{application_path}/no-such-question").status_code == 404
    assert owner.get("/apply/no-such-programme").status_code == 404
