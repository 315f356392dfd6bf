"""Words people typed, shown in a page of another language: marked with their language (a
caseworker's Chinese in a Uyghur page reads with a Chinese voice, after a line that says it is
the caseworker's own words in Chinese); ready-made requests each resident reads in their own
language; and a caseworker's Uyghur text, written beside the Chinese, shown to Uyghur readers."""

import re

import pytest
from babel import Locale
from sqlalchemy import select

from app.config import LANGUAGES
from app.extensions import db
from app.models import Application, AuditEvent, Role, Status
from tests.fixtures.applications import submitted_application
from tests.helpers import location, message, staff_member, translated
from tests.integration.journey import answer_all, start

REQUEST = "请上传最近三个月的营业流水或收入记录。"
IN_UYGHUR = "يېقىنقى ئۈچ ئايلىق كىرىم خاتىرىسىنى يوللاڭ."
BUSINESS_INCOME = (
    "Please send your business's income or turnover records for the last three months."
)
OWN_WORDS = "The caseworker's own words, written in %(language)s:"
CHINESE_IN_UYGHUR = '<bdi lang="zh-Hans" dir="ltr">'


def chinese_in(lang: str) -> str:
    """The name of Chinese in the reader's language, as the line before a caseworker's words
    says it (CLDR's: خەنزۇچە in Uyghur)."""
    return Locale.parse(lang).languages["zh"]


@pytest.fixture
def caseworker(app, sent, authenticator):
    return staff_member(app, sent, authenticator, Role.CASEWORKER, district="changji")


def submitted_by(app, resident, lang: str) -> int:
    resident.choose_language(lang)
    check = answer_all(resident, start(resident))
    resident.submit(check, {"confirm": "y"})
    with app.app_context():
        return db.session.scalars(select(Application)).one().id


def ask(caseworker, application_id: int, **data):
    response = caseworker.submit(f"/staff/applications/{application_id}/request-information", data)
    assert location(response) == f"/staff/applications/{application_id}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_ready_made_request_reads_in_the_residents_language(
    app, resident, caseworker, sent, lang
):
    application_id = submitted_by(app, resident, lang)
    ask(caseworker, application_id, request="business_income", note="")

    page = resident.get(f"/applications/{application_id}").get_data(as_text=True)
    section = page[page.index('id="more-information-title"') :]
    assert section.index(translated(BUSINESS_INCOME, lang)) < section.index("<form")
    assert translated(BUSINESS_INCOME, "ug" if lang == "zh" else "zh") not in page
    assert translated(OWN_WORDS, lang, language=chinese_in(lang)) not in page
    inbox = resident.get("/account/messages").get_data(as_text=True)
    assert translated(BUSINESS_INCOME, lang) in inbox
    text = [text for to, text in sent if to == "13912345678"][-1]
    assert message(lang, BUSINESS_INCOME) in text
    # Kept as a key, not as words: read again in the other language, it is in that language.
    other = "ug" if lang == "zh" else "zh"
    resident.choose_language(other)
    page = resident.get(f"/applications/{application_id}").get_data(as_text=True)
    assert translated(BUSINESS_INCOME, other) in page
    with app.app_context():
        asked = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "application.information_requested")
        ).one()
        assert asked.resident_id is not None and asked.actor_id is not None


