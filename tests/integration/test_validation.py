"""Every question's bad answers get a specific message in the user's language, and what was
typed stays in the field."""

import html
import re

import pytest

from app.config import LANGUAGES
from tests.helpers import location, translated
from tests.integration.journey import GOOD_ANSWERS, start

ID = "11010519491231002X"

CASES = [
    ("full-name", {"full_name": "  "}, "Enter your full name"),
    ("full-name", {"full_name": "王" * 51}, "Full name must be 50 characters or fewer"),
    ("id-number", {"id_number": ""}, "Enter your ID number"),
    (
        "id-number",
        {"id_number": "1101051949123100"},
        "ID number must be 18 characters: 17 digits, then a digit or X",
    ),
    (
        "id-number",
        {"id_number": "1101051949123100XX"},
        "ID number can only contain digits, and X as the last character",
    ),
    (
        "id-number",
        {"id_number": "110105194902300025"},
        "The birth date in this ID number (characters 7 to 14) is not a real date. "
        "Check the number on your ID card",
    ),
    (
        "id-number",
        {"id_number": "110105194912310021"},
        "This ID number is not right. Check each digit against your ID card",
    ),
    ("certificate-number", {"certificate_number": ""}, "Enter your disability certificate number"),
    (
        "certificate-number",
        {"certificate_number": ID},
        "Disability certificate number must be 20 characters: your ID number, then 2 digits",
    ),
    (
        "certificate-number",
        {"certificate_number": ID + "A1"},
        "Disability certificate number can only contain digits, and X as the 18th character",
    ),
    (
        "certificate-number",
        {"certificate_number": "110105194912310021" + "11"},
        "The first 18 characters of the certificate number must be an ID number. "
        "Check the number on your certificate",
    ),
    (
        "certificate-number",
        {"certificate_number": ID + "81"},
        "The 19th digit is the category of disability: it must be from 1 to 7",
    ),
    (
        "certificate-number",
        {"certificate_number": ID + "15"},
        "The last digit is the grade of disability: it must be from 1 to 4",
    ),
    (
        "certificate-number",
        {"certificate_number": "652301198503151233" + "11"},
        "The first 18 characters must be the same as your ID number. Check both numbers",
    ),
    ("mobile", {"mobile": ""}, "Enter your mobile number"),
    ("mobile", {"mobile": "1391234567"}, "Mobile number must be 11 digits"),
    (
        "mobile",
        {"mobile": "12912345678"},
        "Mobile number must start with 13, 14, 15, 16, 17, 18 or 19",
    ),
    ("district", {}, "Select the county or city where you live"),
    ("district", {"district": "beijing"}, "Select the county or city where you live"),
    ("business-name", {"business_name": ""}, "Enter the name of your business"),
    ("business-kind", {}, "Select the kind of business"),
    ("business-address", {"business_address": ""}, "Enter the address of your business"),
    (
        "business-address",
        {"business_address": "路" * 201},
        "The address must be 200 characters or fewer",
    ),
    ("business-licence", {}, "Select whether you have a business licence"),
    (
        "licence-code",
        {"licence_code": ""},
        "Enter the unified social credit code on your business licence",
    ),
    (
        "licence-code",
        {"licence_code": "91350100M000100Y4"},
        "The unified social credit code must be 18 characters",
    ),
    (
        "licence-code",
        {"licence_code": "91350100M000100Y4O"},
        "The unified social credit code can only contain digits and capital letters, "
        "but not I, O, S, V or Z",
    ),
    (
        "licence-code",
        {"licence_code": "91350100M000100Y44"},
        "This code is not right. Check each character against your business licence",
    ),
    ("business-started", {}, "Enter the date your business started"),
    (
        "business-started",
        {"started_on-day": "1", "started_on-year": "2021"},
        "The date must include a month",
    ),
    (
        "business-started",
        {"started_on-day": "30", "started_on-month": "2", "started_on-year": "2021"},
        "The date must be a real date",
    ),
    (
        "business-started",
        {"started_on-day": "1", "started_on-month": "2", "started_on-year": "21"},
        "The year must have 4 digits",
    ),
    (
        "business-started",
        {"started_on-day": "1", "started_on-month": "1", "started_on-year": "2999"},
        "The date your business started must be today or in the past",
    ),
    (
        "bank-account",
        {"bank_name": "", "account_number": "6228480012345678901"},
        "Enter the name of your bank",
    ),
    ("bank-account", {"bank_name": "农行", "account_number": ""}, "Enter your account number"),
    (
        "bank-account",
        {"bank_name": "农行", "account_number": "6228-48OO"},
        "Bank account number can only contain digits",
    ),
    (
        "bank-account",
        {"bank_name": "农行", "account_number": "62284800"},
        "Bank account number must be from 12 to 30 digits",
    ),
]


@pytest.fixture
def application_path(resident):
    """A draft with every question answered, so that any page can be visited directly."""
    url = start(resident)
    for _slug, data in GOOD_ANSWERS:
        url = location(resident.submit(url, data))
    return url.rsplit("/", 1)[0]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("slug", "data", "message"), CASES, ids=[f"{c[0]}:{c[2][:30]}" for c in CASES]
)
def test_bad_answer_gets_its_own_message(resident, application_path, lang, slug, data, message):
    resident.choose_language(lang)
    response = resident.submit(f"{application_path}/{slug}", data)
    assert response.status_code == 200
    # What "Listen" reads in the phone's voice (Chinese) is an attribute, not shown.
    page = re.sub(r'\sdata-text="[^"]*"', "", response.get_data(as_text=True))
    expected = translated(message, lang)
    assert expected != message, "the message has no translation"
    # Once in the error summary, once by the field.
    assert page.count(expected) == 2
    assert page.count(translated("There is a problem", lang)) == 1
    # Nothing typed is lost.
    for name, value in data.items():
        if value.strip() and name not in ("district", "business_kind", "has_licence"):
            typed = html.escape(value)
            assert f'value="{typed}"' in page or f"{typed}</textarea>" in page


def test_the_error_summary_links_to_the_field(resident, application_path):
    page = resident.submit(f"{application_path}/district", {}).get_data(as_text=True)
    assert 'href="#district-0"' in page and 'id="district-0"' in page
    page = resident.submit(
        f"{application_path}/business-started", {"started_on-day": "1", "started_on-year": "2021"}
    ).get_data(as_text=True)
    assert 'href="#started_on-month"' in page
    page = resident.submit(f"{application_path}/id-number", {"id_number": ""}).get_data(
        as_text=True
    )
    assert 'href="#id_number"' in page
    assert 'aria-describedby="id_number-hint id_number-error"' in page


def test_the_title_says_error_first(resident, application_path):
    page = resident.submit(f"{application_path}/full-name", {"full_name": ""}).get_data(
        as_text=True
    )
    assert (
        "<title>" + translated("Error:", "zh") + " " + translated("What is your full name?", "zh")
        in page
    )
