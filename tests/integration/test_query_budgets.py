"""Each page kind of issue 13 asks the database at most so many times, and a page that only
shows something writes nothing: a page that starts asking more fails here, before it gets
slower for every resident (like Django's assertNumQueries)."""

import pytest

from app.extensions import db
from tests.benchmarks.page_kinds import (
    ClientBrowser,
    page_kinds,
    prepare,
    statements,
)

# Queries a page may run, session included. Lower a budget when a page needs fewer.
BUDGETS = {
    # Public pages
    "home /": 0,
    "start page (startup subsidy)": 0,
    # Applying
    "question page": 2,
    "check answers": 2,
    "confirmation": 2,
    "my applications": 2,
    "an application's status": 2,
    # Booking
    "booking: service step": 2,
    "booking: resident step": 2,
    "booking: station step": 3,
    "booking: slot step": 3,
    "booking: details step": 2,
    "booking: check step": 3,
    # The caseworkers' office
    "caseworker: queue": 2,
    # the session, the application whole, its documents, its history, the texts that did not
    # reach the resident (issue 14), and the audit record of the read
    "caseworker: review": 6,
}
WRITES = ("INSERT", "UPDATE", "DELETE")
# The one write a page that shows something makes: a member of staff reading a resident's
# file is recorded, for the resident's "who looked at my data" (PIPL).
RECORDED_READS = {"caseworker: review": "INSERT INTO audit_events"}


@pytest.fixture
def pages(app):
    app.config["DEMO_MODE"] = True  # the sign-in code on the page, as the benchmark reads it
    prepared = prepare(app, app.config["WEBAUTHN_ORIGIN"])
    return page_kinds(prepared, lambda: ClientBrowser(app))


def test_every_page_kind_has_a_budget(pages):
    assert sorted(name for name, _, _ in pages) == sorted(BUDGETS)


def test_each_page_kind_stays_within_its_query_budget_and_writes_nothing(app, pages):
    over, wrote = {}, {}
    for name, path, browser in pages:
        # A first visit has no cookie; anyone else has seen the page once already.
        client = browser.client if browser else app.test_client(use_cookies=False)
        assert client.get(path).status_code == 200, path
        with app.app_context(), statements(db.engine) as ran:
            assert client.get(path).status_code == 200, path
        if len(ran) > BUDGETS[name]:
            over[name] = f"{len(ran)} queries, budget {BUDGETS[name]}"
        writes = [
            statement
            for statement in ran
            if statement.lstrip().upper().startswith(WRITES)
            and not statement.startswith(RECORDED_READS.get(name, "\0"))
        ]
        if writes:
            wrote[name] = writes
    assert not over, over
    assert not wrote, wrote
