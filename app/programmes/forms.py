"""WTForms forms built from definitions: one form class per page, made once and kept."""

from functools import cache

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from app.districts import district_choices
from app.forms import validators as check
from app.forms.common import mobile_number
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


def build_field(spec: FieldSpec):
    """The WTForms field for one question of a definition."""
    label, hint = _l(spec.label), _text(spec.hint)
    kind = spec.type
    if kind in ("text", "textarea"):
        limit = [check.max_length(spec.max, _l(spec.too_long))] if spec.max else []
        render = {"dir": "auto"}
        if spec.autocomplete:
            render["autocomplete"] = spec.autocomplete
        if kind == "textarea":
            render["rows"] = spec.rows or 3
        field_class = TextAreaField if kind == "textarea" else StringField
        return field_class(
            label,
            description=hint,
            filters=[strip_spaces],
            validators=_presence(spec) + limit,
            render_kw=render,
        )
    if kind == "money":
        return MoneyField(
            label,
            description=hint,
            filters=[strip_spaces],
            validators=[*_presence(spec), check.Money(spec.max)],
            render_kw={**NUMBER_INPUT, "inputmode": "numeric", "class": "width-11"},
        )
    if kind == "choice":
        options = [(o.value, _l(o.label)) for o in spec.options]
        return Radios(label, description=hint, choices=options, required=_l(spec.required))
    if kind == "district":
        return Radios(
            label, description=hint, choices=district_choices(), required=_l(spec.required)
        )
    if kind == "yes_no":
        options = [("yes", _text(spec.yes_label) or YES), ("no", _text(spec.no_label) or NO)]
        return Radios(label, description=hint, choices=options, required=_l(spec.required))
    if kind == "choices":
        options = [(o.value, _l(o.label)) for o in spec.options]
        return Checkboxes(label, description=hint, choices=options, required=_text(spec.required))
    if kind == "date":
        return DatePartsField(
            label,
            description=hint,
            required=_l(spec.required),
            not_future=_text(spec.not_future),
            not_past=_text(spec.not_past),
        )
    if kind == "mobile":
        return mobile_number(hint, label=label, required=_l(spec.required))
    if kind == "file":
        # Checked and stored by the documents service; the answer is the documents' ids.
        return DocumentsField(
            label, description=hint, required=_text(spec.required), max_files=spec.max or 5
        )
    return StringField(
        label,
        description=hint,
        filters=[strip_spaces],
        validators=[DataRequired(_l(spec.required)), IDENTIFIERS[kind]()],
        render_kw=IDENTIFIER_INPUTS[kind],
    )


@cache
def page_form(page: PageSpec) -> type[QuestionForm]:
    """The form of a page; for a group, the form of one of its items."""
    attributes = {spec.name: build_field(spec) for spec in page.fields}
    attributes["short_labels"] = {s.name: _l(s.short) for s in page.fields if s.short}
    if len(page.fields) > 1:
        attributes["heading"] = _l(page.heading)
    return type(f"Page_{page.slug.replace('-', '_')}", (QuestionForm,), attributes)
