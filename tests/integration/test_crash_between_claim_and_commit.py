"""A worker killed (SIGKILL) between a form key's claim and the view's commit loses nothing.

The app runs under gunicorn (one sync worker, SQLite in a temporary folder) as
tests/integration/killed_after_claim.py: armed for one path, the worker kills itself right after
the claim is committed. The person's phone saw the connection drop and kept the form; gunicorn
starts a new worker; the phone sends the same form again (same form key, same answers, a fresh
CSRF token from /form-token), as the service worker does: a 5xx answer is sent again after its
Retry-After, a redirect means sent. Each kind of form that carries the key ends with exactly one
of what it makes.
"""

import html
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Application, ApplicationEvent, Booking, Document, Step, User
from tests.benchmarks.bench_app import bench_app
from tests.benchmarks.page_kinds import (
    DEMO_FAMILY,
    DEMO_RESIDENT,
    HIDDEN,
    book_home_care_to_the_check,
    choices,
    prepare,
    sign_in_with_code,
    sign_in_with_passkey,
)
from tests.benchmarks.pages_per_second import HttpBrowser
from tests.fixtures import files

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
# The service worker gives up on nothing; a test does, after this long.
PATIENCE = 60

pytestmark = pytest.mark.skipif(
    not GUNICORN.exists(), reason="gunicorn is not installed: this test kills one of its workers"
)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the answer itself: a redirect is what the service worker reads as sent


