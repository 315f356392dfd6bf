"""Staff power comes only from a session begun with the member of staff's passkey.

Every route of the app, found by walking its URL map (not a list kept by hand), is asked by each
kind of staff account in a session begun with a code (what a stolen number or a swapped SIM card
gives). Each must be refused, or answered as it is answered to a newcomer with nothing, and no
answer may hold a resident's data. The same accounts in passkey sessions do reach the staff
pages, so the walk does reach real objects."""

import pytest

from app.models import Role
from tests.helpers import Visitor, location, translated
from tests.integration.url_map import (
    NEWCOMER,
    STAFF,
    ask,
    fresh_session,
    refused,
    routes,
    url_for_rule,
)

# What a resident's file holds, which no answer to a code-only staff session may show.
RESIDENT_DATA = ["王军", "11010519491231002", "6228", "达康盲人推拿店", "昌吉市延安北路"]
# Where each kind of staff must get in with a passkey: proof that the walk reaches real objects.
STAFF_PAGES = {
    Role.CASEWORKER: {
        "staff.casework.queue",
        "staff.casework.application",
        "apply.document",
        "staff.resident",
        "staff.reports.figures",
    },
    Role.STATION_STAFF: {"staff.station", "staff.home"},
    Role.ADMIN: {
        "staff.admin.team",
        "staff.admin.change_member",
        "staff.invitations",
        "staff.casework.application",
    },
}


@pytest.mark.parametrize("role", list(STAFF))
def test_a_code_gives_a_staff_account_no_power_anywhere(app, world, role):
    values = world
    mobile = STAFF[role]
    problems, reached = [], set()
    for rule, method in routes(app):
        path = url_for_rule(app, rule, values, mobile)
        answer = ask(fresh_session(app, mobile, "code"), method, path)
        body = answer.get_data(as_text=True)
        shown = [item for item in RESIDENT_DATA if item in body]
        if shown:
            problems.append(f"{method} {path}: shows {shown}")
        if not refused(answer):
            as_newcomer = ask(fresh_session(app, NEWCOMER, "code"), method, path)
            if answer.status_code != as_newcomer.status_code:
                problems.append(
                    f"{method} {path}: {answer.status_code}, a newcomer gets "
                    f"{as_newcomer.status_code}"
                )
        elif method == "GET":
            as_staff = ask(fresh_session(app, mobile, "passkey"), method, path)
            if as_staff.status_code == 200:
                reached.add(rule.endpoint)
    assert problems == []
    assert STAFF_PAGES[role] <= reached, STAFF_PAGES[role] - reached


def test_staff_signed_in_with_a_code_are_asked_for_their_passkey(app, world, sent):
    caseworker = Visitor(app.test_client(), sent)
    caseworker.sign_in(STAFF[Role.CASEWORKER])
    response = caseworker.get("/staff/queue")
    assert location(response).startswith("/sign-in")
    page = caseworker.get(location(response)).get_data(as_text=True)
    assert translated("Staff sign in with a passkey.", "zh") in page
    # The code's session is over: it is not kept to try elsewhere.
    assert location(caseworker.get("/account")).startswith("/sign-in")
