"""Figures for Prometheus at `/metrics`: how fast each route answers, sign-in codes and bookings
as they happen, and what waits in the outboxes and the queues at the moment of the scrape.

Under gunicorn each worker is a process of its own: with PROMETHEUS_MULTIPROC_DIR set (by
gunicorn.conf.py) the counters and timings of every worker are kept in files there and added up
at each scrape, whichever worker serves it. The figures read from the database are counted
afresh by the worker that serves the scrape, so they need no sharing.

`/metrics` answers only a request with `Authorization: Bearer <METRICS_TOKEN>`; without the
setting it does not exist. Its labels are routes and outcomes, never a person or a path.
"""

import hmac
import logging
import os

from flask import Blueprint, Response, abort, current_app, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy.exc import SQLAlchemyError

from app import sessions
from app.extensions import db
from app.models.base import utcnow
from app.services import gauges

log = logging.getLogger(__name__)

PATH = "/metrics"

REQUEST_SECONDS = Histogram(
    "changji_request_duration_seconds",
    "Time from a request's arrival to its response, by route, method and status class",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SIGN_IN_CODES = Counter(
    "changji_sign_in_codes",
    "Sign-in codes handed to the message backend: sent or failed",
    ["outcome"],
)
BOOKINGS = Counter(
    "changji_bookings",
    "Bookings made, and refused because the time or the device had just been taken",
    ["outcome"],
)


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    REQUEST_SECONDS.labels(route, method, f"{status // 100}xx").observe(seconds)


def sign_in_code(outcome: str) -> None:
    """`sent` once the backend took a code, `failed` when it raised."""
    SIGN_IN_CODES.labels(outcome).inc()


def booking(outcome: str) -> None:
    """`made` for a new booking, `full` when its time or device had no place left."""
    BOOKINGS.labels(outcome).inc()


class Holdings:
    """Gauges read from the database at each scrape, by the process that serves it."""

    def collect(self):
        now = utcnow()
        try:
            backlogs = gauges.outbox_backlogs(now)
            by_status = gauges.applications_by_status()
        except SQLAlchemyError as error:
            # The other figures still go out; /readyz says the database is unreachable.
            db.session.rollback()
            log.warning("metrics: the database could not be read (%s)", type(error).__name__)
            return
        waiting = GaugeMetricFamily(
            "changji_outbox_waiting", "Text messages due and not sent yet", labels=["outbox"]
        )
        oldest = GaugeMetricFamily(
            "changji_outbox_oldest_seconds",
            "How long the oldest message due and not sent has waited",
            labels=["outbox"],
        )
        for backlog in backlogs:
            waiting.add_metric([backlog.outbox], backlog.waiting)
            oldest.add_metric([backlog.outbox], backlog.oldest_seconds)
        applications = GaugeMetricFamily(
            "changji_applications", "Applications by status", labels=["status"]
        )
        for status, count in by_status.items():
            applications.add_metric([status], count)
        yield from (waiting, oldest, applications)


def _events_registry():
    """Counters and timings: added up from every worker's files in multiprocess mode."""
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def _allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)  # not set up: as if there were no such page
    sent = request.headers.get("Authorization", "")
    return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


bp = Blueprint("metrics", __name__)


@bp.get(PATH)
def scrape():
    if not _allowed():
        abort(401)
    text = generate_latest(_events_registry()) + generate_latest(Holdings())
    return Response(text, content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def init_app(app) -> None:
    # Shown at 0 before the first of each happens, so that a rate can be taken from the start.
    # Here rather than at import: gunicorn's master imports this module too, and writes nothing.
    for outcome in ("sent", "failed"):
        SIGN_IN_CODES.labels(outcome)
    for outcome in ("made", "full"):
        BOOKINGS.labels(outcome)
    sessions.open_without_session(PATH)
    app.register_blueprint(bp)
