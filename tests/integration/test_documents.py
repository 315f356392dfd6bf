"""Documents from the phone: accepted, refused with a reason, cleaned, and kept private."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from app.config import LANGUAGES
from app.extensions import db
from app.models import Document
from app.services.documents import MAX_BYTES
from tests.fixtures import files
from tests.helpers import Upload, Visitor, location, message, translated
from tests.integration.journey import licence_photo_page


@pytest.fixture
def photo_page(resident):
    """The page asking for a photo of the business licence, reached the normal way."""
    return licence_photo_page(resident)


def test_a_photo_is_kept_without_its_metadata(app, resident, photo_page):
    response = resident.submit(
        photo_page, {"licence_photo": Upload("营业执照.jpg", files.photo_jpeg())}
    )
    assert location(response).endswith("/business-started")
    page = resident.get(photo_page).get_data(as_text=True)
    assert "<bdi>营业执照.jpg</bdi>" in page  # listed on its page, by the name it had
    with app.app_context():
        document = db.session.scalars(select(Document)).one()
    served = resident.get(f"/documents/{document.id}")
    assert served.mimetype == "image/jpeg"
    assert served.headers["Cache-Control"] == "private, no-store"
    assert b"Exif" not in served.data and b"PhoneMaker" not in served.data
    assert Image.open(io.BytesIO(served.data)).format == "JPEG"


def test_several_photos_and_a_heic_at_once(app, resident, photo_page):
    uploads = [Upload("front.heic", files.photo_heic()), Upload("back.png", files.photo_png())]
    assert location(resident.submit(photo_page, {"licence_photo": uploads})).endswith(
        "/business-started"
    )
    with app.app_context():
        kinds = sorted(d.content_type for d in db.session.scalars(select(Document)))
    assert kinds == ["image/jpeg", "image/png"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            Upload("photo.jpg", files.disguised()),
            "%(name)s is not a photo or a PDF. Choose a JPEG, PNG, HEIC or PDF file",
        ),
        (
            Upload("photo.jpg", files.corrupt_jpeg()),
            "%(name)s could not be opened. It may be damaged. "
            "Take the photo again or choose another file",
        ),
        (
            Upload("photo.jpg", b"\xff\xd8\xff" + b"0" * MAX_BYTES),
            "%(name)s is larger than 10 MB. Choose a smaller file or take the photo again",
        ),
        (
            Upload("photo.jpg", files.grey_png(100_000, 100_000, rows=1)),
            "%(name)s has too many pixels to open. "
            "Take the photo again with the camera's usual settings, or choose another file",
        ),
    ],
    ids=["wrong type named as a photo", "corrupt image", "over 10 MB", "too many pixels"],
)
def test_a_refused_file_says_what_is_wrong(app, resident, photo_page, upload, message, lang):
    resident.choose_language(lang)
    page = resident.submit(photo_page, {"licence_photo": upload}).get_data(as_text=True)
    expected = translated(message, lang).replace("%(name)s", "<bdi>photo.jpg</bdi>")
    assert expected in page
    with app.app_context():
        assert db.session.scalars(select(Document)).all() == []


def test_the_photo_is_required_when_the_licence_is(resident, photo_page):
    page = resident.submit(photo_page, {}).get_data(as_text=True)
    assert translated("Add a photo of your business licence", "zh") in page


def test_a_photo_can_be_removed_from_a_draft(app, resident, photo_page):
    resident.submit(photo_page, {"licence_photo": Upload("a.jpg", files.photo_jpeg())})
    with app.app_context():
        document = db.session.scalars(select(Document)).one()
    remove = f"{photo_page}/documents/{document.id}/remove"
    assert location(resident.submit(photo_page, action=remove)) == photo_page
    with app.app_context():
        assert db.session.scalars(select(Document)).all() == []
    assert resident.get(f"/documents/{document.id}").status_code == 404


def test_a_stranger_gets_404_for_a_document(app, resident, sent, photo_page):
    resident.submit(photo_page, {"licence_photo": Upload("a.jpg", files.photo_jpeg())})
    with app.app_context():
        document = db.session.scalars(select(Document)).one()
    stranger = Visitor(app.test_client(), sent)
    assert location(stranger.get(f"/documents/{document.id}")).startswith("/sign-in")
    stranger.sign_in("13900000009")
    assert stranger.get(f"/documents/{document.id}").status_code == 404
    # Nor can they remove it.
    other = location(stranger.submit("/apply/startup-subsidy"))
    response = stranger.submit(other, action=f"{photo_page}/documents/{document.id}/remove")
    assert response.status_code == 404


def test_too_many_files_are_refused(resident, photo_page):
    uploads = [Upload(f"{n}.jpg", files.photo_jpeg()) for n in range(4)]
    page = resident.submit(photo_page, {"licence_photo": uploads}).get_data(as_text=True)
    too_many = message(
        "zh",
        "You can add up to %(num)s file here. Remove one before adding another",
        "You can add up to %(num)s files here. Remove one before adding another",
        3,
    )
    assert too_many in page


def test_too_many_files_are_refused_before_any_is_opened(app, resident, photo_page):
    """Counted first: none of the four is opened, so the page names no file it could not open."""
    uploads = [Upload(f"{n}.jpg", files.corrupt_jpeg()) for n in range(4)]
    page = resident.submit(photo_page, {"licence_photo": uploads}).get_data(as_text=True)
    too_many = message(
        "zh",
        "You can add up to %(num)s file here. Remove one before adding another",
        "You can add up to %(num)s files here. Remove one before adding another",
        3,
    )
    assert too_many in page
    could_not_open = translated(
        "%(name)s could not be opened. It may be damaged. "
        "Take the photo again or choose another file",
        "zh",
    )
    assert could_not_open.replace("%(name)s", "<bdi>0.jpg</bdi>") not in page


def the_document(app) -> Document:
    with app.app_context():
        return db.session.scalars(select(Document)).one()


def test_a_photo_is_shown_in_the_page_and_a_pdf_only_downloaded(app, resident, photo_page):
    """Photos are ours (decoded and written anew): shown inline. A PDF is as it was sent, and
    may carry scripts: downloaded, never opened as a page of this site; sandboxed either way."""
    resident.submit(photo_page, {"licence_photo": Upload("a.jpg", files.photo_jpeg())})
    photo = resident.get(f"/documents/{the_document(app).id}")
    assert photo.headers["Content-Disposition"].startswith("inline;")
    resident.submit(photo_page, action=f"{photo_page}/documents/{the_document(app).id}/remove")
    resident.submit(photo_page, {"licence_photo": Upload("letter.pdf", files.pdf())})
    pdf = resident.get(f"/documents/{the_document(app).id}")
    assert pdf.data == files.pdf()
    assert pdf.headers["Content-Disposition"] == (
        f'attachment; filename="document-{the_document(app).id}.pdf"'
    )
    for response in (photo, pdf):
        assert "sandbox" in response.headers["Content-Security-Policy"].split("; ")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
