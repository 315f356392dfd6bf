"""The form of a page that asks one question, or one small group of them."""

from collections.abc import Mapping
from typing import Any, ClassVar

from flask_wtf import FlaskForm

Answers = Mapping[str, Any]


class QuestionForm(FlaskForm):
    """One question page. A form with one field uses that field's label as the page heading;
    a form with several fields sets `heading`, shown as the legend of a fieldset."""

    heading: ClassVar[object | None] = None
    # With several fields: True puts them in a fieldset whose legend is the heading.
    group_fields: ClassVar[bool] = True
    # Shorter names for "Check your answers", by field name; the label is used otherwise.
    short_labels: ClassVar[Mapping[str, object]] = {}
    # Earlier answers, for checks that compare with them.
    answers: Answers = {}

    @classmethod
    def suggestions(cls, resident) -> dict[str, Any]:
        """Values offered before the resident answers (their account's mobile number, say)."""
        return {}

    def answer_fields(self) -> list:
        return [f for f in self if f.name != "csrf_token"]
