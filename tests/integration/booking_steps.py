"""Booking through the pages, as a resident or family member does."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import Slot, Station
from tests.helpers import location

GRADE_1 = "11010519491231002X11"
GRADE_3 = "11010519491231002X13"


def give_details(app, mobile: str, **details) -> int:
    """Sets details a resident gave before (certificate, district...); returns their id."""
    from app.models import User

    with app.app_context():
        user = db.session.scalars(select(User).where(User.mobile == mobile)).one()
        user.details = {**(user.details or {}), **details}
        db.session.commit()
        return user.id


def radio_values(page: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" type="radio" value="([^"]+)"', page)


def book(visitor, service: str, pick=0, details=None, resident_id=None) -> str:
    """Goes through every step, choosing the `pick`th place and time; returns the check page."""
    url = location(visitor.submit("/book?new=1", {"service": service}, action="/book"))
    for _ in range(10):
        if url == "/book/check":
            return url
        page = visitor.get(url).get_data(as_text=True)
        if url == "/book/for-whom":
            data = {"resident": str(resident_id or radio_values(page, "resident")[0])}
        elif url == "/book/device":
            data = {"device": "wheelchair"}
        elif url == "/book/place":
            name = "slot" if 'name="slot"' in page else "station"
            data = {name: radio_values(page, name)[pick]}
        elif url == "/book/time" and 'name="slot"' in page:
            data = {"slot": radio_values(page, "slot")[pick]}
        elif url == "/book/time":
            data = {"collect_on-day": "", "collect_on-month": "", "collect_on-year": ""}
            data.update(tomorrow_parts())
        elif url == "/book/details":
            data = details or {"address": "昌吉市延安北路 1 号", "needs": "少放盐"}
        else:
            raise AssertionError(f"unexpected step {url}")
        response = visitor.submit(url, data)
        assert response.status_code == 302, (url, response.get_data(as_text=True))
        url = location(response)
    raise AssertionError("the booking never reached its check page")


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
