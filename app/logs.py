"""Where log lines go and how they look: one JSON object a line in production, plain text in
the demo and tests (LOG_FORMAT, app/config.py).

Every logger of the app propagates to the root logger, so one handler there formats them all;
gunicorn's own lines get the same formatter from gunicorn.conf.py. A line written while a
request is handled carries that request's id (app/request_trace.py), so that the lines of one
request can be found together and matched with the proxy's log.

What goes into a line is chosen where it is logged: a masked mobile number, an object's id, a
count, never a message's text, an ID number, a document or a form's values.
"""

import logging
import sys

from flask import Flask, g, has_request_context
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonLines(JsonFormatter):
    """time, level, logger and message, the fields a line was logged with (`extra=`), and the
    id of the request being handled."""

    def __init__(self) -> None:
        super().__init__(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",  # ISO 8601, in UTC
            json_ensure_ascii=False,
        )

    def add_fields(self, log_data, record, message_dict) -> None:
        super().add_fields(log_data, record, message_dict)
        if "request_id" not in log_data and has_request_context():
            request_id = g.get("request_id")
            if request_id:
                log_data["request_id"] = request_id


def formatter(log_format: str) -> logging.Formatter:
    return JsonLines() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def chosen_format(config) -> str:
    """LOG_FORMAT when set; otherwise JSON, except in the demo and tests, where a person reads
    the lines in a terminal."""
    if config.get("LOG_FORMAT"):
        return config["LOG_FORMAT"]
    return "text" if config["DEMO_MODE"] or config["TESTING"] else "json"


def gunicorn_logconfig() -> dict:
    """gunicorn's logging settings (`logconfig_dict`): its lines and the app's, one formatter."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonLines}},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
            "nowhere": {"class": "logging.NullHandler"},
        },
        "root": {"level": "INFO", "handlers": ["json"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["json"], "propagate": False},
            # gunicorn's access log writes the path and query string asked for, which may hold
            # anything: app/request_trace.py writes each request's line without them.
            "gunicorn.access": {"handlers": ["nowhere"], "propagate": False},
        },
    }


def init_app(app: Flask) -> None:
    """Formats every line as LOG_FORMAT says, unless logging was set up already (by gunicorn
    from gunicorn.conf.py, or by pytest, which collects the lines itself)."""
    log_format = chosen_format(app.config)
    if log_format not in ("json", "text"):
        raise RuntimeError(f"LOG_FORMAT={log_format!r}: choose json or text")
    app.config["LOG_FORMAT"] = log_format
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(log_format))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # Flask's own handler would write the app's lines a second time, unformatted.
    app.logger.removeHandler(default_handler)
