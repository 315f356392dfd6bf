"""Forms of the caseworkers' pages: the queue's filters and one form for each decision."""

import re

from flask_babel import force_locale, get_locale
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import SearchField, SelectField, StringField
from wtforms.validators import DataRequired, Optional, ValidationError
from wtforms.widgets import Select, html_params

from app.config import DEFAULT_LANGUAGE, LANGUAGES
from app.forms import validators as check
from app.forms.common import long_text
from app.forms.fields import DatePartsField, MoneyField, Radios, options, strip_spaces
from app.forms.question import QuestionForm
from app.forms.rendering import choice_label
from app.i18n import LazyMarkup, isolated, language_in_reader_language
from app.models import Status
from app.services.notifications import REASONS, REQUESTS
from app.translations import lazy_gettext as _l

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


class PlainSelect(Select):
    """WTForms' select, the same HTML written in one pass: the queue's filters are drawn on
    every visit, and building each option's attributes one by one was most of their cost.
    Choices in groups or with attributes of their own are left to WTForms."""

    def __call__(self, field, **kwargs):
        choices = field.choices or []
        if self.multiple or any(c.optgroup is not None or c.render_kw for c in choices):
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        for flag in self.validation_attrs:
            if flag not in kwargs and getattr(field.flags, flag, False):
                kwargs[flag] = getattr(field.flags, flag)
        html = [f"<select {html_params(name=field.name, **kwargs)}>"]
        for choice in choices:
            # As WTForms writes them: attributes in alphabetical order, "selected" first.
            selected = " selected" if field.coerce(choice.value) == field.data else ""
            label = escape(choice.label or choice.value)
            html.append(f'<option{selected} value="{escape(choice.value)}">{label}</option>')
        html.append("</select>")
        return Markup("".join(html))


class QueueFilters(FlaskForm):
    """Read from the address (GET): a search changes nothing, so needs no CSRF token."""

    class Meta:
        csrf = False

    programme = SelectField(
        _l("Programme"), choices=[], validators=[Optional()], widget=PlainSelect()
    )
    status = SelectField(
        _l("Status"), choices=options(STATUS_FILTERS), default="waiting", widget=PlainSelect()
    )
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


# The caseworker writes in the default language (Chinese); beside it, if they can, the same
# words in each other language, which a resident reading that language is shown instead.
TRANSLATED = [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]
WRITTEN_IN = LANGUAGES[DEFAULT_LANGUAGE]["tag"]


def _note(label, **render):
    # Optional with some choices: the form's own validate_note says when it is needed.
    return long_text(
        label,
        limit=1000,
        too_long=_l("The message must be 1000 characters or fewer"),
        rows=4,
        **render,
    )


# Each ready-made text as a choice, by its key and the reader's language: made from the
# translations alone, which do not change while the service runs.
_ready_made: dict[tuple[str, str], Markup] = {}


def _in_every_language(key: str, text) -> LazyMarkup:
    """A ready-made text as a choice: in the caseworker's language, then as residents reading
    each other language will read it, marked as that language."""

    def make():
        language = str(get_locale())
        found = _ready_made.get((key, language))
        if found is None:
            others = []
            for code in LANGUAGES:
                if code != language:
                    with force_locale(code):
                        others.append(isolated(str(text), code))
            found = _ready_made[(key, language)] = choice_label(str(text), *others)
        return found

    return LazyMarkup(make)


class WithTranslations(QuestionForm):
    """A note (`note`) and, for each other language, the same words in it (`note_<code>`)."""

    def translations(self) -> dict[str, str]:
        return {code: self[f"note_{code}"].data for code in TRANSLATED if self[f"note_{code}"].data}

    def validate_note(self, field):
        if self.translations() and not field.data:
            raise ValidationError(
                _l("Write the message in Chinese too: every resident can be shown it")
            )


def _translation_fields(form_class):
    for code in TRANSLATED:
        spec = LANGUAGES[code]
        label = _l(
            "The same message in %(language)s, for residents who read it (optional)",
            language=LazyString(language_in_reader_language, code),
        )
        setattr(form_class, f"note_{code}", _note(label, lang=spec["tag"], dir=spec["dir"]))
    return form_class


@_translation_fields
class RequestInformation(WithTranslations):
    heading = _l("Ask the resident for more information")
    request = Radios(
        _l("What do you need?"),
        choices=[
            *((key, _in_every_language(key, text)) for key, text in REQUESTS.items()),
            ("own", _l("Something else: I write it below")),
        ],
        required=_l("Select what you need, or that you write it yourself"),
    )
    note = _note(
        _l("Your message to the resident, in Chinese (optional with a ready-made request)"),
        lang=WRITTEN_IN,
    )

    def validate_note(self, field):
        if self.request.data == "own" and not field.data:
            raise ValidationError(_l("Write what you need from the resident"))
        super().validate_note(field)


class Approve(QuestionForm):
    amount = _yuan(_l("How much is approved, in yuan?"), _l("Enter the amount approved"))


@_translation_fields
class Reject(WithTranslations):
    heading = _l("Why is it not approved?")
    reason = Radios(_l("Reason"), choices=list(REASONS.items()), required=_l("Select the reason"))
    note = _note(
        _l("Explain to the resident, in Chinese (optional unless the reason is another one)"),
        lang=WRITTEN_IN,
    )

    def validate_note(self, field):
        if self.reason.data == "other" and not field.data:
            raise ValidationError(_l("Explain the reason to the resident"))
        super().validate_note(field)


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
