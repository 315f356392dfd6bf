"""WTForms forms built from definitions: one form class per page, made once and kept."""

from functools import cache

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
from app.translations import lazy_gettext as _l

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


def _line_of_text(spec: FieldSpec, label, hint):
    limit = [check.max_length(spec.max, _l(spec.too_long))] if spec.max else []
    return StringField(
        label,
        description=hint,
        filters=[strip_spaces],
        validators=_presence(spec) + limit,
        render_kw={"dir": "auto", **_autocomplete(spec)},
    )


def _lines_of_text(spec: FieldSpec, label, hint):
    return long_text(
        label,
        hint=hint,
        required=_text(spec.required),
        limit=spec.max,
        too_long=_text(spec.too_long),
        rows=spec.rows or 3,
        **_autocomplete(spec),
    )


def _money(spec: FieldSpec, label, hint):
    return MoneyField(
        label,
        description=hint,
        filters=[strip_spaces],
        validators=[*_presence(spec), check.Money(spec.max)],
        render_kw={**NUMBER_INPUT, "inputmode": "numeric", "class": "width-11"},
    )


def _options(spec: FieldSpec) -> list:
    return [(o.value, _l(o.label)) for o in spec.options]


def _yes_no_options(spec: FieldSpec) -> list:
    return [("yes", _text(spec.yes_label) or YES), ("no", _text(spec.no_label) or NO)]


def _radios(choices_of):
    """The builder of radio buttons whose choices `choices_of(spec)` gives."""

    def build(spec: FieldSpec, label, hint):
        return Radios(label, description=hint, choices=choices_of(spec), required=_l(spec.required))

    return build


def _checkboxes(spec: FieldSpec, label, hint):
    return Checkboxes(
        label, description=hint, choices=_options(spec), required=_text(spec.required)
    )


def _date(spec: FieldSpec, label, hint):
    return DatePartsField(
        label,
        description=hint,
        required=_l(spec.required),
        not_future=_text(spec.not_future),
        not_past=_text(spec.not_past),
    )


def _mobile(spec: FieldSpec, label, hint):
    return mobile_number(hint, label=label, required=_l(spec.required))


def _documents(spec: FieldSpec, label, hint):
    # Checked and stored by the documents service; the answer is the documents' ids.
    return DocumentsField(
        label, description=hint, required=_text(spec.required), max_files=spec.max or 5
    )


def _identifier(spec: FieldSpec, label, hint):
    return StringField(
        label,
        description=hint,
        filters=[strip_spaces],
        validators=[DataRequired(_l(spec.required)), IDENTIFIERS[spec.type]()],
        render_kw=IDENTIFIER_INPUTS[spec.type],
    )


# One builder for each question type of definitions.FIELD_TYPES (a unit test holds them equal).
BUILDERS = {
    "text": _line_of_text,
    "textarea": _lines_of_text,
    "money": _money,
    "choice": _radios(_options),
    "choices": _checkboxes,
    "yes_no": _radios(_yes_no_options),
    "date": _date,
    "mobile": _mobile,
    "district": _radios(lambda _spec: district_choices()),
    "file": _documents,
    **dict.fromkeys(IDENTIFIERS, _identifier),
}


def build_field(spec: FieldSpec):
    """The WTForms field for one question of a definition."""
    return BUILDERS[spec.type](spec, _l(spec.label), _text(spec.hint))


@cache
def page_form(page: PageSpec) -> type[QuestionForm]:
    """The form of a page; for a group, the form of one of its items."""
    attributes = {spec.name: build_field(spec) for spec in page.fields}
    attributes["short_labels"] = {s.name: _l(s.short) for s in page.fields if s.short}
    if len(page.fields) > 1:
        attributes["heading"] = _l(page.heading)
    return type(f"Page_{page.slug.replace('-', '_')}", (QuestionForm,), attributes)


@cache
def summary_form(pages: tuple[PageSpec, ...]) -> type[QuestionForm]:
    """One form with every question of these pages (not groups), for showing answers back:
    a summary builds one form, not one a page. Answer names are unique in a programme
    (definitions.py checks), and each field is the one its page's form has."""
    attributes = {}
    for page in pages:
        form = page_form(page)
        attributes.update({spec.name: getattr(form, spec.name) for spec in page.fields})
        attributes.setdefault("short_labels", {}).update(form.short_labels)
    return type("Summary", (QuestionForm,), attributes)