def test_the_caseworker_sees_each_ready_made_request_in_both_languages(app, caseworker):
    with app.app_context():
        application_id = submitted_application(status=Status.UNDER_REVIEW)
    page = caseworker.get(f"/staff/applications/{application_id}/request-information")
    html = page.get_data(as_text=True)
    assert translated(BUSINESS_INCOME, "zh") in html
    assert f'<bdi lang="ug" dir="rtl">{translated(BUSINESS_INCOME, "ug")}</bdi>' in html
    assert html.count(translated(BUSINESS_INCOME, "zh")) == 1  # each language once
    # Each text box is marked with the language to write in: for the keyboard, the spelling
    # and a screen reader.
    assert re.search(r'<textarea[^>]* id="note"[^>]* lang="zh-Hans"', html)
    assert re.search(r'<textarea[^>]* dir="rtl" id="note_ug" lang="ug"', html)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_caseworkers_chinese_words_are_marked_chinese_in_a_uyghur_page(
    app, resident, caseworker, lang
):
    application_id = submitted_by(app, resident, lang)
    ask(caseworker, application_id, request="own", note=REQUEST)

    line = translated(OWN_WORDS, lang, language=chinese_in(lang))
    for url in (f"/applications/{application_id}", "/account/messages"):
        page = resident.get(url).get_data(as_text=True)
        if lang != "zh":
            # Told first, then read with a Chinese voice.
            assert page.index(line) < page.index(f"{CHINESE_IN_UYGHUR}{REQUEST}</bdi>")
        else:
            assert f"<bdi>{REQUEST}</bdi>" in page
            assert translated(OWN_WORDS, "zh", language="中文") not in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_uyghur_text_beside_the_chinese_is_what_a_uyghur_reader_reads(
    app, resident, caseworker, sent, lang
):
    application_id = submitted_by(app, resident, lang)
    ask(caseworker, application_id, request="own", note=REQUEST, note_ug=IN_UYGHUR)

    for url in (f"/applications/{application_id}", "/account/messages"):
        page = resident.get(url).get_data(as_text=True)
        if lang == "ug":
            assert f'<bdi lang="ug" dir="rtl">{IN_UYGHUR}</bdi>' in page
            assert REQUEST not in page
            assert translated(OWN_WORDS, "ug", language=chinese_in("ug")) not in page
        elif lang == "zh":
            assert f"<bdi>{REQUEST}</bdi>" in page and IN_UYGHUR not in page
        else:  # no Kazakh text beside it: the Chinese, told as Chinese
            assert f"{CHINESE_IN_UYGHUR}{REQUEST}</bdi>" in page and IN_UYGHUR not in page
    with app.app_context():
        event = db.session.scalars(select(Application)).one().events[-1]
        assert event.note_translations == {"ug": IN_UYGHUR}


def test_a_uyghur_text_alone_is_refused(app, caseworker):
    with app.app_context():
        application_id = submitted_application(status=Status.UNDER_REVIEW)
    url = f"/staff/applications/{application_id}/request-information"
    page = caseworker.submit(url, {"request": "own", "note": "", "note_ug": IN_UYGHUR})
    assert page.status_code == 200
    assert translated("Write what you need from the resident", "zh") in page.get_data(as_text=True)
    page = caseworker.submit(
        url, {"request": "certificate_photo", "note": "", "note_ug": IN_UYGHUR}
    )
    assert translated(
        "Write the message in Chinese too: every resident can be shown it", "zh"
    ) in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Application, application_id).status == Status.UNDER_REVIEW


def test_a_reason_not_to_approve_is_shown_as_the_caseworker_wrote_it(app, resident, caseworker):
    application_id = submitted_by(app, resident, "ug")
    caseworker.submit(
        f"/staff/applications/{application_id}/reject",
        {"reason": "other", "note": "申请材料与实际情况不符。"},
    )
    page = resident.get(f"/applications/{application_id}").get_data(as_text=True)
    assert f"{CHINESE_IN_UYGHUR}申请材料与实际情况不符。</bdi>" in page
    assert translated(OWN_WORDS, "ug", language="خەنزۇچە") in page


def test_names_typed_in_chinese_are_marked_chinese_for_a_uyghur_caseworker(app, caseworker):
    with app.app_context():
        application_id = submitted_application(name="王军")
    caseworker.choose_language("ug")
    page = caseworker.get(f"/staff/applications/{application_id}").get_data(as_text=True)
    assert f"{CHINESE_IN_UYGHUR}王军</bdi>" in page
    queue = caseworker.get("/staff/queue").get_data(as_text=True)
    assert f"{CHINESE_IN_UYGHUR}王军</bdi>" in queue
    caseworker.choose_language("zh")
    assert "<bdi>王军</bdi>" in caseworker.get("/staff/queue").get_data(as_text=True)


def test_a_residents_chinese_answers_are_marked_chinese_in_a_uyghur_page(app, resident):
    resident.choose_language("ug")
    check = answer_all(resident, start(resident))
    page = resident.get(check).get_data(as_text=True)
    for typed in ("王军", "达康盲人推拿店", "昌吉市延安北路 1 号"):
        assert f"{CHINESE_IN_UYGHUR}{typed}</bdi>" in page
