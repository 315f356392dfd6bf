"""Two requests at the same moment (a double tap, two phones): still one draft, one submission,
and no answer lost."""

import threading

from sqlalchemy import func, select

from app.extensions import db
from app.models import Application, AuditEvent, Status
from tests.helpers import Visitor, csrf_from, location
from tests.integration.journey import GOOD_ANSWERS, answer_all, start


def twin(app, visitor) -> Visitor:
    """A second client with the same session cookie: the same person on a second tab.
    Made after the page with the form was fetched, so that it shares the form's token."""
    other = Visitor(app.test_client(), visitor.sent)
    cookie = visitor.client.get_cookie("session")
    other.client.set_cookie(cookie.key, cookie.value)
    return other


def at_once(*calls):
    """Runs the calls in threads released together; returns their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_two_starts_at_once_make_one_draft(app, resident):
    token = csrf_from(resident.get("/apply/startup-subsidy").get_data(as_text=True))
    other = twin(app, resident)
    results = at_once(
        *[
            lambda c=c: c.post("/apply/startup-subsidy", data={"csrf_token": token})
            for c in (resident.client, other.client)
        ]
    )
    assert {location(r) for r in results} == {location(results[0])}
    assert count(app, Application) == 1


def test_two_submits_at_once_make_one_submission(app, resident):
    check = answer_all(resident, start(resident))
    token = csrf_from(resident.get(check).get_data(as_text=True))
    other = twin(app, resident)
    form = {"csrf_token": token, "confirm": "y"}
    results = at_once(
        lambda: resident.client.post(check, data=form), lambda: other.client.post(check, data=form)
    )
    assert all(location(r).endswith("/confirmation") for r in results)
    assert count(app, Application, Application.status == Status.SUBMITTED) == 1
    assert count(app, AuditEvent, AuditEvent.action == "application.submitted") == 1


def test_two_answers_saved_at_once_are_both_kept(app, resident):
    first = start(resident)
    application_path = first.rsplit("/", 1)[0]
    token = csrf_from(resident.get(first).get_data(as_text=True))
    other = twin(app, resident)
    name = {"csrf_token": token, **GOOD_ANSWERS[0][1]}
    shop = {"csrf_token": token, **GOOD_ANSWERS[5][1]}
    at_once(
        lambda: resident.client.post(first, data=name),
        lambda: other.client.post(f"{application_path}/business-name", data=shop),
    )
    with app.app_context():
        answers = db.session.scalars(select(Application)).one().answers
    assert answers["full_name"] == GOOD_ANSWERS[0][1]["full_name"]
    assert answers["business_name"] == GOOD_ANSWERS[5][1]["business_name"]
