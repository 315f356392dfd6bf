"""Residents' documents in Chromium, served safely: a photo still shows in the caseworker's
page and opens in the browser, while a PDF (kept as it was sent) is only ever downloaded."""

import contextlib

from playwright.sync_api import Error, expect

from app.extensions import db
from app.models import Application, Role
from app.services import documents
from tests.browser.test_casework import CASEWORKER_MOBILE, join_staff
from tests.browser.test_passkeys import virtual_authenticator
from tests.fixtures import files
from tests.fixtures.applications import submitted_application


def a_photo_and_a_pdf(app) -> tuple[int, int, int]:
    """A submitted application in Changji with a photo and a PDF: its id and theirs."""
    with app.app_context():
        application = db.session.get(Application, submitted_application())
        photo = documents.keep(
            application, "licence_photo", documents.clean(files.photo_jpeg(), "a.jpg"), None
        )
        pdf = documents.keep(application, "proof", documents.clean(files.pdf(), "b.pdf"), None)
        db.session.commit()
        return application.id, photo.id, pdf.id


def test_photos_show_and_pdfs_download(app, page, sent):
    application, photo, pdf = a_photo_and_a_pdf(app)
    virtual_authenticator(page)
    join_staff(page, app, sent, "zh", CASEWORKER_MOBILE, Role.CASEWORKER, district="changji")

    page.goto(f"/staff/applications/{application}")
    shown = page.locator(f'img[src="/documents/{photo}"]')
    shown.scroll_into_view_if_needed()
    expect(shown).to_have_js_property("complete", True)
    assert shown.evaluate("image => image.naturalWidth") == 48  # turned upright: 48 x 64

    response = page.goto(f"/documents/{photo}")
    assert response.headers["content-disposition"].startswith("inline")
    expect(page.locator("img")).to_have_js_property("naturalWidth", 48)

    # Chromium reports the navigation as aborted: it became a download.
    with page.expect_download() as download, contextlib.suppress(Error):
        page.goto(f"/documents/{pdf}")
    assert download.value.suggested_filename == f"document-{pdf}.pdf"
