"""Fields our component macros know how to render, beyond the ones WTForms has."""

from datetime import date

from flask_babel import get_locale
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, SelectChoice, SelectMultipleField, StringField
from wtforms.fields.core import Field
from wtforms.utils import unset_value
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput

from app.clock import local_today
from app.forms import messages
from app.identifiers import ascii_digits

DATE_PARTS = ("day", "month", "year")


def strip_spaces(value):
    """Filter for text fields: spaces before and after an answer are never meant."""
    return value.strip() if isinstance(value, str) else value


def options(choices) -> list[SelectChoice]:
    """Choices written as (value, label) pairs, which keeps definitions short."""
    return [SelectChoice(value, label) for value, label in choices]


class Radios(RadioField):
    """Radio buttons whose one message, for no choice or a forged one, says what to choose."""

    def __init__(self, label, *, choices, required, **kwargs):
        super().__init__(label, choices=options(choices), invalid_choice_message=required, **kwargs)


class Checkboxes(SelectMultipleField):
    """Several checkboxes in a fieldset; `required`, when given, asks for at least one."""

    option_widget = CheckboxInput()

    def __init__(self, label, *, choices, required=None, **kwargs):
        super().__init__(label, choices=options(choices), **kwargs)
        self.required_message = required

    def pre_validate(self, form):
        if self.required_message and not self.data:
            raise StopValidation(self.required_message)
        offered = {choice.value for choice in self.iter_choices()}
        if any(value not in offered for value in self.data or []):
            raise StopValidation(messages.CHOOSE_FROM_OPTIONS)


class DatePartsField(Field):
    """A date typed as three numbers (day, month, year), in the order the locale writes dates.

    Keeps what was typed in `parts`, so a page with an error shows it again unchanged, and
    names the parts at fault in `error_parts`, so only those are marked.
    """

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        required,
        not_future=None,
        not_past=None,
        optional=False,
        **kwargs,
    ):
        super().__init__(label, validators, **kwargs)
        self.required_message = required
        self.optional = optional  # all three parts empty then mean "no date"
        self.not_future_message = not_future
        self.not_past_message = not_past
        self.parts = dict.fromkeys(DATE_PARTS, "")
        self.error_parts: tuple[str, ...] = ()

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.process_data(data)
        if formdata is not None:
            self.parts = {p: formdata.get(f"{self.name}-{p}", "").strip() for p in DATE_PARTS}
            self.raw_data = [self.parts[p] for p in DATE_PARTS]
            self.data = None

    def process_data(self, value):
        if isinstance(value, str) and value:
            value = date.fromisoformat(value)
        self.data = value if isinstance(value, date) else None
        if self.data:
            self.parts = {"day": str(value.day), "month": str(value.month), "year": str(value.year)}

    def pre_validate(self, form):
        parts = {p: ascii_digits(v) for p, v in self.parts.items()}
        missing = tuple(p for p in DATE_PARTS if not parts[p])
        if self.optional and len(missing) == len(DATE_PARTS):
            self.data = None
            return
        if len(missing) == len(DATE_PARTS):
            self._fail(DATE_PARTS, self.required_message)
        if missing:
            self._fail(missing, messages.DATE_MISSING[missing])
        if not all(parts[p].isdigit() and parts[p].isascii() for p in DATE_PARTS):
            self._fail(DATE_PARTS, messages.DATE_NOT_REAL)
        if len(parts["year"]) != 4:
            self._fail(("year",), messages.DATE_YEAR_DIGITS)
        try:
            value = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self._fail(DATE_PARTS, messages.DATE_NOT_REAL)
        if value.year < 1900:
            self._fail(("year",), messages.DATE_TOO_EARLY)
        if self.not_future_message and value > local_today():
            self._fail(DATE_PARTS, self.not_future_message)
        if self.not_past_message and value < local_today():
            self._fail(DATE_PARTS, self.not_past_message)
        self.data = value

    def _fail(self, parts: tuple[str, ...], message) -> None:
        self.error_parts = parts
        raise StopValidation(message)

    def part_order(self) -> list[str]:
        """Day, month and year in the order of the locale's short date pattern (y/M/d in zh)."""
        pattern = get_locale().date_formats["short"].pattern
        return sorted(
            DATE_PARTS, key=lambda part: pattern.find(part[0] if part != "month" else "M")
        )


class DocumentsField(MultipleFileField):
    """Photos or files of a document. They are checked and kept by the documents service, which
    reads `required_message` when none was given."""

    def __init__(self, label, *, required=None, max_files=5, **kwargs):
        kwargs.setdefault(
            "render_kw", {"accept": "image/jpeg,image/png,image/heic,image/heif,application/pdf"}
        )
        super().__init__(label, **kwargs)
        self.required_message = required
        self.max_files = max_files


class MoneyField(StringField):
    """An amount in yuan, typed as digits; shown back in the locale's money format."""