class Phone(HttpBrowser):
    """A signed-in phone: pages as a browser opens them, and sends as the service worker
    makes them, seeing the answer's status and Location rather than where it leads."""

    def __init__(self, origin: str):
        super().__init__(origin)
        self.sender = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects
        )

    def form(self, path: str) -> dict:
        """The hidden fields of the page's form in <main>: CSRF token, form key, and so on."""
        _, page = self.open(path)
        return {
            name: html.unescape(value) for name, value in HIDDEN.findall(page.split("<main", 1)[1])
        }

    def send(self, path: str, fields: dict, files: dict | None = None) -> tuple[int, dict]:
        """Posts the fields, and each file as (filename, content), as a browser would."""
        if files:
            body, kind = multipart(fields, files)
            headers = {"Content-Type": kind}
        else:
            body, headers = urllib.parse.urlencode(fields).encode(), {}
        request = urllib.request.Request(self.origin + path, data=body, headers=headers)
        try:
            with self.sender.open(request, timeout=PATIENCE) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as answer:
            return answer.code, dict(answer.headers)

    def fresh_token(self) -> str:
        _, answer = self.open("/form-token")
        return json.loads(answer)["token"]


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, app, origin: str, armed: Path, prepared):
        self.app, self.origin, self.armed, self.prepared = app, origin, armed, prepared

    def phone(self) -> Phone:
        return Phone(self.origin)

    def count(self, statement) -> int:
        with self.app.app_context():
            return db.session.scalar(statement)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash")
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    database = f"sqlite:///{folder}/app.sqlite3"
    app = bench_app(
        database, DEMO_MODE=True, UPLOAD_FOLDER=str(folder / "uploads"), WEBAUTHN_ORIGIN=origin
    )
    prepared = prepare(app, origin)
    armed = folder / "kill-after-claim"
    env = {
        **os.environ,
        "DEMO_MODE": "1",
        "DATABASE_URL": database,
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "WEBAUTHN_ORIGIN": origin,
        "KILL_AFTER_CLAIM": str(armed),
        **{name: app.config[name] for name in ("SECRET_KEY", "DATA_KEYS", "INDEX_KEYS")},
    }
    command = [str(GUNICORN), "-w", "1", "-b", f"127.0.0.1:{port}", "--log-level", "error"]
    process = subprocess.Popen(
        [*command, "tests.integration.killed_after_claim:app"], cwd=ROOT, env=env
    )
    try:
        for _ in range(PATIENCE * 10):
            try:
                urllib.request.urlopen(origin, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield Server(app, origin, armed, prepared)
    finally:
        process.terminate()
        process.wait(PATIENCE)
        with app.app_context():
            db.engine.dispose()


@dataclass
class Send:
    """A form ready to send: who sends it, where, the answers (and files), and how many of
    what it makes there are since (0 before it is sent)."""

    phone: Phone
    path: str
    answers: dict
    made: Callable[[], int]
    files: dict | None = None


def question_page(server: Server) -> Send:
    phone = server.phone()
    sign_in_with_code(phone, DEMO_RESIDENT)
    draft, slug = server.prepared.draft_id, server.prepared.first_question
    assert slug == "full-name"

    def saved():
        with server.app.app_context():
            return int(db.session.get(Application, draft).answers["full_name"] == "王军强")

    return Send(phone, f"/applications/{draft}/{slug}", {"full_name": "王军强"}, saved)


def photo_upload(server: Server) -> Send:
    """One more photo of the licence on the draft: a second copy is what the key first kept
    from happening (decision 9)."""
    phone = server.phone()
    sign_in_with_code(phone, DEMO_RESIDENT)
    draft = server.prepared.draft_id
    kept = select(func.count(Document.id)).where(Document.application_id == draft)
    before = server.count(kept)
    photo = {"licence_photo": ("licence.jpg", files.photo_jpeg())}
    path = f"/applications/{draft}/licence-photo"
    return Send(phone, path, {}, lambda: server.count(kept) - before, photo)


def check_answers(server: Server) -> Send:
    phone = server.phone()
    sign_in_with_code(phone, DEMO_RESIDENT)
    draft = server.prepared.draft_id
    submitted = (
        select(func.count())
        .select_from(ApplicationEvent)
        .where(ApplicationEvent.application_id == draft, ApplicationEvent.step == Step.SUBMITTED)
    )
    return Send(
        phone, f"/applications/{draft}/check", {"confirm": "y"}, lambda: server.count(submitted)
    )


def booking_check(server: Server) -> Send:
    phone = server.phone()
    sign_in_with_code(phone, DEMO_FAMILY)
    book_home_care_to_the_check(phone)
    resident = select(User.id).where(User.mobile == DEMO_RESIDENT).scalar_subquery()
    booked = select(func.count(Booking.id)).where(Booking.resident_id == resident)
    before = server.count(booked)
    return Send(phone, "/book/check", {}, lambda: server.count(booked) - before)


def caseworker_decision(server: Server) -> Send:
    """Not approved: the demo's operating subsidy, where more information was asked for."""
    phone = server.phone()
    sign_in_with_passkey(phone, server.prepared.authenticator)
    application = server.prepared.reviewed_id
    path = f"/staff/applications/{application}/reject"
    _, page = phone.open(path)
    reason = next(reason for reason in choices(page, "reason") if reason != "other")
    rejected = (
        select(func.count())
        .select_from(ApplicationEvent)
        .where(
            ApplicationEvent.application_id == application,
            ApplicationEvent.step == Step.REJECTED,
        )
    )
    return Send(phone, path, {"reason": reason}, lambda: server.count(rejected))


# In this order: the question and the photo are saved on the draft the check page submits.
FORMS = [question_page, photo_upload, check_answers, booking_check, caseworker_decision]


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__name__)
def test_a_send_cut_off_by_a_killed_worker_is_made_once_when_the_phone_sends_it_again(server, form):
    send = form(server)
    phone, path, made = send.phone, send.path, send.made
    fields = {**phone.form(path), **send.answers}
    server.armed.write_text(path)
    with pytest.raises(OSError) as cut_off:  # the connection dropped: the phone keeps the form
        phone.send(path, fields, send.files)
    assert not isinstance(cut_off.value, urllib.error.HTTPError), "the worker answered"
    assert not server.armed.exists(), "the worker was not killed after the claim"
    assert made() == 0

    replays, asked_to_wait = 0, 0
    started = time.monotonic()
    while True:  # as the service worker sends what it kept
        status, headers = phone.send(
            path, {**fields, "csrf_token": phone.fresh_token()}, send.files
        )
        replays += 1
        if status < 500:
            break
        assert status == 503 and made() == 0, "answered 5xx after the send was made"
        asked_to_wait += 1
        assert time.monotonic() - started < PATIENCE
        time.sleep(int(headers["Retry-After"]))
    assert status in (302, 303), f"the send came back as a page ({status}), not as sent"
    assert made() == 1
    # Sent once more, after it was made: answered as it was, made no second time.
    again, again_headers = phone.send(
        path, {**fields, "csrf_token": phone.fresh_token()}, send.files
    )
    assert again == 303 and again_headers["Location"] == headers["Location"]
    assert made() == 1
    print(
        f"{form.__name__}: 1 send killed after its claim, {replays} replays until sent "
        f"({asked_to_wait} answered 503 + Retry-After), then 1 more; made {made()}"
    )
