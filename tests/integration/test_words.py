"""Words, dates and numbers on residents' pages, in both languages: one date order (Uyghur
with يىلى), times without seconds, past-tense activity, payment messages without gaps, yes/no
errors that say what is missing, where a resident is in a long programme, no space between
Chinese sentences. (tests/page_check.py refuses the old Uyghur date orders on every page.)"""

import re
from datetime import date

import pytest
from sqlalchemy import select

from app.config import LANGUAGES
from app.demo import DEMO_MOBILE, load_demo_data
from app.extensions import db
from app.models import User
from app.services import casework
from tests.fixtures.applications import approved_with_caseworker
from tests.helpers import location, translated
from tests.integration.journey import start

TAG = re.compile(r"<[^>]+>")
UYGHUR_DATE = re.compile(r"\d{4}-يىلى \d{1,2}-[\u0600-\u06ff]+")
KAZAKH_DATE = re.compile(r"\d{4}-جىلى \d{1,2}-[\u0600-\u06ff]+")
CHINESE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
TIME_WITHOUT_SECONDS = re.compile(r"\d{2}:\d{2}(?!:)")


def text_of(page: str, css_class: str) -> list[str]:
    """The text of each element with this class, tags taken away."""
    found = re.findall(rf'class="{css_class}"[^>]*>(.*?)</(?:p|time)>', page, re.S)
    return [TAG.sub("", part).strip() for part in found]


def in_language(visitor, lang: str):
    visitor.get(f"/?lang={lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_activity_reads_as_events_done_with_one_date_order_and_no_seconds(resident, lang):
    in_language(resident, lang)
    page = resident.get("/account/activity").get_data(as_text=True)
    assert translated("Account created", lang) in page
    assert {"zh": "创建了账户", "ug": "ھېسابات قۇرۇلدى", "kk_Arab_CN": "ەسەپتىك جازبا اشىلدى"}[
        lang
    ] in page
    times = text_of(page, "activity-when")
    assert times
    date_pattern = {"zh": CHINESE_DATE, "ug": UYGHUR_DATE, "kk_Arab_CN": KAZAKH_DATE}[lang]
    for when in times:
        assert date_pattern.search(when) and TIME_WITHOUT_SECONDS.search(when), when
        assert not re.search(r"\d:\d{2}:\d{2}", when)


def paid_application(app, paid_on: date) -> tuple[int, str]:
    """An approved application paid through the caseworkers' service; its resident's mobile."""
    with app.test_request_context():
        application, caseworker = approved_with_caseworker()
        application_id = application.id
        db.session.commit()
        casework.record_payment(application, caseworker, paid_on, 5000, "PAY-0001")
        mobile = db.session.scalar(select(User.mobile).where(User.id == application.resident_id))
    return application_id, mobile


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", ["¥5,000.00", "已于2026年11月30日发放"]),
        ("ug", ["5,000.00", "2026-يىلى 30-نويابىر تۆلەندى"]),
    ],
)
def test_a_payment_message_says_the_amount_and_the_day(app, visitor, lang, said):
    _, mobile = paid_application(app, date(2026, 11, 30))
    in_language(visitor, lang)
    visitor.sign_in(mobile)
    page = visitor.get("/account/messages").get_data(as_text=True)
    shown = TAG.sub("", page)
    for words in said:
        assert words in shown
    for when in text_of(page, "timeline-date"):
        assert TIME_WITHOUT_SECONDS.search(when) and not re.search(r"\d:\d{2}:\d{2}", when)


def test_the_text_message_about_a_payment_has_no_gap_and_no_space_between_sentences(app, sent):
    _, mobile = paid_application(app, date(2026, 11, 30))
    texts = [text for number, text in sent if number == mobile]
    assert texts and "已于2026年11月30日发放" in texts[-1]
    assert "。 " not in texts[-1] and "： " not in texts[-1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_yes_no_question_left_blank_asks_whether_not_for_yes(resident, lang):
    in_language(resident, lang)
    url = start(resident)
    application = url.split("/")[2]
    response = resident.submit(f"/applications/{application}/business-licence", {})
    page = response.get_data(as_text=True)
    assert translated("Select whether you have a business licence", lang) in page
    assert {"zh": "是否", "ug": "بار-يوقلۇقىنى", "kk_Arab_CN": "بار ما، تاڭداڭىز"}[lang] in page


CAPTION = {
    "zh": re.compile(r"^一次性创业补贴：第(\d+)题，共约(\d+)题$"),
    "ug": re.compile(r"^.+: (\d+)-سوئال، جەمئىي تەخمىنەن (\d+) سوئال$"),
    "kk_Arab_CN": re.compile(r"^.+: سۇراق (\d+)، بارلىعى شامامەن (\d+) سۇراق$"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_long_programme_says_which_question_of_about_how_many(resident, lang):
    in_language(resident, lang)
    first = start(resident)
    caption = text_of(resident.get(first).get_data(as_text=True), "caption")
    number, total = CAPTION[lang].match(caption[0]).groups()
    assert number == "1" and int(total) > 8
    response = resident.submit(first, {"full_name": "王军"})
    caption = text_of(resident.get(location(response)).get_data(as_text=True), "caption")
    assert CAPTION[lang].match(caption[0]).groups() == ("2", total)


def test_how_long_an_application_takes_reads_as_two_chinese_sentences(visitor):
    in_language(visitor, "zh")
    page = visitor.get("/apply/startup-subsidy").get_data(as_text=True)
    assert re.search(r"分钟。每次", page)
    assert "分钟。 " not in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_privacy_page_says_what_is_kept_without_the_word_cookie(visitor, lang):
    in_language(visitor, lang)
    page = visitor.get("/privacy").get_data(as_text=True)
    assert translated("What we keep in your browser", lang) in page
    assert "cookie" not in TAG.sub("", page).lower() and "كۇكى" not in page


def test_the_demo_residents_payment_message_has_its_day(app, visitor):
    with app.test_request_context():
        load_demo_data()
    visitor.sign_in(DEMO_MOBILE)
    page = TAG.sub("", visitor.get("/account/messages").get_data(as_text=True))
    assert re.search(r"已于\d{4}年\d{1,2}月\d{1,2}日发放", page)
    assert "已于发放" not in page
