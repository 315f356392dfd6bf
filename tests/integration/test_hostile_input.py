"""Input that cannot hurt the service: bodies too large for the route or the person, forms
with too many parts, and numbers in addresses that the database or the calendar cannot hold."""

import io

import pytest

from app.config import LANGUAGES
from app.demo import load_demo_services
from app.models import Role, Step
from tests.fixtures import files
from tests.helpers import Upload, csrf_from, location, message, staff_member, translated
from tests.integration.test_documents import photo_page  # noqa: F401 (a fixture)
from tests.integration.test_status import step, submitted  # noqa: F401 (a fixture)

MB = 1024 * 1024


def too_large_page(response, lang: str) -> bool:
    page = response.get_data(as_text=True)
    return response.status_code == 413 and translated("What you sent is too large", lang) in page


class Unread(io.BytesIO):
    """A request body that remembers whether anything read it."""

    def read(self, *args):
        self.was_read = True
        return super().read(*args)

    was_read = False


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_large_body_is_refused_before_sign_in(visitor, lang):
    visitor.choose_language(lang)
    token = csrf_from(visitor.get("/sign-in").get_data(as_text=True))
    response = visitor.client.post("/sign-in", data={"csrf_token": token, "mobile": "1" * (2 * MB)})
    assert too_large_page(response, lang)
    explanation = (
        "Each file must be 10 MB or smaller. "
        "Go back and choose a smaller file, or add fewer files at once."
    )
    assert translated(explanation, lang) in response.get_data(as_text=True)


def test_a_signed_in_person_sends_a_large_body_only_with_files(resident, photo_page):  # noqa: F811
    token = csrf_from(resident.get(photo_page).get_data(as_text=True))
    # A form without files, even to a page that takes them, and any form elsewhere.
    for url in (photo_page, "/display"):
        response = resident.client.post(url, data={"csrf_token": token, "x": "1" * (2 * MB)})
        assert too_large_page(response, "zh"), url
    # A 5 MB photo (its pixels, then padding a decoder ignores) where files are taken.
    photo = Upload("big.jpg", files.photo_jpeg() + b"\0" * (5 * MB))
    response = resident.submit(photo_page, {"licence_photo": photo})
    assert location(response).endswith("/business-started")


def test_a_photo_larger_than_a_read_chunk_is_taken(app, resident, photo_page):  # noqa: F811
    """A phone's photo of a few hundred KB: the form is read 64 KB at a time, and no chunk of a
    file counts against the limit of a text field."""
    photo = Upload("licence.jpg", files.photo_of_noise(400))
    assert len(photo.data) > 256 * 1024
    response = resident.submit(photo_page, {"licence_photo": photo})
    assert location(response).endswith("/business-started")


def test_an_answer_to_a_caseworker_takes_large_photos_but_not_too_many(app, resident, submitted):  # noqa: F811
    step(app, Step.INFORMATION_REQUESTED, note="请补充营业执照的背面照片。")
    six = [Upload(f"{n}.jpg", files.corrupt_jpeg()) for n in range(6)]
    page = resident.submit(submitted, {"answer": "在这里。", "files": six}).get_data(as_text=True)
    too_many = "You can add up to %(num)s files here. Remove one before adding another"
    assert message("zh", too_many.replace("files", "file"), too_many, 5) in page
    assert "<bdi>0.jpg</bdi>" not in page  # counted, never opened
    photo = Upload("big.jpg", files.photo_jpeg() + b"\0" * (5 * MB))
    response = resident.submit(submitted, {"answer": "在这里。", "files": photo})
    assert location(response) == f"{submitted}?sent=1"


def test_a_strangers_upload_is_sent_to_sign_in_unread(client, photo_page, resident):  # noqa: F811
    stranger = client.application.test_client()
    body = Unread(b"x" * (2 * MB))
    response = stranger.post(
        photo_page,
        input_stream=body,
        content_length=2 * MB,
        content_type="multipart/form-data; boundary=x",
    )
    assert location(response).startswith("/sign-in")
    assert not body.was_read


def test_uploads_have_their_own_limit(app, resident, photo_page, monkeypatch):  # noqa: F811
    monkeypatch.setitem(app.config, "MAX_UPLOAD_LENGTH", 3 * MB)
    photo = Upload("big.jpg", files.photo_jpeg() + b"\0" * (4 * MB))
    assert too_large_page(resident.submit(photo_page, {"licence_photo": photo}), "zh")


def test_a_form_of_too_many_parts_or_a_huge_field_is_refused(resident, photo_page):  # noqa: F811
    token = csrf_from(resident.get(photo_page).get_data(as_text=True))
    photo = (io.BytesIO(files.photo_jpeg()), "a.jpg")
    many = {"csrf_token": token, "licence_photo": photo, **{f"x{n}": "1" for n in range(300)}}
    assert too_large_page(resident.client.post(photo_page, data=many), "zh")
    photo = (io.BytesIO(files.photo_jpeg()), "a.jpg")
    huge = {"csrf_token": token, "licence_photo": photo, "x": "1" * (100 * 1024)}
    assert too_large_page(resident.client.post(photo_page, data=huge), "zh")


@pytest.mark.parametrize("url", ["/applications/{}", "/applications/{}/check", "/documents/{}"])
def test_an_id_too_large_for_the_database_is_not_found(resident, url):
    assert resident.get(url.format(10**20)).status_code == 404


def test_a_station_day_out_of_this_century_shows_today(app, sent, authenticator):
    with app.app_context():
        load_demo_services()
    worker = staff_member(app, sent, authenticator, Role.STATION_STAFF, station="hutubi-rehab")
    for day in ("9999-12-31", "0001-01-01", "not-a-day"):
        assert worker.get(f"/staff/station?day={day}").status_code == 200, day


def test_a_queue_page_number_in_other_digits_is_the_first_page(app, sent, authenticator):
    caseworker = staff_member(app, sent, authenticator, Role.CASEWORKER, district="changji")
    for page in ("²", "٣", "-1", "99999999999"):
        assert caseworker.get("/staff/queue", query_string={"page": page}).status_code == 200
