"""The startup-subsidy journey's pages and a good answer for each, in the order they come."""

from tests.fixtures import files
from tests.helpers import Upload

LICENCE_PHOTO = Upload("营业执照.jpg", files.photo_jpeg())

GOOD_ANSWERS = [
    ("full-name", {"full_name": "王军"}),
    ("id-number", {"id_number": "11010519491231002x"}),
    ("certificate-number", {"certificate_number": "11010519491231002X11"}),
    ("mobile", {"mobile": "139 1234 5678"}),
    ("district", {"district": "changji"}),
    ("business-name", {"business_name": "达康盲人推拿店"}),
    ("business-kind", {"business_kind": "massage"}),
    ("business-address", {"business_address": "昌吉市延安北路 1 号"}),
    ("business-licence", {"has_licence": "yes"}),
    ("licence-code", {"licence_code": "91350100M000100Y43"}),
    ("licence-photo", {"licence_photo": LICENCE_PHOTO}),
    (
        "business-started",
        {"started_on-day": "1", "started_on-month": "6", "started_on-year": "2021"},
    ),
    (
        "bank-account",
        {"bank_name": "中国农业银行昌吉分行", "account_number": "6228 4800 1234 5678 901"},
    ),
]


def start(visitor) -> str:
    """Presses "Start now" and returns the first question's path."""
    from tests.helpers import location

    response = visitor.submit("/apply/startup-subsidy")
    assert response.status_code == 302
    return location(response)


def licence_photo_page(visitor) -> str:
    """A new application answered up to the page asking for a photo of the business licence;
    returns that page's path."""
    from tests.helpers import location

    url = start(visitor)
    for slug, data in GOOD_ANSWERS:
        if slug == "licence-photo":
            return url
        url = location(visitor.submit(url, data))
    raise AssertionError("no photo page")


NO_LICENCE = {
    "business-licence": {"has_licence": "no"},
    "licence-code": None,
    "licence-photo": None,
}


def answer_all(visitor, first_url: str, changes: dict | None = None) -> str:
    """Answers every question from the first; returns the path it ends on (the check page).
    `changes` gives other answers by page, None for a page that is not asked."""
    from tests.helpers import location

    url = first_url
    for slug, good in GOOD_ANSWERS:
        data = (changes or {}).get(slug, good)
        if data is None:
            continue
        assert url.split("?")[0].endswith("/" + slug), f"expected {slug}, got {url}"
        response = visitor.submit(url, data)
        assert response.status_code == 302, response.get_data(as_text=True)
        url = location(response)
    return url
