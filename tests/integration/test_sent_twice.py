"""A form sent twice acts once: a double tap, or a phone sending again what it kept offline
when its first send had in fact arrived. The form's one-time key and its answers decide."""

import io
import re
from datetime import timedelta

from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Document, SentForm
from app.models.base import utcnow
from tests.fixtures import files
from tests.helpers import Visitor, csrf_from, location
from tests.integration.journey import GOOD_ANSWERS, start
from tests.integration.test_documents import photo_page  # noqa: F401 (a fixture)

FORM_KEY = re.compile(r'name="form_key" value="([^"]+)"')


def rendered_form(visitor, url: str) -> dict:
    """The hidden fields of the page's own form, as the browser would send them."""
    page = visitor.get(url).get_data(as_text=True)
    main = page[page.find("<main") :]
    return {"csrf_token": csrf_from(page), "form_key": FORM_KEY.search(main).group(1)}


def send_photo(visitor, url: str, hidden: dict, photo: bytes, name="营业执照.jpg"):
    data = {**hidden, "licence_photo": [(io.BytesIO(photo), name)]}
    return visitor.client.post(url, data=data)


def documents(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Document))


def test_every_form_carries_a_new_key(resident, photo_page):  # noqa: F811
    first = rendered_form(resident, photo_page)["form_key"]
    again = rendered_form(resident, photo_page)["form_key"]
    assert first != again and len(first) >= 16


def test_the_same_form_sent_twice_keeps_one_photo_and_goes_to_the_same_page(
    app,
    resident,
    photo_page,  # noqa: F811
):
    hidden = rendered_form(resident, photo_page)
    first = send_photo(resident, photo_page, hidden, files.photo_jpeg())
    # The phone's second try comes with a fresh CSRF token, as the service worker sends it.
    hidden["csrf_token"] = csrf_from(resident.get("/").get_data(as_text=True), header=True)
    second = send_photo(resident, photo_page, hidden, files.photo_jpeg())
    assert first.status_code == 302 and second.status_code == 303
    assert location(second) == location(first)
    assert documents(app) == 1


def test_the_same_form_with_other_answers_is_new_work(app, resident, photo_page):  # noqa: F811
    """Back, another photo, Continue: the page kept its key, but the answer is new."""
    hidden = rendered_form(resident, photo_page)
    send_photo(resident, photo_page, hidden, files.photo_jpeg())
    send_photo(resident, photo_page, hidden, files.photo_png(), name="back.png")
    assert documents(app) == 2


def test_a_refused_send_may_be_corrected_and_sent_with_the_same_key(
    app,
    resident,
    photo_page,  # noqa: F811
):
    hidden = rendered_form(resident, photo_page)
    refused = send_photo(resident, photo_page, hidden, b"not a picture", name="licence.jpg")
    assert refused.status_code == 200  # the page again, with the error
    accepted = send_photo(resident, photo_page, hidden, files.photo_jpeg())
    assert accepted.status_code == 302
    assert documents(app) == 1


def test_a_key_is_one_persons_own(app, client, resident, sent, photo_page):  # noqa: F811
    """Another person's form with the same key is theirs, not a repeat of the first."""
    hidden = rendered_form(resident, photo_page)
    send_photo(resident, photo_page, hidden, files.photo_jpeg())
    other = Visitor(app.test_client(), sent)
    other.sign_in("13800000009")
    their_page = start(other)
    for slug, data in GOOD_ANSWERS:
        if slug == "licence-photo":
            break
        their_page = location(other.submit(their_page, data))
    theirs = {**rendered_form(other, their_page), "form_key": hidden["form_key"]}
    assert send_photo(other, their_page, theirs, files.photo_jpeg()).status_code == 302
    assert documents(app) == 2


def test_old_keys_are_forgotten(app, resident, photo_page):  # noqa: F811
    hidden = rendered_form(resident, photo_page)
    send_photo(resident, photo_page, hidden, files.photo_jpeg())
    with app.app_context():
        db.session.execute(update(SentForm).values(at=utcnow() - timedelta(days=3)))
        db.session.commit()
    hidden["csrf_token"] = csrf_from(resident.get("/").get_data(as_text=True), header=True)
    again = send_photo(resident, photo_page, hidden, files.photo_jpeg())
    assert again.status_code == 302  # acted on: too late to be a repeat
    assert documents(app) == 2
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SentForm)) == 1
