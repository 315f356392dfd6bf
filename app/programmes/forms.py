"""WTForms forms built from definitions: one form class per page, made once and kept."""

from functools import cache

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Optional

from app.districts import district_choices
from app.forms import validators as check
from app.forms.common import long_text, mobile_number
from app.forms.fields import (
    Checkboxes,
    DatePartsField,
    DocumentsField,
    MoneyField,
    Radios,
    strip_spaces,
)
from app.forms.question import QuestionForm
from app.programmes.definitions import FieldSpec, PageSpec

# Inputs of numbers that read left to right in every language.
NUMBER_INPUT = {"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}
YES, NO = _l("Yes"), _l("No")
IDENTIFIERS = {
    "id_number": check.id_number,
    "certificate_number": lambda: check.certificate_number("id_number"),
    "credit_code": check.credit_code,
    "bank_account": check.bank_account,
}
IDENTIFIER_INPUTS = {
    "id_number": {**NUMBER_INPUT, "class": "width-20"},
    "certificate_number": {**NUMBER_INPUT, "class": "width-20"},
    "credit_code": {**NUMBER_INPUT, "autocapitalize": "characters", "class": "width-20"},
    "bank_account": {**NUMBER_INPUT, "inputmode": "numeric", "class": "width-20"},
}


def _text(value: str | None):
    return _l(value) if value else None


def _presence(spec: FieldSpec) -> list:
    return [DataRequired(_l(spec.required))] if spec.required else [Optional()]


def _autocomplete(spec: FieldSpec) -> dict:
    return {"autocomplete": spec.autocomplete} if spec.autocomplete else {}


def _line_of_text(spec: FieldSpec):
    limit = [check.max_length(spec.max, _l(spec.too_long))] if spec.max else []
    return StringField(
        _l(spec.label),
        description=_text(spec.hint),
        filters=[strip_spaces],
        validators=_presence(spec) + limit,
        render_kw={"dir": "auto", **_autocomplete(spec)},
    )


def _lines_of_text(spec: FieldSpec):
    return long_text(
        _l(spec.label),
        hint=_text(spec.hint),
        required=_text(spec.required),
        limit=spec.max,
        too_long=_text(spec.too_long),
        rows=spec.rows or 3,
        **_autocomplete(spec),
    )


def _money(spec: FieldSpec):
    return MoneyField(
        _l(spec.label),
        description=_text(spec.hint),
        filters=[strip_spaces],
        validators=[*_presence(spec), check.Money(spec.max)],
        render_kw={**NUMBER_INPUT, "inputmode": "numeric", "class": "width-11"},
    )


def _radios(spec: FieldSpec, choices):
    return Radios(
        _l(spec.label), description=_text(spec.hint), choices=choices, required=_l(spec.required)
    )


def _choice(spec: FieldSpec):
    return _radios(spec, [(o.value, _l(o.label)) for o in spec.options])


def _district(spec: FieldSpec):
    return _radios(spec, district_choices())


def _yes_no(spec: FieldSpec):
    return _radios(
        spec, [("yes", _text(spec.yes_label) or YES), ("no", _text(spec.no_label) or NO)]
    )


def _choices(spec: FieldSpec):
    return Checkboxes(
        _l(spec.label),
        description=_text(spec.hint),
        choices=[(o.value, _l(o.label)) for o in spec.options],
        required=_text(spec.required),
    )


def _date(spec: FieldSpec):
    return DatePartsField(
        _l(spec.label),
        description=_text(spec.hint),
        required=_l(spec.required),
        not_future=_text(spec.not_future),
        not_past=_text(spec.not_past),
    )


def _mobile(spec: FieldSpec):
    return mobile_number(_text(spec.hint), label=_l(spec.label), required=_l(spec.required))


def _documents(spec: FieldSpec):
    # Checked and stored by the documents service; the answer is the documents' ids.
    return DocumentsField(
        _l(spec.label),
        description=_text(spec.hint),
        required=_text(spec.required),
        max_files=spec.max or 5,
    )


def _identifier(spec: FieldSpec):
    return StringField(
        _l(spec.label),
        description=_text(spec.hint),
        filters=[strip_spaces],
        validators=[DataRequired(_l(spec.required)), IDENTIFIERS[spec.type]()],
        render_kw=IDENTIFIER_INPUTS[spec.type],
    )


# One builder for each question type of definitions.FIELD_TYPES (a unit test holds them equal).
BUILDERS = {
    "text": _line_of_text,
    "textarea": _lines_of_text,
    "money": _money,
    "choice": _choice,
    "choices": _choices,
    "yes_no": _yes_no,
    "date": _date,
    "mobile": _mobile,
    "district": _district,
    "file": _documents,
    **dict.fromkeys(IDENTIFIERS, _identifier),
}


def build_field(spec: FieldSpec):
    """The WTForms field for one question of a definition."""
    return BUILDERS[spec.type](spec)


@cache
def page_form(page: PageSpec) -> type[QuestionForm]:
    """The form of a page; for a group, the form of one of its items."""
    attributes = {spec.name: build_field(spec) for spec in page.fields}
    attributes["short_labels"] = {s.name: _l(s.short) for s in page.fields if s.short}
    if len(page.fields) > 1:
        attributes["heading"] = _l(page.heading)
    return type(f"Page_{page.slug.replace('-', '_')}", (QuestionForm,), attributes)
