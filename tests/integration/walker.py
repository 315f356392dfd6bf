"""The one walk through a journey, as a resident goes: load the page, answer it, press Continue,
to the check page. Any programme, answered from its definition with a good answer of each type;
any booking, answered step by step."""

import re
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Slot, Station, User
from app.programmes.definitions import FieldSpec
from tests.fixtures import files
from tests.helpers import Upload, location

ID_NUMBER = "11010519491231002X"
CHILD_ID = "652301201003151231"
GOOD = {
    "text": "测试",
    "textarea": "昌吉市延安北路 1 号",
    "money": "1500",
    "id_number": ID_NUMBER,
    "certificate_number": ID_NUMBER + "11",
    "mobile": "13912345678",
    "credit_code": "91350100M000100Y43",
    "bank_account": "6228480012345678901",
    "district": "changji",
    "yes_no": "yes",
}


def good_answer(field: FieldSpec) -> dict:
    """Form data for one question: a valid answer that also meets the programme's rules."""
    name = field.name
    if field.type == "date":
        day = date.today() + (timedelta(days=7) if field.not_past else -timedelta(days=400))
        return {
            f"{name}-day": str(day.day),
            f"{name}-month": str(day.month),
            f"{name}-year": str(day.year),
        }
    if field.type in ("choice", "choices"):
        return {name: field.options[0].value}
    if field.type == "file":
        return {name: Upload("photo.jpg", files.photo_jpeg())}
    if name.startswith("child_id"):
        return {name: CHILD_ID}
    return {name: GOOD[field.type]}


def page_data(page_spec) -> dict:
    data = {}
    for field in page_spec.fields:
        data.update(good_answer(field))
    return data


def walk_steps(visitor, url: str, answer: Callable[[str, str], dict], end: str) -> str:
    """From `url`, each page answered with `answer(url, page)`, until a path ending in `end`;
    returns that path."""
    for _ in range(80):
        if url.split("?")[0].endswith(end):
            return url
        shown = visitor.get(url)
        if shown.status_code == 302:  # an empty list goes straight to its first item
            url = location(shown)
            continue
        response = visitor.submit(url, answer(url, shown.get_data(as_text=True)))
        assert response.status_code == 302, f"{url} refused: {response.get_data(as_text=True)}"
        url = location(response)
    raise AssertionError(f"the walk does not reach {end}: {url}")


def walk(visitor, programme, group_items: int = 3) -> str:
    """From the start page to the check page, adding `group_items` items to each "add another"
    group; returns the check page's path."""
    added: dict[str, int] = {}

    def answer(url: str, _page: str) -> dict:
        parts = url.split("?")[0].split("/")  # "", "applications", id, slug[, item]
        page = programme.page(parts[3])
        if page.group and len(parts) == 4:  # the list: add another, or go on
            more = added.get(page.slug, 0) < min(group_items, page.group.max)
            return {"add": "yes" if more else "no"}
        if page.group:
            added[page.slug] = added.get(page.slug, 0) + 1
        return page_data(page.spec)

    first = location(visitor.submit(f"/apply/{programme.code}"))
    return walk_steps(visitor, first, answer, "/check")


# ---- Bookings ----

GRADE_1 = "11010519491231002X11"
GRADE_3 = "11010519491231002X13"


def give_details(app, mobile: str, **details) -> int:
    """Sets details a resident gave before (certificate, district...); returns their id."""
    with app.app_context():
        user = db.session.scalars(select(User).where(User.mobile == mobile)).one()
        user.details = {**(user.details or {}), **details}
        db.session.commit()
        return user.id


def radio_values(page: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" type="radio" value="([^"]+)"', page)


def book(visitor, service: str, pick=0, details=None, resident_id=None) -> str:
    """Goes through every step, choosing the `pick`th place and time; returns the check page."""

    def answer(url: str, page: str) -> dict:
        if url == "/book/for-whom":
            return {"resident": str(resident_id or radio_values(page, "resident")[0])}
        if url == "/book/device":
            return {"device": "wheelchair"}
        if url == "/book/place":
            name = "slot" if 'name="slot"' in page else "station"
            return {name: radio_values(page, name)[pick]}
        if url == "/book/time" and 'name="slot"' in page:
            return {"slot": radio_values(page, "slot")[pick]}
        if url == "/book/time":
            return tomorrow_parts()
        if url == "/book/details":
            return details or {"address": "昌吉市延安北路 1 号", "needs": "少放盐"}
        raise AssertionError(f"unexpected step {url}")

    first = location(visitor.submit("/book?new=1", {"service": service}, action="/book"))
    return walk_steps(visitor, first, answer, "/book/check")


def tomorrow_parts() -> dict:
    from datetime import date, timedelta

    day = date.today() + timedelta(days=1)
    return {
        "collect_on-day": str(day.day),
        "collect_on-month": str(day.month),
        "collect_on-year": str(day.year),
    }


def confirm(visitor) -> str:
    page = visitor.get("/book/check").get_data(as_text=True)
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    response = visitor.submit("/book/check", {"key": key})
    return location(response) if response.status_code == 302 else response.get_data(as_text=True)


def station_id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalars(select(Station).where(Station.code == code)).one().id


def slot_places(app, slot_id: int) -> int:
    with app.app_context():
        return db.session.get(Slot, slot_id).places_left
