"""Probes for the load balancer and the service manager.

`/healthz`: the process answers. It touches nothing else (no session, no database), so that a
slow database never gets a healthy process restarted.

`/readyz`: what the app needs to serve a resident is reachable: the database, Redis (when
REDIS_URL is set) and document storage. 200 when all are, 503 naming the ones that are not, so
that the load balancer sends residents elsewhere meanwhile. The answer names checks, never an
error's text: that may hold a host, a user name or a value.

Each check is a function that returns when all is well and raises otherwise; `add_check` adds
one or replaces one of the same name. "storage" asks the document store (app/storage.py): the
folder takes a file, or the bucket answers.
"""

import logging
from collections.abc import Callable

import redis
from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import text

from app import sessions, storage
from app.extensions import db

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
# A probe that waits longer than this has failed: the balancer's own timeout is a few seconds.
REDIS_TIMEOUT_SECONDS = 2

Check = Callable[[], None]


def check_database() -> None:
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def check_redis() -> None:
    client = redis.Redis.from_url(
        current_app.config["REDIS_URL"],
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    finally:
        client.close()


def add_check(app: Flask, name: str, check: Check) -> None:
    app.extensions.setdefault("readiness_checks", {})[name] = check


def results(checks: dict[str, Check]) -> dict[str, str]:
    """Each check's name, with "ok" or "failed"."""
    found = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as error:
            # The kind of failure helps whoever is on call; its text could hold a password.
            log.warning("readiness: %s failed (%s)", name, type(error).__name__)
            found[name] = "failed"
        else:
            found[name] = "ok"
    return found


bp = Blueprint("health", __name__)


@bp.get(HEALTH_PATH)
def healthz():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get(READY_PATH)
def readyz():
    found = results(current_app.extensions["readiness_checks"])
    status = 200 if all(value == "ok" for value in found.values()) else 503
    response = jsonify(found)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    add_check(app, "database", check_database)
    if app.config["REDIS_URL"]:
        add_check(app, "redis", check_redis)
    add_check(app, "storage", storage.check_reachable)
    for path in (HEALTH_PATH, READY_PATH):
        sessions.open_without_session(path)
    app.register_blueprint(bp)
