"""Outside demo mode and tests the app refuses to start without what real residents need:
a real text-message backend, a secret key from the environment and Redis for the counters."""

import pytest

from app import create_app
from app.services import messaging

GOOD = {
    "SECRET_KEY": "k" * 64,
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "MESSAGE_BACKEND": "gateway",
}


class Gateway(messaging.MemorySender):
    """Stands in for a real SMS gateway, which a later change adds."""


@pytest.fixture
def production(monkeypatch, tmp_path):
    """A production environment with every setting right; each test takes one away."""
    monkeypatch.setitem(messaging.BACKENDS, "gateway", Gateway)
    monkeypatch.delenv("DEMO_MODE", raising=False)
    for name, value in GOOD.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'production.sqlite3'}")
    return monkeypatch


def start():
    return create_app({"TESTING": False})


def test_production_starts_with_every_setting(production):
    app = start()
    assert not app.config["DEMO_MODE"]
    assert isinstance(app.extensions["message_sender"], Gateway)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_production_refuses_to_start_without_a_setting_and_names_it(production, name):
    production.delenv(name)
    with pytest.raises(RuntimeError, match=name):
        start()


@pytest.mark.parametrize("backend", ["console", "memory"])
def test_production_refuses_a_backend_that_sends_nothing(production, backend):
    production.setenv("MESSAGE_BACKEND", backend)
    with pytest.raises(RuntimeError, match="MESSAGE_BACKEND"):
        start()


def test_production_refuses_a_short_secret_key(production):
    production.setenv("SECRET_KEY", "changeme")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        start()


def test_every_missing_setting_is_named_at_once(production):
    for name in GOOD:
        production.delenv(name)
    with pytest.raises(RuntimeError) as refused:
        start()
    assert all(name in str(refused.value) for name in GOOD)
