"""Several servers behind nginx (issue 14): two gunicorn servers of the app on one PostgreSQL
database and one Redis, behind nginx running the site's own locations (deploy/nginx/), round
robin. A resident's journey goes through nginx with each request landing on the other server
(nginx says which in X-Upstream), and what people rely on holds across them: the session, the
sign-in code limits (counted for the phone's address, which the app takes from nginx), the
one-time form keys, the last place of a slot and the documents; then one server is stopped
and nothing is lost. What nginx answers itself is checked first: caching, compression and
body limits.

It runs in .ci/run's first pass (its PostgreSQL pass keeps only the tests of the `app`
fixture) and uses PostgreSQL either way: DATABASE_URL's server, or the local one.
"""

import functools
import gzip
import html
import http.client
import io
import itertools
import os
import random
import re
import secrets
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pytest
import redis
from PIL import Image
from sqlalchemy import create_engine, text

from app.encryption import new_key_setting
from tests.benchmarks.page_kinds import (
    DEMO_FAMILY,
    DEMO_RESIDENT,
    HIDDEN,
    book_home_care_to_the_check,
    choices,
    sign_in_with_code,
)
from tests.benchmarks.pages_per_second import HttpBrowser
from tests.deployment.servers import (
    ROOT,
    Gunicorn,
    Nginx,
    answers,
    check_site,
    free_port,
    postgres_database,
    redis_database,
)
from tests.fixtures import files
from tests.fixtures.object_storage import new_bucket, s3_client

pytestmark = pytest.mark.deployment

NUMBER_HAS_HAD_ITS_CODES = "一小时内能发给这个号码的验证码已经发完了"
PLACE_TAKEN = "这个名额刚刚被别人约走了"
PHONES_ADDRESS = "127.0.0.2"
ASSET = re.compile(r"/static/css/app\.css\?v=\w+")


def shared_storage(s3_endpoint: str, bucket: str) -> dict:
    """Where both servers keep documents: one bucket of object storage (moto's S3, over HTTP),
    as in production; no folder is shared, so a document one server kept and the other serves
    came through the bucket. (The AWS_* credentials come from the moto fixture's environment.)"""
    return {"STORAGE_URL": f"s3://{bucket}/documents", "S3_ENDPOINT_URL": s3_endpoint}


@dataclass(frozen=True)
class Landing:
    """One response as nginx gave it: to which request, and from which app server ("" when
    nginx answered itself; "A, B" when A refused and B answered)."""

    method: str
    path: str
    status: int
    upstream: str
    request_id: str

    @property
    def server(self) -> str:
        return self.upstream.split(", ")[-1]


# Between requests whose order nginx saw is not the order they were sent in (sent at once), or
# after a server stopped: no alternation is expected across it.
BREAK = None


class Recorder(urllib.request.BaseHandler):
    """Notes every response, redirects included (before the redirect handler follows them)."""

    handler_order = 400

    def __init__(self, landings: list):
        self.landings = landings

    def http_response(self, request, response):
        self.landings.append(
            Landing(
                request.get_method(),
                urllib.parse.urlsplit(request.full_url).path,
                response.status,
                response.headers.get("X-Upstream", ""),
                response.headers.get("X-Request-ID", ""),
            )
        )
        return response


class FromAddress(urllib.request.HTTPHandler):
    """Connects from another loopback address than nginx's own, as a phone on the internet
    connects from an address that is not nginx's."""

    def __init__(self, address: str):
        super().__init__()
        self.address = address

    def http_open(self, request):
        connect = functools.partial(http.client.HTTPConnection, source_address=(self.address, 0))
        return self.do_open(connect, request)


class Journey:
    """Everything sent through nginx, in order, and the phones that send it."""

    def __init__(self, origin: str, pad_path: str):
        self.origin = origin
        self.pad_path = pad_path
        self.landings: list[Landing | None] = []
        self.plain = urllib.request.build_opener(Recorder(self.landings))

    def phone(self, address: str | None = None) -> "Phone":
        return Phone(self, address)

    def last_server(self) -> str | None:
        for landing in reversed(self.landings):
            if landing is BREAK:
                return None
            if landing.upstream:
                return landing.server
        return None

    def fetch(self, path: str, data: bytes | None = None, headers: dict | None = None):
        """Without cookies or following redirects' bodies: (status, headers, body)."""
        request = urllib.request.Request(self.origin + path, data=data, headers=headers or {})
        try:
            with self.plain.open(request) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, error.read()


