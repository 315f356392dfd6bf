"""What a page the phone may keep shows. The service worker keeps residents' pages for a week,
where whoever holds a lost or shared phone may read them: a personal number (ID, disability
certificate, bank account, mobile) shows only its last four characters there, and a page that
must hold one in full (the question that asks it, with the saved answer in its input) is sent
no-store, so that it is never kept."""

import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from app import programmes
from app.config import LANGUAGES
from app.demo import load_demo_services
from app.extensions import db
from app.models import Application, ApplicationEvent, Role, Step, User
from app.services import applications
from tests.helpers import location, message, own_device, staff_member
from tests.integration.journey import answer_all, start
from tests.integration.walker import book, confirm, walk

ID_NUMBER = "11010519491231002X"
CERTIFICATE_NUMBER = ID_NUMBER + "11"
BANK_ACCOUNT = "6228480012345678901"
MOBILE = "13912345678"
FULL_NUMBERS = (ID_NUMBER, BANK_ACCOUNT, MOBILE)
LANGS = list(LANGUAGES)


def ending(lang: str, last: str) -> str:
    """How a page in `lang` shows a number by its end: "ending 1234", the digits isolated."""
    return str(escape(message(lang, "ending %(last)s"))) % {"last": f'<bdi dir="ltr">{last}</bdi>'}


def kept_by_the_phone(response) -> bool:
    return "no-store" not in response.headers.get("Cache-Control", "")


def record_pages(client) -> list[tuple[str, object]]:
    """Every HTML page the client is given from now on, with its path."""
    pages = []
    fetch = client.open

    def recording(*args, **kwargs):
        response = fetch(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code == 200:
            pages.append((response.request.full_path.rstrip("?"), response))
        return response

    client.open = recording
    return pages


@pytest.mark.parametrize("lang", LANGS)
def test_check_answers_and_the_application_show_numbers_by_their_last_four(resident, lang):
    resident.choose_language(lang)
    check_url = answer_all(resident, start(resident))
    check = resident.get(check_url)
    submitted = resident.submit(check_url, {"confirm": "y"})
    confirmation = resident.get(location(submitted))
    mine = resident.get(location(submitted).removesuffix("/confirmation"))

    for page in (check, mine):
        shown = page.get_data(as_text=True)
        assert kept_by_the_phone(page)
        for number in (ID_NUMBER, CERTIFICATE_NUMBER, BANK_ACCOUNT, MOBILE):
            assert number not in shown
            assert ending(lang, number[-4:]) in shown
        assert "91350100M000100Y43" in shown  # a business's public code stays whole
    shown = confirmation.get_data(as_text=True)
    assert MOBILE not in shown and ending(lang, "5678") in shown
    account = resident.get("/account").get_data(as_text=True)
    assert MOBILE not in account and ending(lang, "5678") in account


def test_the_questions_that_ask_a_personal_number_are_never_kept(app, resident):
    first = start(resident)
    answer_all(resident, first)
    base = first.rsplit("/", 1)[0]
    for slug, saved in (
        ("id-number", ID_NUMBER),
        ("certificate-number", CERTIFICATE_NUMBER),
        ("mobile", MOBILE),
        ("bank-account", BANK_ACCOUNT),
    ):
        page = resident.get(f"{base}/{slug}")
        # The resident sees what they saved, to check or change it; the phone keeps no copy.
        assert f'value="{saved}"' in page.get_data(as_text=True)
        assert not kept_by_the_phone(page), slug
    assert kept_by_the_phone(resident.get(f"{base}/full-name"))

    with app.app_context():
        load_demo_services()
    chosen = resident.submit("/book?new=1", {"service": "rehab"}, action="/book")
    certificate = resident.get(location(chosen))
    assert certificate.request.path == "/book/certificate"
    assert not kept_by_the_phone(certificate)


def test_no_page_the_phone_may_keep_shows_a_personal_number_in_full(app, resident):
    """A whole application and booking journey, with the pages every link leads to."""
    pages = record_pages(resident.client)
    with app.app_context():
        load_demo_services()

    check_url = answer_all(resident, start(resident))
    resident.get(location(resident.submit(check_url, {"confirm": "y"})))
    with app.test_request_context():  # a caseworker asks for more: the page gets a form
        caseworker = User(mobile="13700000000", role=Role.CASEWORKER, district="changji")
        db.session.add(caseworker)
        application = db.session.scalars(select(Application)).one()
        asked = ApplicationEvent(step=Step.INFORMATION_REQUESTED, note="请补充营业执照")
        applications.take_step(application, asked, caseworker)
        application_url = f"/applications/{application.id}"
    resident.get(application_url)
    # A second application: its questions offer the details given on the first.
    with app.app_context():
        living = programmes.get("living-allowance")
    walk(resident, living)
    book(resident, "rehab")
    resident.get(confirm(resident))
    for path in ("/account", "/account/messages", "/account/activity", "/account/family"):
        resident.get(path)
    crawl(resident, pages)

    kept = [(path, response) for path, response in pages if kept_by_the_phone(response)]
    never_kept = [response for path, response in pages if not kept_by_the_phone(response)]
    for path, response in kept:
        shown = response.get_data(as_text=True)
        for number in FULL_NUMBERS:
            assert number not in shown, f"{path} shows {number} in full"
    paths = {path for path, response in kept}
    assert {check_url, application_url, "/book/check", "/bookings", "/account"} <= paths
    # The numbers are on the phone's screen only where they are asked, on pages never kept.
    assert any(ID_NUMBER in response.get_data(as_text=True) for response in never_kept)
    assert any(BANK_ACCOUNT in response.get_data(as_text=True) for response in never_kept)


def crawl(visitor, pages: list, limit: int = 200) -> None:
    """Opens every page of this site that a page seen so far links to, and theirs in turn."""
    seen = {path for path, response in pages}
    waiting, read = [], 0
    for _ in range(limit):
        for _path, response in pages[read:]:
            for link in re.findall(r'href="(/[^"]*)"', response.get_data(as_text=True)):
                link = link.replace("&amp;", "&")
                if link not in seen and not _elsewhere(link):
                    seen.add(link)
                    waiting.append(link)
        read = len(pages)
        if not waiting:
            return
        visitor.get(waiting.pop())
    raise AssertionError("the site has more pages than the crawl expected")


def _elsewhere(link: str) -> bool:
    """Files, another language of a page seen, or another site: not a page to walk."""
    return link.startswith(("/static/", "/pwa/", "/documents/", "//")) or "lang=" in link


def test_caseworkers_still_see_the_whole_numbers_on_pages_never_kept(app, resident, sent):
    check_url = answer_all(resident, start(resident))
    resident.submit(check_url, {"confirm": "y"})
    caseworker = staff_member(app, sent, own_device(app), Role.CASEWORKER, district="changji")
    with app.app_context():
        application_id = db.session.scalars(select(Application.id)).one()
    review = caseworker.get(f"/staff/applications/{application_id}")
    assert review.status_code == 200 and not kept_by_the_phone(review)
    shown = review.get_data(as_text=True)
    for number in (ID_NUMBER, CERTIFICATE_NUMBER, BANK_ACCOUNT, MOBILE):
        assert f'<bdi dir="ltr">{number}</bdi>' in shown
