from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

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
        tomorrow = date.today() + timedelta(days=1)
        field = submit(str(tomorrow.day), str(tomorrow.month), str(tomorrow.year))
        assert field.errors == [str(StartedOn.started_on.kwargs["not_future"])]
        assert (
            submit(
                *[str(p) for p in (date.today().day, date.today().month, date.today().year)]
            ).errors
            == []
        )

    def test_not_in_the_past(self):
        form = VisitOn(
            formdata=MultiDict(
                {"visit_on-day": "1", "visit_on-month": "1", "visit_on-year": "2000"}
            ),
            meta={"csrf": False},
        )
        form.validate()
        assert form.visit_on.errors == ["Not past"]

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
