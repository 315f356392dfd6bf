"""The federation's figures: for a programme (or all), a district (or the prefecture) and a
period; as a table, a chart the table describes, and a CSV file that Excel opens as it is.

Caseworkers see their own district; administrators any, or the whole prefecture.
"""

import csv
import io
from datetime import date

from flask import Blueprint, Response, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from app import programmes
from app.clock import local_now
from app.districts import DISTRICTS
from app.forms.fields import options
from app.i18n import current_language
from app.models import Role
from app.reports.chart import WIDTH, bars
from app.reports.forms import ReportChoices
from app.services import reports
from app.staff.guard import for_roles

# Inside the /staff blueprint, behind its guard (app/staff/__init__.py).
bp = Blueprint("reports", __name__)
bp.before_request(for_roles(Role.CASEWORKER, Role.ADMIN))

FIRST_YEAR = 2020
QUARTERS = {"q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12)}


def _this_year() -> int:
    return local_now().year


def _choices() -> ReportChoices:
    choices = ReportChoices(request.args)
    choices.programme.choices = options(
        [("", _("All programmes"))] + [(p.code, p.title) for p in programmes.all_programmes()]
    )
    if current_user.role == Role.ADMIN:
        choices.district.choices = options([("", _("The whole prefecture")), *DISTRICTS.items()])
    else:
        choices.district.choices = options(
            [(current_user.district, DISTRICTS[current_user.district])]
        )
    years = [str(y) for y in range(_this_year(), FIRST_YEAR - 1, -1)]
    choices.year.choices = options([(y, y) for y in years])
    for field, fallback in ((choices.programme, ""), (choices.year, years[0])):
        if field.data not in {choice.value for choice in field.choices}:
            field.data = fallback
    if choices.district.data not in {choice.value for choice in choices.district.choices}:
        choices.district.data = choices.district.choices[0].value
    if choices.part.data not in {choice.value for choice in choices.part.choices}:
        choices.part.data = "year"
    return choices


def _period(choices: ReportChoices) -> reports.Period:
    year = int(choices.year.data)
    first_month, last_month = QUARTERS.get(choices.part.data, (1, 12))
    end = date(year + (last_month == 12), last_month % 12 + 1, 1)
    return reports.Period(date(year, first_month, 1), date.fromordinal(end.toordinal() - 1))


def _rows(choices: ReportChoices) -> list[tuple[object, reports.Figures]]:
    found = reports.figures(
        _period(choices), choices.district.data or None, choices.programme.data or None
    )
    shown = [p for p in programmes.all_programmes() if choices.programme.data in ("", p.code)]
    return [(p.title, found.get(p.code, reports.Figures())) for p in shown]


@bp.get("")
def figures():
    choices = _choices()
    rows = _rows(choices)
    drawn, height = bars(
        [(str(title), row.received, format_decimal(row.received)) for title, row in rows],
        rtl=current_language()["dir"] == "rtl",
    )
    return render_template(
        "reports/figures.html",
        choices=choices,
        period=_period(choices),
        rows=rows,
        total=reports.total(dict(enumerate(row for _title, row in rows))),
        bars=drawn,
        chart_width=WIDTH,
        chart_height=height,
        csv_args=request.args.to_dict(),
    )


@bp.get("/figures.csv")
def figures_csv():
    """UTF-8 with a byte-order mark: without it, Excel reads Chinese and Uyghur as nonsense."""
    choices = _choices()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Programme"),
            _("Received"),
            _("Approved"),
            _("Not approved"),
            _("Paid (applications)"),
            _("Paid (yuan)"),
            _("Median days to a decision"),
        ]
    )
    for title, row in _rows(choices):
        median = "" if row.median_days is None else f"{row.median_days:.1f}"
        writer.writerow(
            [title, row.received, row.approved, row.rejected, row.paid, row.paid_yuan, median]
        )
    period = _period(choices)
    name = f"changji-figures-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
