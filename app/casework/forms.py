"""Forms of the caseworkers' pages: the queue's filters and one form for each decision."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField, StringField
from wtforms.validators import DataRequired, Optional, ValidationError

from app.forms import validators as check
from app.forms.common import long_text
from app.forms.fields import DatePartsField, MoneyField, Radios, options, strip_spaces
from app.forms.question import QuestionForm
from app.models import Status
from app.services.notifications import REASONS, REQUESTS

AMOUNT_INPUT = {
    "dir": "ltr",
    "autocomplete": "off",
    "spellcheck": "false",
    "inputmode": "numeric",
    "class": "width-11",
}
PAYMENT_REFERENCE = re.compile(r"^[A-Za-z0-9\-]{4,40}$")
STATUS_FILTERS = [
    ("waiting", _l("Waiting for a decision")),
    (Status.SUBMITTED.value, _l("Submitted")),
    (Status.UNDER_REVIEW.value, _l("Under review")),
    (Status.MORE_INFO.value, _l("More information requested")),
    (Status.APPROVED.value, _l("Approved, not paid yet")),
    (Status.PAID.value, _l("Paid")),
    (Status.REJECTED.value, _l("Not approved")),
    (Status.WITHDRAWN.value, _l("Withdrawn")),
    ("all", _l("All")),
]


class QueueFilters(FlaskForm):
    """Read from the address (GET): a search changes nothing, so needs no CSRF token."""

    class Meta:
        csrf = False

    programme = SelectField(_l("Programme"), choices=[], validators=[Optional()])
    status = SelectField(_l("Status"), choices=options(STATUS_FILTERS), default="waiting")
    search = SearchField(
        _l("Reference, ID number or full name"),
        filters=[strip_spaces],
        render_kw={"dir": "auto", "autocomplete": "off", "spellcheck": "false"},
    )


def _more_than_nothing(form, field):
    if field.data == 0:
        raise ValidationError(_l("The amount must be more than 0"))


def _yuan(label, required):
    """An amount a caseworker types: whole yuan, more than nothing."""
    return MoneyField(
        label,
        filters=[strip_spaces],
        validators=[DataRequired(required), check.Money(1_000_000), _more_than_nothing],
        render_kw=AMOUNT_INPUT,
    )


def _note(label):
    # Optional with some choices: the form's own validate_note says when it is needed.
    return long_text(
        label, limit=1000, too_long=_l("The message must be 1000 characters or fewer"), rows=4
    )


class RequestInformation(QuestionForm):
    heading = _l("Ask the resident for more information")
    request = Radios(
        _l("What do you need?"),
        choices=[*REQUESTS.items(), ("own", _l("Something else: I write it below"))],
        required=_l("Select what you need, or that you write it yourself"),
    )
    note = _note(_l("Your message to the resident (optional with a ready-made request)"))

    def validate_note(self, field):
        if self.request.data == "own" and not field.data:
            raise ValidationError(_l("Write what you need from the resident"))


class Approve(QuestionForm):
    amount = _yuan(_l("How much is approved, in yuan?"), _l("Enter the amount approved"))


class Reject(QuestionForm):
    heading = _l("Why is it not approved?")
    reason = Radios(_l("Reason"), choices=list(REASONS.items()), required=_l("Select the reason"))
    note = _note(_l("Explain to the resident (optional unless the reason is another one)"))

    def validate_note(self, field):
        if self.reason.data == "other" and not field.data:
            raise ValidationError(_l("Explain the reason to the resident"))


class Payment(QuestionForm):
    heading = _l("Record the payment")
    paid_on = DatePartsField(
        _l("Paid on"),
        required=_l("Enter the day it was paid"),
        not_future=_l("The day it was paid must be today or earlier"),
    )
    amount = _yuan(_l("Amount paid, in yuan"), _l("Enter the amount paid"))
    reference = StringField(
        _l("Payment reference from the bank"),
        filters=[strip_spaces],
        render_kw={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"},
    )

    def validate_reference(self, field):
        if not field.data:
            raise ValidationError(_l("Enter the payment reference"))
        if not PAYMENT_REFERENCE.match(field.data):
            raise ValidationError(
                _l("The payment reference has 4 to 40 letters, digits and hyphens")
            )
