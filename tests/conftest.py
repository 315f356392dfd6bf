"""Fixtures shared by every test: an app on a fresh database, clients that check every page."""

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from app import create_app
from app.extensions import db
from app.models import Base
from app.services import admin, bookings, rate_limits
from tests.fixtures.authenticator import SoftAuthenticator
from tests.helpers import Visitor
from tests.page_check import check_page

# On CI's second run DATABASE_URL points at PostgreSQL; otherwise a fresh SQLite file.
USING_POSTGRES = bool(os.environ.get("DATABASE_URL"))
# pytest-xdist's worker ("gw0", "gw1"...), when the suite runs in parallel.
WORKER = os.environ.get("PYTEST_XDIST_WORKER")


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, only what runs on a database: tests of the app and its data. Rules tested
    without the app, and what only a browser shows, ran once already on SQLite; the server code
    the browser tests drive runs on PostgreSQL through the integration tests."""
    if not USING_POSTGRES:
        return
    kept, left = [], []
    for item in items:
        uses_database = "app" in getattr(item, "fixturenames", ())
        (kept if uses_database and "/browser/" not in str(item.fspath) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


class CheckedClient(FlaskClient):
    """A test client that checks every HTML page it receives (see tests/page_check.py)."""

    def open(self, *args, **kwargs):
        # Read whole and closed, as a server closes what it sent: a streamed document's file
        # (or the bucket's connection) is closed here, not left to the garbage collector.
        kwargs.setdefault("buffered", True)
        response = super().open(*args, **kwargs)
        # The test client spools large uploads to a temporary file it never closes.
        response.request.environ["wsgi.input"].close()
        # The HTML does not depend on the database: it is checked on the first (SQLite) run.
        if (
            response.mimetype == "text/html"
            and not 300 <= response.status_code < 400
            and not USING_POSTGRES
        ):
            check_page(response.get_data(as_text=True))
        return response


def _postgres_url(**parts):
    return make_url(os.environ["DATABASE_URL"]).set(drivername="postgresql+psycopg", **parts)


def _on_postgres_server(statement: str) -> None:
    server = create_engine(_postgres_url(), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(statement))
    server.dispose()


def _worker_database() -> str:
    """A parallel worker's own PostgreSQL database, made afresh beside DATABASE_URL's."""
    name = f"{_postgres_url().database}_{WORKER}"
    _on_postgres_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _on_postgres_server(f'CREATE DATABASE "{name}"')
    return _postgres_url(database=name).render_as_string(hide_password=False)


def _reset_schema() -> None:
    """Drops everything and migrates from nothing: the tests run on what migrations build."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    overrides = {
        "TESTING": True,
        "SECRET_KEY": "test secret",
        "MESSAGE_BACKEND": "memory",
        "DEMO_MODE": False,
        "WEBAUTHN_RP_ID": "localhost",
        "WEBAUTHN_ORIGIN": "http://localhost:5000",
        "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        "RECORDINGS_FOLDER": str(tmp_path_factory.mktemp("recordings")),
    }
    if not USING_POSTGRES:
        overrides["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        )
    elif WORKER:
        overrides["SQLALCHEMY_DATABASE_URI"] = _worker_database()
    app = create_app(overrides)
    app.test_client_class = CheckedClient
    with app.app_context():
        _reset_schema()
    yield app
    with app.app_context():
        db.engine.dispose()  # close pooled connections before the interpreter checks for leaks


@pytest.fixture(autouse=True)
def _empty_tables(request):
    """Every test starts with empty tables and no messages sent."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(text(f"DELETE FROM {table}"))
    app.extensions["message_sender"].sent.clear()
    app.extensions["message_sender"].messages.clear()
    app.config["DEMO_MODE"] = False
    with app.app_context():
        rate_limits.reset()
        admin.forget_windows()  # kept for a minute, and the tables were emptied behind them
        bookings.PAUSED.forget()  # the same
    yield


# A server in UTC at 23:30 on New Year's Eve: in Beijing it is already 07:30 the next day, and
# the next year.
SERVER_EVENING = datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
BEIJING_DAY = date(2027, 1, 1)


@pytest.fixture
def beijing_morning():
    """Moves the clock to SERVER_EVENING and the process into UTC, whatever the machine's zone;
    gives Beijing's date then. Ask for it first, so that fixtures after it run at that time."""
    with time_machine.travel(SERVER_EVENING):
        yield BEIJING_DAY


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sent(app):
    """The text messages sent so far, as (mobile, text) pairs."""
    return app.extensions["message_sender"].sent


@pytest.fixture
def visitor(client, sent):
    return Visitor(client, sent)


@pytest.fixture
def authenticator(app):
    """A software passkey authenticator for the app's origin (browser tests change it)."""
    return SoftAuthenticator(app.config["WEBAUTHN_ORIGIN"])


@pytest.fixture
def resident(visitor):
    """A visitor who has signed in with a mobile number."""
    visitor.sign_in()
    return visitor


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 in server mode, for the whole run (tests/fixtures/object_storage.py)."""
    from tests.fixtures.object_storage import moto_server  # moto is slow to import: only here

    with moto_server() as endpoint:
        yield endpoint
