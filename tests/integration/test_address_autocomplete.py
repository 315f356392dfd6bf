"""Addresses say what they are (WCAG 1.3.5): a phone offers the saved home address."""

import re

import pytest

from app.demo import load_demo_services
from tests.helpers import location
from tests.integration.walker import GRADE_1, book, give_details

MOBILE = "13912345678"


def address_box(page: str, name: str) -> str:
    box = re.search(rf'<textarea[^>]*name="{name}"[^>]*>', page)
    assert box, f"no {name} on the page"
    return box.group(0)


@pytest.mark.parametrize("code", ["living-allowance", "nursing-allowance", "home-modification"])
def test_the_home_address_question_asks_for_a_street_address(resident, code):
    first = location(resident.submit(f"/apply/{code}"))
    page = resident.get(first.rsplit("/", 1)[0] + "/home-address").get_data(as_text=True)
    assert 'autocomplete="street-address"' in address_box(page, "home_address")


def test_the_visit_address_asks_for_a_street_address(app, resident):
    with app.app_context():
        load_demo_services()
    give_details(app, MOBILE, certificate_number=GRADE_1, district="changji")
    book(resident, "meal_help")
    page = resident.get("/book/details").get_data(as_text=True)
    assert 'autocomplete="street-address"' in address_box(page, "address")
