"""The federation's figures for a period: per programme, what was received, decided and paid,
and how long a decision took. Read from columns of `applications` that each step keeps, so that
a year of a million applications adds up in the database, not in Python.
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Application, Status
from app.models.base import LOCAL_TIME

SECONDS_A_DAY = 86400


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the last day, included

    def bounds(self) -> tuple[datetime, datetime]:
        """The period in Beijing time, as instants."""
        first = datetime.combine(self.start, time(), LOCAL_TIME)
        after = datetime.combine(self.end + timedelta(days=1), time(), LOCAL_TIME)
        return first, after


@dataclass
class Figures:
    received: int = 0
    approved: int = 0
    rejected: int = 0
    paid: int = 0
    paid_yuan: int = 0
    median_days: float | None = None


def _filtered(query, district: str | None, programme: str | None):
    if district:
        query = query.where(Application.district == district)
    if programme:
        query = query.where(Application.programme == programme)
    return query


def figures(period: Period, district: str | None = None, programme: str | None = None):
    """Figures by programme code, for the district (or the prefecture) and the period."""
    first, after = period.bounds()
    found: dict[str, Figures] = {}

    def row(code: str) -> Figures:
        return found.setdefault(code, Figures())

    received = _filtered(
        select(Application.programme, func.count())
        .where(Application.submitted_at >= first, Application.submitted_at < after)
        .group_by(Application.programme),
        district,
        programme,
    )
    for code, count in db.session.execute(received):
        row(code).received = count

    for code, approved, rejected, median in _decided(first, after, district, programme):
        row(code).approved, row(code).rejected, row(code).median_days = approved, rejected, median

    paid = _filtered(
        select(
            Application.programme,
            func.count(),
            func.coalesce(func.sum(Application.paid_yuan), 0),
        )
        .where(Application.paid_on >= period.start, Application.paid_on <= period.end)
        .group_by(Application.programme),
        district,
        programme,
    )
    for code, count, total in db.session.execute(paid):
        row(code).paid, row(code).paid_yuan = count, int(total)

    return found


def _decided(first, after, district, programme):
    """For decisions in the period, by programme: approved, not approved, and the median days
    from submission to decision."""
    in_period = (Application.decided_at >= first, Application.decided_at < after)
    query = _filtered(
        select(
            Application.programme,
            func.count(Application.approved_yuan),
            func.count().filter(Application.status == Status.REJECTED),
        )
        .where(*in_period)
        .group_by(Application.programme),
        district,
        programme,
    )
    if db.engine.dialect.name == "postgresql":
        # The median of the intervals themselves: turning each row into days first would cost
        # more than all the rest of the report.
        waited = Application.decided_at - Application.submitted_at
        query = query.add_columns(func.percentile_cont(0.5).within_group(waited))
        return [
            (code, approved, rejected, median.total_seconds() / SECONDS_A_DAY)
            for code, approved, rejected, median in db.session.execute(query)
        ]
    # SQLite has no percentile: the days come back to Python, which is fine at its scale.
    days = func.julianday(Application.decided_at) - func.julianday(Application.submitted_at)
    waited_days: dict[str, list[float]] = {}
    for code, value in db.session.execute(
        _filtered(select(Application.programme, days).where(*in_period), district, programme)
    ):
        waited_days.setdefault(code, []).append(value)
    return [
        (code, approved, rejected, statistics.median(waited_days[code]))
        for code, approved, rejected in db.session.execute(query)
    ]


def total(rows: dict[str, Figures]) -> Figures:
    """All programmes together; the median is not summed, so it is left out."""
    summed = Figures()
    for figures_ in rows.values():
        summed.received += figures_.received
        summed.approved += figures_.approved
        summed.rejected += figures_.rejected
        summed.paid += figures_.paid
        summed.paid_yuan += figures_.paid_yuan
    return summed
