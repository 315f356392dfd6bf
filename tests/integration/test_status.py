"""An application followed to its end: the timeline, answering a request for more information,
withdrawing; and the steps a state does not allow."""

from datetime import date

import pytest
from sqlalchemy import select

from app.config import LANGUAGES
from app.extensions import db
from app.models import Application, ApplicationEvent, Document, Status, Step, User
from app.services import applications
from tests.fixtures import files
from tests.helpers import Upload, location, translated
from tests.integration.journey import answer_all, start


@pytest.fixture
def submitted(app, resident):
    """A submitted startup-subsidy application's page."""
    check = answer_all(resident, start(resident))
    resident.submit(check, {"confirm": "y"})
    return check.rsplit("/", 1)[0]


# What a decision or a payment always carries (its message tells the resident).
CARRIED = {
    Step.APPROVED: {"amount_yuan": 5000},
    Step.PAID: {"amount_yuan": 5000, "paid_on": date(2026, 11, 30)},
}


def step(app, step_name, **kwargs):
    """A caseworker's step (their pages come with the caseworkers' issue)."""
    kwargs = CARRIED.get(step_name, {}) | kwargs
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        caseworker = db.session.scalars(select(User)).first()
        applications.take_step(application, ApplicationEvent(step=step_name, **kwargs), caseworker)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_timeline_to_payment(app, resident, submitted, lang):
    resident.choose_language(lang)
    step(app, Step.REVIEW_STARTED)
    step(app, Step.APPROVED, amount_yuan=5000)
    step(app, Step.PAID, amount_yuan=5000, note="ABC bank transfer 2026-12-01")
    page = resident.get(submitted).get_data(as_text=True)
    for label in ("Application submitted", "A caseworker started the review", "Approved", "Paid"):
        assert translated(label, lang) in page
    assert page.count(translated("Amount: %(amount)s", lang).split("%")[0]) == 2
    assert "<bdi>ABC bank transfer 2026-12-01</bdi>" in page
    assert translated("Withdraw this application", lang) not in page  # decided: too late


def test_answering_a_request_for_more_information(app, resident, submitted):
    step(app, Step.INFORMATION_REQUESTED, note="请补充营业执照的背面照片。")
    page = resident.get(submitted).get_data(as_text=True)
    assert translated("The caseworker needs more information", "zh") in page
    assert "<bdi>请补充营业执照的背面照片。</bdi>" in page
    # An empty answer is refused with a message.
    response = resident.submit(submitted, {"answer": ""})
    assert translated("Enter your answer to the caseworker", "zh") in response.get_data(
        as_text=True
    )
    response = resident.submit(
        submitted, {"answer": "背面照片在这里。", "files": Upload("back.jpg", files.photo_jpeg())}
    )
    assert location(response) == f"{submitted}?sent=1"
    page = resident.get(location(response)).get_data(as_text=True)
    assert translated("Your answer has been sent to the caseworker.", "zh") in page
    assert translated("You sent more information", "zh") in page
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        assert application.status == Status.UNDER_REVIEW
        given = application.events[-1]
        assert given.step == Step.INFORMATION_GIVEN and given.note == "背面照片在这里。"
        document = db.session.scalars(select(Document).where(Document.event_id == given.id)).one()
    assert f'href="/documents/{document.id}"' in page


def test_withdrawing_an_undecided_application(app, resident, submitted):
    page = resident.get(submitted).get_data(as_text=True)
    assert translated("Withdraw this application", "zh") in page
    # "No" keeps it.
    resident.submit(f"{submitted}/withdraw", {"sure": "no"})
    with app.app_context():
        assert db.session.scalars(select(Application)).one().status == Status.SUBMITTED
    response = resident.submit(f"{submitted}/withdraw", {"sure": "yes"})
    assert location(response) == submitted
    page = resident.get(submitted).get_data(as_text=True)
    assert translated("You withdrew the application", "zh") in page
    assert translated("Withdrawn", "zh") in page
    # Withdrawn: the withdraw page sends them back.
    assert location(resident.get(f"{submitted}/withdraw")) == submitted


def test_a_decided_application_can_not_be_withdrawn(app, resident, submitted):
    step(app, Step.REJECTED, note="营业执照过期。")
    assert location(resident.get(f"{submitted}/withdraw")) == submitted
    with app.app_context():
        assert db.session.scalars(select(Application)).one().status == Status.REJECTED


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], [Step.INFORMATION_GIVEN, Step.PAID]),
        (
            [Step.APPROVED],
            [Step.APPROVED, Step.REJECTED, Step.WITHDRAWN, Step.INFORMATION_REQUESTED],
        ),
        ([Step.APPROVED, Step.PAID], [Step.PAID, Step.WITHDRAWN, Step.REJECTED]),
        ([Step.WITHDRAWN], [Step.APPROVED, Step.REVIEW_STARTED, Step.WITHDRAWN]),
    ],
    ids=["submitted", "approved", "paid", "withdrawn"],
)
def test_steps_a_state_does_not_allow_are_refused(app, submitted, path, refused):
    for taken in path:
        step(app, taken)
    for wrong in refused:
        with pytest.raises(applications.NotAllowed):
            step(app, wrong)
    with app.app_context():
        events = db.session.scalars(select(Application)).one().events
        assert [e.step for e in events] == [Step.SUBMITTED, *path]


def test_status_words_on_my_applications(app, resident, submitted):
    step(app, Step.INFORMATION_REQUESTED, note="?")
    page = resident.get("/applications").get_data(as_text=True)
    assert translated("More information needed", "zh") in page


def test_a_refused_file_with_the_answer_is_said_and_nothing_is_sent(app, resident, submitted):
    step(app, Step.INFORMATION_REQUESTED, note="请补充照片。")
    response = resident.submit(
        submitted, {"answer": "在这里。", "files": Upload("scan.jpg", files.disguised())}
    )
    assert response.status_code == 200
    message = "%(name)s is not a photo or a PDF. Choose a JPEG, PNG, HEIC or PDF file"
    assert translated(message, "zh").replace(
        "%(name)s", "<bdi>scan.jpg</bdi>"
    ) in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Application)).one().status == Status.MORE_INFO
