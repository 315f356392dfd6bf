"""Every action the audit trail records about a resident has words a person can read: the
activity pages show the label, never the code."""

import re
from pathlib import Path

from app.account.labels import ACTION_LABELS
from app.models import Step

APP = Path(__file__).resolve().parents[2] / "app"
LITERAL = re.compile(r'(?:action=|_record\(\w+, \w+, )"([a-z_]+\.[a-z_]+)"')
# What staff do that is about no one resident: not shown on a resident's activity.
STAFF_ACTIONS = ("staff.", "station.", "programme.", "service.")


def recorded_actions() -> set[str]:
    found = set()
    for path in APP.rglob("*.py"):
        found.update(LITERAL.findall(path.read_text(encoding="utf-8")))
    # Built from a value: application.<step>, booking.<attended|missed>.
    found.update(f"application.{step}" for step in Step)
    found.update({"booking.attended", "booking.missed"})
    return found


def test_the_walk_finds_the_actions():
    assert {"booking.made", "account.created", "document.added"} <= recorded_actions()


def test_every_action_about_a_resident_has_a_label():
    about_residents = {a for a in recorded_actions() if not a.startswith(STAFF_ACTIONS)}
    assert about_residents - set(ACTION_LABELS) == set()
