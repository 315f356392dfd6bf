"""/metrics: only for the scraper with the token; counts what residents do (sign-in codes,
bookings made and refused, each route's timings) and what waits (outboxes, applications by
status); and under gunicorn adds up every worker's figures."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import update

from app.demo import load_demo_services
from app.extensions import db
from app.models import Application, Notification, Reminder, Slot, Status
from app.models.base import utcnow
from app.request_trace import NO_ROUTE
from app.services import bookings, messaging, sign_in
from tests.fixtures.applications import submitted_application
from tests.integration.walker import GRADE_1, book, confirm, give_details

TOKEN = "metrics-token-for-the-tests-0123456789"
ROOT = Path(__file__).resolve().parents[2]


def samples(text: str) -> dict:
    """Each sample of an exposition, by its name and labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(figures: dict, name: str, **labels) -> float:
    return figures.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def scrape(app, client, monkeypatch):
    """Scrapes /metrics as Prometheus does, with the token; returns the samples."""
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)

    def scraped() -> dict:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
        return samples(response.get_data(as_text=True))

    return scraped


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", TOKEN],
)
def test_metrics_are_refused_without_the_token(app, client, monkeypatch, authorization):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert "changji_" not in response.get_data(as_text=True)


def test_without_a_token_set_there_are_no_metrics(client):
    response = client.get("/metrics", headers={"Authorization": "Bearer "})
    assert response.status_code == 404
    assert "changji_" not in response.get_data(as_text=True)


def test_bookings_codes_and_request_timings_are_counted(app, visitor, scrape):
    with app.app_context():
        load_demo_services()
    before = scrape()
    visitor.sign_in("13912345678")
    give_details(app, "13912345678", certificate_number=GRADE_1, district="changji")
    book(visitor, "rehab")
    confirm(visitor)
    book(visitor, "rehab")
    with app.app_context():
        db.session.execute(update(Slot).values(places_left=0))
        db.session.commit()
    confirm(visitor)  # the place was taken meanwhile
    after = scrape()

    def more(name: str, **labels) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert more("changji_sign_in_codes_total", outcome="sent") == 1
    assert more("changji_sign_in_codes_total", outcome="failed") == 0
    assert more("changji_bookings_total", outcome="made") == 1
    assert more("changji_bookings_total", outcome="full") == 1
    # Timed by the route as declared, never a path with an id in it.
    sent_check = {"route": "/book/check", "method": "POST", "status": "3xx"}
    assert more("changji_request_duration_seconds_count", **sent_check) == 1
    assert more("changji_request_duration_seconds_bucket", **sent_check, le="+Inf") == 1
    assert more("changji_request_duration_seconds_sum", **sent_check) > 0
    # Every route label is a route as the app declares it (or the name for none): no paths.
    declared = {rule.rule for rule in app.url_map.iter_rules()} | {NO_ROUTE}
    routes = {dict(labels).get("route") for _name, labels in after} - {None}
    assert routes <= declared, routes - declared


class BrokenGateway(messaging.MemorySender):
    def send(self, mobile: str, message: messaging.Message) -> None:
        raise messaging.SendFailed("timeout", retryable=True)


def test_a_code_the_backend_could_not_send_is_counted_as_failed(app, scrape, monkeypatch):
    before = scrape()
    monkeypatch.setitem(app.extensions, "message_sender", BrokenGateway())
    with app.test_request_context(), pytest.raises(messaging.SendFailed):
        sign_in.send_code("13912345678")
    after = scrape()
    for outcome, more in (("failed", 1), ("sent", 0)):
        counted = value(after, "changji_sign_in_codes_total", outcome=outcome)
        assert counted - value(before, "changji_sign_in_codes_total", outcome=outcome) == more


