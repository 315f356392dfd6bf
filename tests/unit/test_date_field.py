from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from app.clock import local_today
from app.forms import messages
from app.forms.fields import DatePartsField
from app.forms.question import QuestionForm


class StartedOn(QuestionForm):
    started_on = DatePartsField(
        "When did your business start?",
        required="Enter the date your business started",
        not_future="The date must be today or in the past",
    )


class VisitOn(QuestionForm):
    visit_on = DatePartsField("When can we visit?", required="Enter a date", not_past="Not past")


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def parts(day: date) -> tuple[str, str, str]:
    return str(day.day), str(day.month), str(day.year)


def visit_on(day: date):
    form = VisitOn(
        formdata=MultiDict(
            dict(zip(("visit_on-day", "visit_on-month", "visit_on-year"), parts(day), strict=True))
        ),
        meta={"csrf": False},
    )
    form.validate()
    return form.visit_on


def submit(day="", month="", year=""):
    form = StartedOn(
        formdata=MultiDict(
            {"started_on-day": day, "started_on-month": month, "started_on-year": year}
        ),
        meta={"csrf": False},
    )
    form.validate()
    return form.started_on


@pytest.mark.usefixtures("request_context")
class TestDatePartsField:
    def test_a_real_date(self):
        field = submit("15", "3", "2024")
        assert field.errors == []
        assert field.data == date(2024, 3, 15)

    def test_full_width_digits(self):
        wide = str.maketrans("0123456789", "".join(chr(0xFF10 + i) for i in range(10)))
        assert submit(
            "15".translate(wide), "3".translate(wide), "2024".translate(wide)
        ).data == date(2024, 3, 15)

    def test_nothing_typed_asks_for_the_date(self):
        field = submit()
        assert field.errors == [str(StartedOn.started_on.kwargs["required"])]

    @pytest.mark.parametrize(
        ("typed", "missing"),
        [
            (("", "3", "2024"), ("day",)),
            (("15", "", "2024"), ("month",)),
            (("15", "3", ""), ("year",)),
            (("", "", "2024"), ("day", "month")),
            (("15", "", ""), ("month", "year")),
        ],
    )
    def test_names_the_missing_parts(self, typed, missing):
        field = submit(*typed)
        assert field.errors == [str(messages.DATE_MISSING[missing])]
        assert field.error_parts == missing

    @pytest.mark.parametrize(
        "typed", [("31", "2", "2024"), ("29", "2", "2023"), ("1", "13", "2024"), ("a", "3", "2024")]
    )
    def test_impossible_dates(self, typed):
        assert submit(*typed).errors == [str(messages.DATE_NOT_REAL)]

    def test_two_digit_year(self):
        field = submit("15", "3", "24")
        assert field.errors == [str(messages.DATE_YEAR_DIGITS)]
        assert field.error_parts == ("year",)

    def test_not_in_the_future(self):
        field = submit(*parts(local_today() + timedelta(days=1)))
        assert field.errors == [str(StartedOn.started_on.kwargs["not_future"])]
        assert submit(*parts(local_today())).errors == []

    def test_not_in_the_past(self):
        assert visit_on(date(2000, 1, 1)).errors == ["Not past"]

    def test_today_in_beijing_is_not_in_the_future_on_a_server_in_utc(self, beijing_morning):
        assert submit(*parts(beijing_morning)).errors == []

    def test_yesterday_in_beijing_is_in_the_past_on_a_server_in_utc(self, beijing_morning):
        assert visit_on(beijing_morning - timedelta(days=1)).errors == ["Not past"]
        assert visit_on(beijing_morning).errors == []

    def test_what_was_typed_is_kept_for_the_page_with_the_error(self):
        field = submit("31", "2", "2024")
        assert field.parts == {"day": "31", "month": "2", "year": "2024"}

    def test_parts_follow_the_order_the_language_writes_dates(self):
        field = submit()
        with force_locale("zh"):
            assert field.part_order() == ["year", "month", "day"]
        with force_locale("ug"):
            assert field.part_order() == ["year", "month", "day"]
        with force_locale("kk_Arab"):
            assert field.part_order() == ["day", "month", "year"]
