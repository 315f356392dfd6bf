"""Outside demo mode and tests the app refuses to start without what real residents need:
a real text-message backend, a secret key from the environment, Redis for the counters, and
the keys that encrypt identifiers and index ID numbers."""

import base64

import pytest

from app import create_app
from app.services import messaging


def key(byte: bytes) -> str:
    return base64.b64encode(byte * 32).decode()


GOOD = {
    "SECRET_KEY": "k" * 64,
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "MESSAGE_BACKEND": "gateway",
    "DATA_KEYS": f"k2:{key(b'd')},k1:{key(b'o')}",
    "INDEX_KEYS": f"i1:{key(b'i')}",
}


class Gateway(messaging.MemorySender):
    """Stands in for a real SMS gateway (tests/unit/test_sms_settings.py starts the real ones)."""


@pytest.fixture
def production(monkeypatch, tmp_path):
    """A production environment with every setting right; each test takes one away."""
    monkeypatch.setitem(messaging.BACKENDS, "gateway", lambda config: Gateway())
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


@pytest.mark.parametrize(
    "keys",
    [
        "k1",  # no key
        "k1:" + base64.b64encode(b"short").decode(),  # not 32 bytes
        "k1:not base64!",
        f"k 1:{key(b'd')}",  # an id with a space
        f"k1:{key(b'd')},k1:{key(b'e')}",  # one id twice
    ],
)
def test_production_refuses_data_keys_it_cannot_use_and_never_shows_them(production, keys):
    production.setenv("DATA_KEYS", keys)
    with pytest.raises(RuntimeError, match="DATA_KEYS") as refused:
        start()
    written = [entry.partition(":")[2] for entry in keys.split(",")]
    assert not any(key and key in str(refused.value) for key in written)


def test_production_refuses_an_index_key_that_is_also_a_data_key(production):
    production.setenv("INDEX_KEYS", GOOD["DATA_KEYS"].split(",")[1])
    with pytest.raises(RuntimeError, match="INDEX_KEYS: a key of its own"):
        start()