class Phone(HttpBrowser):
    """A phone (page_kinds' browser over HTTP) that can ask for its next request to land on a
    given server: round robin gives the next request to the server nginx did not give the
    last one, so at most one request to a cheap page puts it there."""

    def __init__(self, journey: Journey, address: str | None = None):
        super().__init__(journey.origin)
        self.journey = journey
        if address:
            self.opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(self.cookies), FromAddress(address)
            )
        self.opener.add_handler(Recorder(journey.landings))

    def next_on(self, server: str) -> None:
        for _ in range(3):
            if self.journey.last_server() not in (None, server):
                return
            self.open(self.journey.pad_path)
        raise AssertionError(f"nginx does not alternate: {self.journey.landings[-3:]}")

    def send(self, server, path, data=None, files=None) -> tuple[str, str, Landing]:
        """Opens `path` (with a POST when there are data or files) as the request that lands
        on `server`: the final path, the page, and where the first request landed."""
        self.next_on(server)
        first = len(self.journey.landings)
        if files:
            where, page = self.open_multipart(path, data or {}, files)
        else:
            where, page = self.open(path, data)
        landing = self.journey.landings[first]
        assert landing.server == server, f"{path} landed on {landing.upstream}, not {server}"
        return where, page, landing

    def form_of(self, path: str) -> dict:
        """The hidden fields of the page's form (its CSRF token and one-time form key)."""
        _, page = self.open(path)
        return dict(HIDDEN.findall(page.split("<main", 1)[1]))

    def open_multipart(self, path, fields: dict, files: dict) -> tuple[str, str]:
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
            for name, value in fields.items()
        ]
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            self.origin + path,
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        with self.opener.open(request) as response:
            return urllib.parse.urlsplit(response.url).path, response.read().decode()

    def read(self, server: str, path: str) -> tuple[bytes, str]:
        """A file's bytes and type, asked of `server`."""
        self.next_on(server)
        with self.opener.open(self.origin + path) as response:
            assert response.headers["X-Upstream"] == server
            return response.read(), response.headers["Content-Type"]


def alternation_runs(landings) -> list[list[str]]:
    """The servers that answered, in order, in runs between breaks."""
    runs = [[]]
    for landing in landings:
        if landing is BREAK:
            runs.append([])
        elif landing.upstream:
            runs[-1].append(landing.server)
    return [run for run in runs if run]


