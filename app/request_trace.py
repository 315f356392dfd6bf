"""One log line and one timing for each request, under an id the proxy and the logs share.

The id comes from the proxy's X-Request-ID (nginx's $request_id) when it is a plain token, and is
made here otherwise; the response carries it back, so that a resident's "it failed at 10:42" can
be found in the logs from the id a support page or the proxy's log shows.

The line names the route as the app declares it (`/applications/<int:application_id>`), never
the path that was asked for: a path holds ids and a query string may hold anything. Nothing of
the request's body, cookies or query is read here.
"""

import logging
import re
import secrets
from time import perf_counter

from flask import Flask, Response, g, request, request_finished

from app import metrics

log = logging.getLogger(__name__)

HEADER = "X-Request-ID"
# A proxy's id is taken only when it is a short plain token: anything else (a header a client
# forged with a line break or a whole sentence) is replaced, never logged.
SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
STARTED = "changji.started"
# What a request matched no route of (a 404, or an unsupported method) is counted as.
NO_ROUTE = "(none)"


def stamp_start(wsgi_app):
    """WSGI middleware: the time the request arrived, before its session is opened, so that a
    request's duration counts all the app did for it."""

    def stamped(environ, start_response):
        environ[STARTED] = perf_counter()
        return wsgi_app(environ, start_response)

    return stamped


def take_id() -> None:
    """Before the view: the id is known to every line the request's handling logs."""
    request_id()


def request_id() -> str:
    """This request's id: the proxy's, or a new one."""
    if "request_id" not in g:
        sent = request.headers.get(HEADER, "")
        g.request_id = sent if SANE_ID.fullmatch(sent) else secrets.token_hex(16)
    return g.request_id


def route() -> str:
    return request.url_rule.rule if request.url_rule is not None else NO_ROUTE


def finished(app: Flask, response: Response, **_extra) -> None:
    """After the response is made (and the session saved): its line, its timing, its id."""
    started = request.environ.get(STARTED)
    seconds = perf_counter() - started if started is not None else 0.0
    response.headers[HEADER] = request_id()
    status = response.status_code
    metrics.observe_request(route(), request.method, status, seconds)
    if app.config["LOG_FORMAT"] != "json":
        return  # a person reads text lines: the development server writes its own of each request
    log.info(
        "%s %s %d %.1f ms",
        request.method,
        route(),
        status,
        seconds * 1000,
        extra={
            "request_id": request_id(),
            "route": route(),
            "method": request.method,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
        },
    )


def init_app(app: Flask) -> None:
    app.wsgi_app = stamp_start(app.wsgi_app)
    app.before_request(take_id)
    request_finished.connect(finished, app)
