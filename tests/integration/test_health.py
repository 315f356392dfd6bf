"""The probes: /healthz answers from the process alone; /readyz says which of the database,
Redis and document storage cannot be reached, and nothing more."""

import socket

import pytest

from app import create_app, health, security, storage
from app.extensions import db
from tests.benchmarks.page_kinds import statements

# A password in the settings of what cannot be reached: it must never be shown.
PASSWORD = "pa55-never-shown"


@pytest.fixture
def closed_port():
    """A port on this machine that nothing listens on (held, so nothing else takes it)."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


@pytest.fixture
def with_redis(app, monkeypatch):
    """The app as it runs with REDIS_URL set; returns a function that points it elsewhere."""

    def point_at(url: str) -> None:
        monkeypatch.setitem(app.config, "REDIS_URL", url)
        monkeypatch.setitem(app.extensions["readiness_checks"], "redis", health.check_redis)

    return point_at


def test_healthz_answers_without_a_session_or_the_database(app, resident):
    with app.app_context(), statements(db.engine) as ran:
        response = resident.client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    # A signed-in browser's session is neither read nor touched, and no cookie is set.
    assert ran == []
    assert "Set-Cookie" not in response.headers
    assert response.headers["Content-Security-Policy"] == security.CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_ready_when_the_database_redis_and_storage_answer(app, client, with_redis):
    with_redis("redis://127.0.0.1:6379/13")
    with app.app_context(), statements(db.engine) as ran:
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "redis": "ok", "storage": "ok"}
    assert ran == ["SELECT 1"]  # the probe's own, and no session's
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_not_ready_when_redis_is_down(app, client, with_redis, closed_port):
    with_redis(f"redis://:{PASSWORD}@127.0.0.1:{closed_port}/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"database": "ok", "redis": "failed", "storage": "ok"}


def test_not_ready_when_the_document_folder_is_gone(app, client, monkeypatch, tmp_path):
    unmounted = storage.FolderStore(tmp_path / "unmounted")
    monkeypatch.setitem(app.extensions, "document_store", unmounted)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"database": "ok", "storage": "failed"}


def test_not_ready_when_the_database_is_unreachable(app, closed_port, caplog):
    unreachable = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test secret",
            "MESSAGE_BACKEND": "memory",
            "SQLALCHEMY_DATABASE_URI": (
                f"postgresql+psycopg://changji:{PASSWORD}@127.0.0.1:{closed_port}/changji"
            ),
            "REDIS_URL": f"redis://:{PASSWORD}@127.0.0.1:{closed_port}/0",
            "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
        }
    )
    response = unreachable.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"database": "failed", "redis": "failed", "storage": "ok"}
    # Nothing of the settings in the answer or the log: only which check failed, and how.
    assert PASSWORD not in response.get_data(as_text=True)
    assert PASSWORD not in caplog.text
    assert "readiness: database failed (OperationalError)" in caplog.text
    # Alive all the same: the process answers, so the service manager keeps it running.
    assert unreachable.test_client().get("/healthz").status_code == 200
    with unreachable.app_context():
        db.engine.dispose()
