"""Log lines as production writes them: one JSON object a line, one line a request, with its
id, route, method, status and duration, and nothing a resident typed or a path named."""

import io
import json
import logging
import re

import pytest

from app import logs, storage
from tests.integration.journey import GOOD_ANSWERS, answer_all, start

# What a line may hold, and nothing else.
FIELDS = {"time", "level", "logger", "message", "request_id", "route", "method", "status"}
REQUEST_FIELDS = FIELDS | {"duration_ms"}


@pytest.fixture
def log_lines(app, monkeypatch):
    """The app logging as in production (LOG_FORMAT=json); returns a function giving the
    lines written so far, each parsed from its JSON."""
    monkeypatch.setitem(app.config, "LOG_FORMAT", "json")
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setFormatter(logs.JsonLines())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in written.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "app.request_trace"]


def test_a_request_writes_one_json_line_with_its_id_route_status_and_duration(client, log_lines):
    response = client.get("/accessibility")
    [line] = log_lines()
    assert set(line) == REQUEST_FIELDS
    assert line["route"] == "/accessibility"
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert 0 < line["duration_ms"] < 10_000
    assert line["level"] == "INFO"
    # The response carries the id, so that a complaint can be matched with its line.
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert response.headers["X-Request-ID"] == line["request_id"]


def test_the_proxys_request_id_is_kept_and_a_forged_one_replaced(client, log_lines):
    kept = client.get("/", headers={"X-Request-ID": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"})
    forged = client.get("/", headers={"X-Request-ID": "13912345678 <script>alert(1)</script>"})
    first, second = log_lines()
    assert first["request_id"] == kept.headers["X-Request-ID"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert second["request_id"] == forged.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", second["request_id"])
    assert "13912345678" not in json.dumps([first, second])


def test_lines_logged_while_handling_a_request_carry_its_id(app, client, log_lines, monkeypatch):
    monkeypatch.setitem(app.extensions, "document_store", storage.FolderStore("/nonexistent"))
    response = client.get("/readyz")
    warning, request_line = log_lines()
    assert warning["logger"] == "app.health"
    assert warning["level"] == "WARNING"
    assert set(warning) <= FIELDS
    assert warning["request_id"] == request_line["request_id"] == response.headers["X-Request-ID"]


def test_no_number_answer_or_path_a_resident_sends_reaches_the_log(app, log_lines, visitor, sent):
    """A sign-in and a whole application, typed in: the mobile number, the code and the answers
    (ID number, bank account...) went in forms, the application's id in every path, a query
    string along; the log has routes and statuses only."""
    visitor.sign_in("13912345678")
    first_question = start(visitor)
    check_page = answer_all(visitor, first_question)
    visitor.submit(check_page, {"confirm": "y"})
    visitor.get(f"{check_page}?id_number=110105194912310021")
    written = log_lines()
    # Without the times, whose microseconds could read as a sign-in code.
    text = json.dumps([{**line, "time": ""} for line in written], ensure_ascii=False)
    typed = [value for _slug, answer in GOOD_ANSWERS for value in answer.values()]
    sensitive = [value for value in typed if isinstance(value, str) and len(value) > 4]
    sensitive += ["13912345678", "12345678", "110105194912310021", "id_number"]
    sensitive += [re.search(r"\d{6}", message).group(0) for _mobile, message in sent]
    assert [value for value in sensitive if value in text] == []
    assert re.search(r"\d", first_question)
    assert first_question not in text and check_page not in text
    routes = {rule.rule for rule in app.url_map.iter_rules()}
    assert len(request_lines(written)) > 20
    for line in written:
        assert set(line) <= REQUEST_FIELDS, line
        if line["logger"] == "app.request_trace":
            assert line["route"] in routes, line["route"]
