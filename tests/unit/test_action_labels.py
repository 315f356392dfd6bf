"""Every action the audit trail records about a resident has words a person can read: the
activity pages show the label, never the code, and it reads as something done, not a button."""

import re
from pathlib import Path

from flask_babel import force_locale

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


def _labels(app, lang: str) -> dict[str, str]:
    with app.test_request_context(), force_locale(lang):
        return {action: str(label) for action, label in ACTION_LABELS.items()}


def test_each_event_reads_as_done_in_chinese(app):
    """ "创建了账户", not "创建账户", which reads like a button."""
    as_a_button = [
        label
        for label in _labels(app, "zh").values()
        if "了" not in label and not label.startswith("没有")
    ]
    assert as_a_button == []


def test_each_event_reads_as_done_in_uyghur(app):
    """Past tense: "ھېسابات قۇرۇلدى", "ئىلتىماسىڭىزنى كۆردى"."""
    past = re.compile(r"(?:دى|تى)$")
    assert [label for label in _labels(app, "ug").values() if not past.search(label)] == []
