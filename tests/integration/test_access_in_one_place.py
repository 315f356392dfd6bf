"""Access is decided in one place: every view whose address names an object by its id loads it
through a loader of app/access.py. The URL map is walked (not a list kept by hand); each rule
with an id is asked by each kind of person, and whenever the answer is not a refusal, the loader
of that kind of object must have loaded that very object."""

from flask import g

from tests.integration.url_map import RESIDENT, STAFF, fill_rule, fresh_session, refused, routes

# Each id a rule may hold, and the kind of object its loader notes.
LOADED_AS = {
    "application_id": "application",
    "document_id": "document",
    "resident_id": "resident",
    "booking_id": "booking",
    "station_id": "station",
    "member_id": "member",
    "passkey_id": "passkey",
    "link_id": "link",
}
PEOPLE = [(RESIDENT, "code")] + [(mobile, "passkey") for mobile in STAFF.values()]


def ids_in(rule) -> list[str]:
    return [name for name in rule.arguments if name.endswith("_id")]


def test_every_id_in_the_url_map_has_a_loader(app):
    named = {name for rule, _method in routes(app) for name in ids_in(rule)}
    assert named <= set(LOADED_AS), named - set(LOADED_AS)


def test_every_view_with_an_id_loads_it_through_access(app, world):
    problems, reached = [], set()
    # Reading first, then changing: a removal must not hide a view that skips its loader.
    for rule, method in sorted(routes(app), key=lambda pair: pair[1]):
        if not ids_in(rule):
            continue
        for mobile, how in PEOPLE:
            visitor = fresh_session(app, mobile, how)
            path, used = fill_rule(app, rule, world, mobile)
            with visitor.client:
                if method == "GET":
                    answer = visitor.client.get(path)
                else:
                    token = visitor.client.get("/form-token").get_json()["token"]
                    answer = visitor.client.post(path, data={"csrf_token": token})
                loaded = set(g.get("access_loaded", set()))
            answer.close()
            if refused(answer):
                continue
            reached.add(rule.endpoint)
            for name in ids_in(rule):
                if (LOADED_AS[name], used[name]) not in loaded:
                    problems.append(f"{method} {path} as {mobile}: {name} not loaded by access")
    assert problems == []
    # The walk reached the views of every kind of object, as their owners and staff.
    assert {
        "apply.application",
        "apply.document",
        "book.booking",
        "staff.resident",
        "staff.casework.application",
        "staff.admin.change_member",
        "staff.admin.station_details",
        "account.decide_link",
    } <= reached
