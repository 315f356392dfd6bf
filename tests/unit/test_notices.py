"""A message about an application never shows a gap where a value belongs: each kind's
placeholders are all filled, in both languages, on a page and in a text message; a step that
lacks a value its message needs is refused; a payment is never recorded without its date."""

import re

import pytest
from flask_babel import force_locale

from app.config import LANGUAGES
from app.extensions import db
from app.models import Application, ApplicationEvent, Notification, Status, Step
from app.services import casework, notifications
from tests.fixtures.applications import approved_with_caseworker, submitted_application

PAID_ON = "2026-11-30"
WRITTEN = {
    "zh": {"amount": "¥5,000.00", "date": "2026年11月30日"},
    "ug": {"amount": "5,000.00", "date": "2026-يىلى 30-نويابىر"},
    "kk_Arab_CN": {"amount": "5\xa0000.00¥", "date": "2026-جىلى 30-قاراشا"},
}
KINDS = sorted(notifications.HEADLINES)


def notice(kind: str, **details) -> Notification:
    application = db.session.get(Application, submitted_application(status=Status.APPROVED))
    full = {"amount": 5000, "paid_on": PAID_ON} | details
    return Notification(
        user_id=application.resident_id, application=application, kind=kind, details=full
    )


def placeholders(kind: str, lang: str) -> set[str]:
    with force_locale(lang):
        return set(re.findall(r"%\((\w+)\)s", str(notifications.HEADLINES[kind][0])))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_placeholder_of_every_kind_is_filled(app, kind, lang):
    with app.test_request_context(), force_locale(lang):
        made = notice(kind)
        for text in (str(notifications.headline(made)), notifications.headline(made, False)):
            assert "%(" not in text
            assert made.application.reference in text
            for name in placeholders(kind, lang) - {"reference"}:
                assert WRITTEN[lang][name] in text, (name, text)
        db.session.rollback()


@pytest.mark.parametrize(("lang", "gap"), [("zh", "已于发放"), ("ug", "پۇلى  تۆلەندى")])
def test_a_payment_notice_without_its_date_says_less_rather_than_leave_a_gap(app, lang, gap):
    """A notice kept from before payments had to have a date."""
    with app.test_request_context(), force_locale(lang):
        made = notice(Step.PAID, paid_on=None, amount=None)
        text = notifications.headline(made, on_page=False)
        assert gap not in text and "%(" not in text and "  " not in text
        assert made.application.reference in text
        db.session.rollback()


def test_a_step_without_the_value_its_message_needs_is_refused(app):
    with app.app_context():
        application = db.session.get(Application, submitted_application(status=Status.APPROVED))
        unpaid = ApplicationEvent(step=Step.PAID, amount_yuan=5000, paid_on=None)
        with pytest.raises(notifications.MissingValue):
            notifications.record(application, unpaid)
        db.session.rollback()


def test_a_payment_is_never_recorded_without_its_date(app):
    with app.app_context():
        application, caseworker = approved_with_caseworker()
        application_id = application.id
        with pytest.raises(notifications.MissingValue):
            casework.record_payment(application, caseworker, None, 5000, "PAY-0001")
        db.session.rollback()
        assert db.session.get(Application, application_id).status == Status.APPROVED
