"""A send cut off between its form key's claim and the view's own commit (the process killed) is
never lost: sent again, it is asked to come back while it may still be running, and run once
when it cannot be. tests/integration/test_crash_between_claim_and_commit.py kills a real
gunicorn worker at that point; these tests cut the request off in the test client."""

import threading
from datetime import timedelta

import pytest
import time_machine
from flask import g
from sqlalchemy import select

from app import form_keys
from app.config import LANGUAGES
from app.extensions import db
from app.models import SentForm
from app.models.base import utcnow
from app.services import applications
from tests.fixtures import files
from tests.helpers import csrf_from, location, translated
from tests.integration.test_documents import photo_page  # noqa: F401 (a fixture)
from tests.integration.test_sent_twice import documents, rendered_form, send_photo


class CutOff(BaseException):
    """The process dies here: nothing after it runs, nothing it began is committed (Flask
    catches Exception, not this, so no after-request hook settles the claim)."""


@pytest.fixture
def cut_off_once(monkeypatch):
    """The next answer saved is cut off before its commit; later ones are saved."""
    save = applications.save_answers

    def die(*args, **kwargs):
        monkeypatch.setattr(applications, "save_answers", save)
        raise CutOff

    monkeypatch.setattr(applications, "save_answers", die)


def claims(app) -> list[SentForm]:
    with app.app_context():
        return db.session.scalars(select(SentForm)).all()


def send_cut_off(app, resident, page: str) -> dict:
    """Sends the photo, cut off after its claim; returns the form, to be sent again."""
    hidden = rendered_form(resident, page)
    with pytest.raises(CutOff):
        send_photo(resident, page, hidden, files.photo_jpeg())
    [claim] = claims(app)
    assert claim.location is None and documents(app) == 0
    # The phone's next try comes with a fresh CSRF token, as the service worker sends it.
    hidden["csrf_token"] = csrf_from(resident.get("/").get_data(as_text=True), header=True)
    return hidden


def later():
    """When a claim made now, unsettled, can no longer be running anywhere."""
    return time_machine.travel(utcnow() + form_keys.ABANDONED_AFTER + timedelta(seconds=1))


def test_a_send_cut_off_is_run_once_when_sent_again_later(
    app,
    resident,
    photo_page,  # noqa: F811
    cut_off_once,
):
    hidden = send_cut_off(app, resident, photo_page)
    with later():
        again = send_photo(resident, photo_page, hidden, files.photo_jpeg())
        assert again.status_code == 302
        assert location(again).endswith("/business-started")
        assert documents(app) == 1
        # And once it is done, the same send is answered as it was, not run a third time.
        once_more = send_photo(resident, photo_page, hidden, files.photo_jpeg())
    assert once_more.status_code == 303 and location(once_more) == location(again)
    assert documents(app) == 1
    [claim] = claims(app)
    assert claim.attempt == 2 and claim.location == again.headers["Location"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_send_still_running_is_asked_to_come_back_not_told_it_is_done(
    app,
    resident,
    photo_page,  # noqa: F811
    cut_off_once,
    lang,
):
    hidden = send_cut_off(app, resident, photo_page)
    resident.choose_language(lang)
    again = send_photo(resident, photo_page, hidden, files.photo_jpeg())
    # 503 the service worker sends again later; a redirect it would read as "sent".
    assert again.status_code == 503 and "Location" not in again.headers
    assert 1 <= int(again.headers["Retry-After"]) <= form_keys.ABANDONED_AFTER.seconds
    page = again.get_data(as_text=True)
    assert translated("We are still saving what you sent", lang) in page
    assert f'href="{photo_page}"' in page
    assert documents(app) == 0
    [claim] = claims(app)
    assert claim.location is None and claim.attempt == 1


def test_of_two_repeats_at_once_one_runs_the_send(
    app,
    resident,
    photo_page,  # noqa: F811
    cut_off_once,
    monkeypatch,
):
    """Both find the claim abandoned; the second takes it over while the first is between
    reading it and taking it: the first is then asked to come back."""
    hidden = send_cut_off(app, resident, photo_page)
    take_over = form_keys._take_over
    answers = []

    def meanwhile(earlier):
        if not answers:
            answers.append(None)  # the one that runs meanwhile goes straight on
            other = threading.Thread(
                target=lambda: answers.append(
                    send_photo(resident, photo_page, hidden, files.photo_jpeg())
                )
            )
            other.start()
            other.join()
        return take_over(earlier)

    monkeypatch.setattr(form_keys, "_take_over", meanwhile)
    with later():
        first = send_photo(resident, photo_page, hidden, files.photo_jpeg())
    second = answers[1]
    assert second.status_code == 302  # took it over, and ran it
    assert first.status_code == 503  # found it taken: asked to come back
    assert documents(app) == 1


def test_a_late_settle_of_the_try_cut_off_leaves_the_new_one_alone(
    app,
    resident,
    photo_page,  # noqa: F811
    cut_off_once,
):
    """The first try was slow, not dead: it ends after its claim was taken over and settled."""
    hidden = send_cut_off(app, resident, photo_page)
    with later():
        again = send_photo(resident, photo_page, hidden, files.photo_jpeg())
    [claim] = claims(app)
    with app.test_request_context():
        g.sent_form = (claim.id, 1)  # the first try's claim
        form_keys.settle(app.response_class("its page again", 200))
    [kept] = claims(app)
    assert kept.location == again.headers["Location"] and kept.attempt == 2
