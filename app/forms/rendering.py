"""Helpers the component macros call: what a field needs around it in HTML."""

from flask import get_template_attribute
from flask_babel import pgettext
from markupsafe import Markup
from wtforms.validators import Length

from app.forms.fields import DatePartsField


def described_by(field, *extra: str | None) -> str | None:
    """The ids that describe an input: its hint, then its error, then any extras."""
    ids = [
        f"{field.id}-hint" if field.description else None,
        f"{field.id}-error" if field.errors else None,
        *extra,
    ]
    return " ".join(i for i in ids if i) or None


def input_attrs(field, css_class: str, *extra_ids: str | None) -> dict:
    classes = [
        css_class,
        (field.render_kw or {}).get("class"),
        "input-error" if field.errors else None,
    ]
    # No maxlength: it silently cuts what is pasted; the count and the server say what is too long.
    attrs = {"class": " ".join(c for c in classes if c), "maxlength": False}
    ids = described_by(field, *extra_ids)
    if ids:
        attrs["aria-describedby"] = ids
    return attrs


def error_anchor(field) -> str:
    """Where a link in the error summary takes the user: the first input to put right."""
    if isinstance(field, DatePartsField):
        order = field.part_order()
        faulty = [p for p in order if p in field.error_parts] or order
        return f"{field.id}-{faulty[0]}"
    if field.type in ("Radios", "Checkboxes"):
        return f"{field.id}-0" if list(field.iter_choices()) else field.id
    return field.id


def max_length(field) -> int | None:
    for validator in field.validators:
        if isinstance(validator, Length) and validator.max > 0:
            return validator.max
    return None


def chosen_labels(field) -> list[str]:
    """The labels of the options chosen in a radios or checkboxes field."""
    return [str(choice.label) for choice in field.iter_choices() if choice.selected]


def has_files(form) -> bool:
    return any(f.type == "DocumentsField" for f in form)


def page_heading(form) -> str:
    """A form's page heading: its own `heading`, or the label of its only field."""
    if getattr(form, "heading", None):
        return str(form.heading)
    return str(form.answer_fields()[0].label.text)


def pause() -> str:
    """The punctuation a screen reader pauses at between two parts of one name (a choice's
    title and its details, a time's day and its hours), in the reader's language."""
    return pgettext("a pause between two parts of a name read aloud", ", ")


def choice_label(title, *details) -> Markup:
    """A radio's label for a choice with details (see the macro of the same name)."""
    macro = get_template_attribute("components/fields.html", "choice_label")
    return Markup(macro(title, [d for d in details if d], pause()))


def unseen(text) -> Markup:
    """Words for a screen reader only (see the macro of the same name)."""
    return Markup(get_template_attribute("components/fields.html", "unseen")(text))
