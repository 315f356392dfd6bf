"""The federation's figures on a known set of applications: counts, yuan and median days, for a
district or the prefecture and a period; the page, the chart, and the CSV file's bytes."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from app.config import LANGUAGES
from app.extensions import db
from app.models import Application, Role, Status, User
from app.services import reports
from tests.helpers import message, own_device, staff_member, translated


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00").replace(tzinfo=UTC)


# (programme, district, status, submitted, decided, approved yuan, paid yuan, paid on)
KNOWN = [
    (
        "startup-subsidy",
        "changji",
        Status.PAID,
        "2025-02-01",
        "2025-02-11",
        5000,
        5000,
        "2025-03-01",
    ),
    ("startup-subsidy", "changji", Status.APPROVED, "2025-04-01", "2025-04-05", 5000, None, None),
    ("startup-subsidy", "changji", Status.REJECTED, "2025-05-01", "2025-05-21", None, None, None),
    ("startup-subsidy", "changji", Status.SUBMITTED, "2025-12-30", None, None, None, None),
    (
        "startup-subsidy",
        "fukang",
        Status.PAID,
        "2025-06-01",
        "2025-06-03",
        5000,
        5000,
        "2025-06-10",
    ),
    (
        "living-allowance",
        "changji",
        Status.PAID,
        "2024-12-20",
        "2025-01-04",
        1200,
        1200,
        "2025-01-10",
    ),
    (
        "startup-subsidy",
        "changji",
        Status.PAID,
        "2024-03-01",
        "2024-03-02",
        5000,
        5000,
        "2024-04-01",
    ),
]
YEAR_2025 = reports.Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
def known(app):
    with app.app_context():
        resident = User(mobile="13512345678")
        db.session.add(resident)
        db.session.flush()
        for number, row in enumerate(KNOWN, start=1):
            code, district, status, submitted, decided, approved, paid, paid_on = row
            db.session.add(
                Application(
                    programme=code,
                    resident_id=resident.id,
                    created_by_id=resident.id,
                    status=status,
                    answers={},
                    district=district,
                    reference=f"CJ-2025-{number:06d}",
                    submitted_at=at(submitted),
                    decided_at=at(decided) if decided else None,
                    approved_yuan=approved,
                    paid_yuan=paid,
                    paid_on=date.fromisoformat(paid_on) if paid_on else None,
                )
            )
        db.session.commit()


def test_the_figures_of_a_district_and_a_year(app, known):
    with app.app_context():
        found = reports.figures(YEAR_2025, district="changji")
    startup = found["startup-subsidy"]
    assert (startup.received, startup.approved, startup.rejected) == (4, 2, 1)
    assert (startup.paid, startup.paid_yuan) == (1, 5000)
    assert startup.median_days == pytest.approx(10.0)  # 10, 4 and 20 days
    living = found["living-allowance"]
    assert (living.received, living.approved, living.paid, living.paid_yuan) == (0, 1, 1, 1200)
    assert living.median_days == pytest.approx(15.0)


def test_the_whole_prefecture_and_a_quarter(app, known):
    with app.app_context():
        prefecture = reports.figures(YEAR_2025)
        first_quarter = reports.figures(reports.Period(date(2025, 1, 1), date(2025, 3, 31)))
    assert prefecture["startup-subsidy"].received == 5
    assert prefecture["startup-subsidy"].paid_yuan == 10000
    assert first_quarter["startup-subsidy"].received == 1
    assert first_quarter["startup-subsidy"].paid == 1


def test_a_day_is_counted_in_beijing_time(app):
    """Submitted at 17:00 UTC on 31 December is 1 January in Changji."""
    with app.app_context():
        resident = User(mobile="13512345679")
        db.session.add(resident)
        db.session.flush()
        db.session.add(
            Application(
                programme="startup-subsidy",
                resident_id=resident.id,
                created_by_id=resident.id,
                status=Status.SUBMITTED,
                answers={},
                district="changji",
                submitted_at=at("2024-12-31", 17),
            )
        )
        db.session.commit()
        assert reports.figures(YEAR_2025)["startup-subsidy"].received == 1


@pytest.fixture
def caseworker(app, sent, authenticator):
    return staff_member(app, sent, authenticator, Role.CASEWORKER, district="changji")


def test_on_new_years_morning_in_beijing_the_report_is_of_the_new_year(
    beijing_morning, app, sent, authenticator
):
    """23:30 on 31 December on a server in UTC is already the new year in Changji."""
    caseworker = staff_member(app, sent, authenticator, Role.CASEWORKER, district="changji")
    page = caseworker.get("/staff/reports").get_data(as_text=True)
    year = page.split('name="year"', 1)[1].split("</select>", 1)[0]
    assert f'<option selected value="{beijing_morning.year}">' in year


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_shows_the_table_and_its_chart(app, known, caseworker, lang):
    caseworker.choose_language(lang)
    page = caseworker.get("/staff/reports?year=2025&district=fukang").get_data(as_text=True)
    # A caseworker's figures are their own district's, whatever the address asks.
    assert translated("Applications by programme", lang) in page
    assert '<td class="numeric"><bdi dir="ltr">4</bdi></td>' in page  # Changji received 4
    assert "<svg" in page and 'role="img"' in page
    assert translated("The whole prefecture", lang) not in page


def test_an_administrator_sees_the_prefecture(app, known, sent, authenticator):
    admin = staff_member(app, sent, own_device(app), Role.ADMIN, mobile="13700000003")
    page = admin.get("/staff/reports?year=2025").get_data(as_text=True)
    assert translated("The whole prefecture", "zh") in page
    assert '<td class="numeric"><bdi dir="ltr">5</bdi></td>' in page  # 4 + 1 from Fukang


def test_the_csv_opens_in_excel_with_chinese_text(app, known, caseworker):
    response = caseworker.get("/staff/reports/figures.csv?year=2025&programme=startup-subsidy")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel looks for
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == message("zh", "Programme")
    assert rows[1] == [message("zh", "One-off startup subsidy"), "4", "2", "1", "1", "5000", "10.0"]
    assert len(rows) == 2