def test_what_waits_is_counted_at_each_scrape(app, scrape):
    with app.app_context():
        for status in (Status.SUBMITTED, Status.SUBMITTED, Status.APPROVED):
            application = db.session.get(Application, submitted_application(status=status))
        db.session.add(
            Notification(
                user_id=application.resident_id,
                application_id=application.id,
                kind="approved",
                created_at=utcnow() - timedelta(minutes=30),
            )
        )
        db.session.commit()
    figures = scrape()
    assert value(figures, "changji_applications", status="submitted") == 2
    assert value(figures, "changji_applications", status="approved") == 1
    assert ("changji_applications", (("status", "paid"),)) in figures  # 0, and shown
    assert value(figures, "changji_outbox_waiting", outbox="notifications") == 1
    oldest = value(figures, "changji_outbox_oldest_seconds", outbox="notifications")
    assert 30 * 60 <= oldest < 60 * 60
    assert value(figures, "changji_outbox_waiting", outbox="reminders") == 0
    assert value(figures, "changji_outbox_oldest_seconds", outbox="reminders") == 0
    with app.app_context():  # failed for good: shown to staff, no longer waiting
        db.session.execute(update(Notification).values(failed_at=utcnow()))
        db.session.commit()
    assert value(scrape(), "changji_outbox_waiting", outbox="notifications") == 0
    with app.app_context():
        db.session.execute(update(Notification).values(failed_at=None, sent_at=utcnow()))
        db.session.commit()
    assert value(scrape(), "changji_outbox_waiting", outbox="notifications") == 0


def test_a_reminder_past_due_is_counted_until_sent(app, visitor, scrape, sent):
    with app.app_context():
        load_demo_services()
    visitor.sign_in("13912345678")
    give_details(app, "13912345678", certificate_number=GRADE_1, district="changji")
    book(visitor, "rehab")
    confirm(visitor)
    with app.app_context():
        db.session.execute(update(Reminder).values(send_after=utcnow() - timedelta(minutes=10)))
        db.session.commit()
    figures = scrape()
    assert value(figures, "changji_outbox_waiting", outbox="reminders") == 1
    assert 600 <= value(figures, "changji_outbox_oldest_seconds", outbox="reminders") < 1200
    with app.test_request_context():
        assert bookings.send_due_reminders() == 1
    assert value(scrape(), "changji_outbox_waiting", outbox="reminders") == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, headers: dict | None = None) -> bytes:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def test_under_gunicorn_every_workers_figures_are_added_up(app, tmp_path):
    """Two workers, each replaced after 3 requests (gunicorn's max-requests): 12 requests are
    served by several processes, most gone by the scrape, and the scrape counts all 12. The
    lines gunicorn and the app write are JSON, one a line, and none has a query string."""
    port = _free_port()
    folder = tmp_path / "prometheus"
    with app.app_context():  # the tests' own database, migrated
        database = db.engine.url.render_as_string(hide_password=False)
    env = {
        **os.environ,
        "DEMO_MODE": "1",  # no SMS gateway here
        "DATABASE_URL": database,
        "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
        "METRICS_TOKEN": TOKEN,
        "LOG_FORMAT": "json",
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--max-requests", "3"]
    command += ["--bind", f"127.0.0.1:{port}", "wsgi:app"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                _get(f"{origin}/metrics", {"Authorization": f"Bearer {TOKEN}"})
                break
            except OSError:
                time.sleep(0.1)
        for _ in range(12):
            assert _get(f"{origin}/healthz?mobile=13912345678") == b"ok"
        text = _get(f"{origin}/metrics", {"Authorization": f"Bearer {TOKEN}"}).decode()
    finally:
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=30)
    healthz = {"route": "/healthz", "method": "GET", "status": "2xx"}
    assert value(samples(text), "changji_request_duration_seconds_count", **healthz) == 12
    assert len(list(folder.glob("histogram_*.db"))) >= 3  # the processes that served them
    lines = [json.loads(line) for line in errors.splitlines()]
    logged = [line for line in lines if line.get("route") == "/healthz"]
    assert len(logged) == 12
    assert not [line for line in lines if line["level"] not in ("INFO", "WARNING")]
    assert any(line["logger"] == "gunicorn.error" for line in lines)
    # No access log: it would have written the query string.
    assert "13912345678" not in errors
    assert not [line for line in lines if line["logger"] == "gunicorn.access"]