@pytest.fixture
def deployment(tmp_path, s3_endpoint):
    """PostgreSQL and Redis databases and a bucket of the test's own, the database migrated
    and filled, two app servers and nginx; everything stopped and dropped afterwards."""
    bucket = new_bucket(s3_endpoint)
    with postgres_database() as database_url, redis_database() as redis_url:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": secrets.token_hex(32),
            "DATA_KEYS": new_key_setting("deploy"),
            "INDEX_KEYS": new_key_setting("deploy"),
            # Shows the sign-in code on the page: nobody's phone receives it here.
            "DEMO_MODE": "1",
            "MESSAGE_BACKEND": "console",
            # nginx is the one proxy in front (deploy/env.example).
            "PROXY_HOPS": "1",
            **shared_storage(s3_endpoint, bucket),
            "RECORDINGS_FOLDER": str(tmp_path / "recordings"),
        }
        seeded = subprocess.run(
            [sys.executable, "-m", "tests.deployment.seed"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert seeded.returncode == 0, seeded.stderr
        draft_id = int(seeded.stdout.split()[-1])
        servers = [Gunicorn(free_port(), env, tmp_path) for _ in range(2)]
        nginx = None
        try:
            for server in servers:
                server.wait_until_ready()
            nginx = Nginx([server.address for server in servers])
            healthz = answers(f"http://{servers[0].address}/healthz") == 200
            engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
            counters = redis.Redis.from_url(redis_url)
            yield {
                "journey": Journey(nginx.origin, "/healthz" if healthz else "/"),
                "redis": counters,
                "servers": servers,
                "database": engine,
                "draft_id": draft_id,
                "bucket": (s3_client(s3_endpoint), bucket),
            }
            engine.dispose()
            counters.close()
        finally:
            if nginx:
                nginx.stop()
            for server in servers:
                server.stop()


def the_site_itself(journey: Journey) -> None:
    """What nginx answers itself: fingerprinted assets kept a year, compressed with brotli
    or gzip; the service worker never kept; a large body refused before any server reads it."""
    _, headers, _ = journey.fetch("/", headers={"Accept-Encoding": "br"})
    assert headers["Content-Encoding"] == "br"  # pages from the app servers too
    asset = ASSET.search(journey.fetch("/")[2].decode()).group(0)
    status, headers, body = journey.fetch(asset, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and not headers["X-Upstream"]
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (ROOT / "static/css/app.css").read_bytes()
    assert journey.fetch(asset, headers={"Accept-Encoding": "br"})[1]["Content-Encoding"] == "br"

    status, headers, body = journey.fetch("/service-worker.js")
    assert status == 200 and body.startswith(b"const SETTINGS")  # the app's, with its settings
    assert headers.get_all("Cache-Control") == ["no-cache"]

    status, headers, _ = journey.fetch(
        "/sign-in", data=b"mobile=" + b"1" * (3 * 1024 * 1024), headers={"Accept": "text/html"}
    )
    assert status == 413 and not headers["X-Upstream"]  # no server read it


def test_a_residents_journey_across_two_servers(deployment):
    journey: Journey = deployment["journey"]
    a, b = (server.address for server in deployment["servers"])
    database = deployment["database"]
    draft = f"/applications/{deployment['draft_id']}"

    the_site_itself(journey)
    journey.landings.append(BREAK)

    # The session: signed in through both servers, and signed in on each.
    resident = journey.phone()
    sign_in_with_code(resident, DEMO_RESIDENT)
    for server in (a, b, a):
        where, page, _ = resident.send(server, "/applications")
        assert where == "/applications"  # not sent to sign in

    # The sign-in code limit (5 an hour for a number) counts on both servers together: each
    # server alone has seen at most 3 requests when the sixth is refused. The person's phone
    # is at 127.0.0.2, nginx at 127.0.0.1.
    stranger = journey.phone(PHONES_ADDRESS)
    number = f"139{random.randrange(10**8):08d}"
    for n, server in enumerate([a, b, a, b, a, b]):
        fields = stranger.form_of("/sign-in")
        where, page, _ = stranger.send(server, "/sign-in", {**fields, "mobile": number})
        if n < 5:
            assert where == "/sign-in/code", f"code request {n + 1} was refused"
        else:
            assert where == "/sign-in" and NUMBER_HAS_HAD_ITS_CODES in html.unescape(page)
    # The app took the phone's address from nginx's X-Forwarded-For (PROXY_HOPS=1): its five
    # codes were counted for the phone's network, not for nginx's (127.0.0.1, where the
    # resident's phone counted its one).
    network = f"LIMITS:LIMITER/code-network/{PHONES_ADDRESS}/300/1/hour"
    assert deployment["redis"].llen(network) == 5

    # The one-time form key: the same photo form sent to A, then again to B, keeps one photo,
    # and both sends end on the same page.
    def photos() -> list[int]:
        with database.connect() as connection:
            return connection.scalars(
                text("SELECT id FROM documents WHERE application_id = :id ORDER BY id"),
                {"id": deployment["draft_id"]},
            ).all()

    before = photos()
    photo = files.photo_of_noise(1200)
    assert len(photo) > 2 * 1024 * 1024  # more than nginx lets other forms send
    form = resident.form_of(f"{draft}/licence-photo")
    sent = [
        resident.send(server, f"{draft}/licence-photo", form, {"licence_photo": ("l.jpg", photo)})
        for server in (a, b)
    ]
    assert sent[0][0] == sent[1][0] == f"{draft}/business-started"
    added = photos()[len(before) :]
    assert len(added) == 1, f"{len(added)} photos kept from one form sent twice"

    # The document kept through A is served by B, the same bytes, a JPEG of the photo's size.
    served = {server: resident.read(server, f"/documents/{added[0]}") for server in (a, b)}
    assert served[a] == served[b] and served[b][1] == "image/jpeg"
    assert Image.open(io.BytesIO(served[b][0])).size == (1200, 1200)
    # It is in the bucket, which encrypted it.
    with database.connect() as connection:
        key = connection.scalar(
            text("SELECT storage_key FROM documents WHERE id = :id"), {"id": added[0]}
        )
    s3, bucket = deployment["bucket"]
    kept = s3.head_object(Bucket=bucket, Key=f"documents/{key}")
    assert kept["ServerSideEncryption"] == "AES256"
    assert kept["ContentLength"] == len(served[b][0])

    # The last place of a slot: his wife, on two phones, books the same time for him; each
    # send reaches its own server at the same moment, and one is told the place was taken.
    phones = [journey.phone(), journey.phone()]
    for phone in phones:
        sign_in_with_code(phone, DEMO_FAMILY)
        book_home_care_to_the_check(phone)
    slots = [choices(phone.open("/book/time")[1], "slot")[0] for phone in phones]
    assert slots[0] == slots[1]
    slot = int(slots[0])
    forms = [phone.form_of("/book/check") for phone in phones]

    def slot_now() -> tuple[int, int]:
        with database.connect() as connection:
            left = connection.scalar(
                text("SELECT places_left FROM slots WHERE id = :id"), {"id": slot}
            )
            booked = connection.scalar(
                text("SELECT count(*) FROM bookings WHERE slot_id = :id"), {"id": slot}
            )
            return left, booked

    with database.begin() as connection:
        connection.execute(text("UPDATE slots SET places_left = 1 WHERE id = :id"), {"id": slot})
    _, booked_before = slot_now()

    # Every request so far, one after the other (the wife's two phones too), landed on the
    # other server than the one before it; each that reached one has an id of its own.
    runs = alternation_runs(journey.landings)
    for run in runs:
        assert all(this != after for this, after in itertools.pairwise(run)), run
    assert sum(len(run) for run in runs) > 60
    ids = [landing.request_id for landing in journey.landings if landing and landing.upstream]
    assert all(re.fullmatch(r"[0-9a-f]{32}", id_) for id_ in ids) and len(set(ids)) == len(ids)

    journey.landings.append(BREAK)
    start = len(journey.landings)
    together = threading.Barrier(2)
    outcomes = [None, None]

    def book(index: int) -> None:
        together.wait()
        outcomes[index] = phones[index].open("/book/check", forms[index])

    threads = [threading.Thread(target=book, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    journey.landings.append(BREAK)
    posts = [
        landing
        for landing in journey.landings[start:]
        if landing and landing.method == "POST" and landing.path == "/book/check"
    ]
    assert sorted(landing.server for landing in posts) == sorted([a, b])
    refused = [i for i, (where, _) in enumerate(outcomes) if where == "/book/check"]
    assert len(refused) == 1, f"the two sends ended on {[where for where, _ in outcomes]}"
    assert PLACE_TAKEN in html.unescape(outcomes[refused[0]][1])
    assert slot_now() == (0, booked_before + 1)

    # A stops (a deploy, a crash): nginx sends everything to B, and nothing is lost.
    deployment["servers"][0].stop()
    journey.landings.append(BREAK)
    start = len(journey.landings)
    where, _ = resident.open("/applications")
    assert where == "/applications"  # still signed in
    with resident.opener.open(f"{journey.origin}/documents/{added[0]}") as response:
        assert response.read() == served[a][0]
    taken = phones[refused[0]]
    book_home_care_to_the_check(taken)  # another time, as the page asked
    fields = taken.form_of("/book/check")
    where, _ = taken.open("/book/check", fields)
    assert where != "/book/check", "the booking through B alone was not made"
    after = journey.landings[start:]
    assert {landing.server for landing in after if landing.upstream} == {b}
    assert any(landing.upstream == f"{a}, {b}" for landing in after)  # A refused, B answered
    assert any(landing.method == "POST" for landing in after)


def test_the_production_site_is_valid_for_nginx(tmp_path):
    """deploy/nginx/changji.conf as it is (TLS, HTTP/2, brotli, the upstream), with a
    certificate made for the test in place of the placeholders."""
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-subj",
            "/CN=changji.example.cn",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    checked = check_site(tmp_path, certificate, key)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
