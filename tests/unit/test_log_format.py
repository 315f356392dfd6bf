"""Which log format the app writes: JSON where machines read the logs, text where a person
does, as LOG_FORMAT says when set."""

import pytest

from app.logs import chosen_format


@pytest.mark.parametrize(
    ("setting", "demo", "testing", "chosen"),
    [
        (None, False, False, "json"),  # production
        (None, True, False, "text"),  # make run
        (None, False, True, "text"),  # the tests
        ("text", False, False, "text"),
        ("json", True, False, "json"),
    ],
)
def test_json_in_production_text_for_a_person_unless_set(setting, demo, testing, chosen):
    config = {"LOG_FORMAT": setting, "DEMO_MODE": demo, "TESTING": testing}
    assert chosen_format(config) == chosen
