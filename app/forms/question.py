"""The form of a page that asks one question, or one small group of them."""

import unicodedata
from collections.abc import Mapping
from typing import Any, ClassVar

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

Answers = Mapping[str, Any]


KEPT_CONTROLS = {"\t", "\n", "\r"}


def without_controls(text: str) -> str:
    """Drops what no person types and not every database or page can hold: control characters
    (NUL and the like) and Unicode non-characters. Tabs and line breaks stay."""
    return "".join(
        c
        for c in text
        if (c in KEPT_CONTROLS or unicodedata.category(c) != "Cc")
        and not (0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE)
    )


class QuestionForm(FlaskForm):
    """One question page. A form with one field uses that field's label as the page heading;
    a form with several fields sets `heading`, shown as the legend of a fieldset."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            """What was sent, cleaned of characters no one types, before any field reads it."""
            sent = super().wrap_formdata(form, formdata)
            if sent is None:
                return None
            cleaned = MultiDict()
            for key, value in sent.items(multi=True):
                cleaned.add(key, without_controls(value) if isinstance(value, str) else value)
            return cleaned

    heading: ClassVar[object | None] = None
    # With several fields: True puts them in a fieldset whose legend is the heading.
    group_fields: ClassVar[bool] = True
    # Shorter names for "Check your answers", by field name; the label is used otherwise.
    short_labels: ClassVar[Mapping[str, object]] = {}
    # Earlier answers, for checks that compare with them.
    answers: Answers = {}

    def answer_fields(self) -> list:
        return [f for f in self if f.name != "csrf_token"]
