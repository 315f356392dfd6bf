"""The report's rules that need no database: periods in Beijing time, and the chart's bars."""

from datetime import UTC, date, datetime

from app.reports.chart import WIDTH, bars
from app.services.reports import Period


def test_a_period_runs_from_midnight_to_midnight_in_beijing():
    first, after = Period(date(2025, 1, 1), date(2025, 12, 31)).bounds()
    assert first.astimezone(UTC) == datetime(2024, 12, 31, 16, tzinfo=UTC)
    assert after.astimezone(UTC) == datetime(2025, 12, 31, 16, tzinfo=UTC)


def test_bars_are_to_scale_and_mirrored_for_right_to_left():
    rows = [("a", 10, "10"), ("b", 5, "5"), ("c", 0, "0")]
    ltr, height = bars(rows, rtl=False)
    rtl, _ = bars(rows, rtl=True)
    assert ltr[0].bar_width == 2 * ltr[1].bar_width and ltr[2].bar_width == 0
    assert all(bar.bar_x == 0 for bar in ltr)
    assert [bar.bar_x + bar.bar_width for bar in rtl] == [WIDTH] * 3
    assert ltr[1].bar_y > ltr[0].bar_y and height > ltr[2].bar_y


def test_no_figures_draw_no_bars_and_no_division_by_zero():
    drawn, height = bars([("a", 0, "0")], rtl=False)
    assert drawn[0].bar_width == 0 and height > 0
