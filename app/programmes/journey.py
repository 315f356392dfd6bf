"""Question pages: a programme is an ordered list of questions, each one page with one form.

A question may be asked only when earlier answers call for it. Answers are kept as plain JSON
values keyed by field name, so that the same definitions can later come from data files.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import BooleanField

from app.forms.fields import DatePartsField
from app.forms.question import Answers, QuestionForm


def to_answer(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def as_formdata(form: QuestionForm, answers: Answers) -> MultiDict:
    """Stored answers as if typed again, so that they can be checked again with today's rules."""
    data = MultiDict()
    for f in form.answer_fields():
        value = answers.get(f.name)
        if value is None or value is False:
            continue
        if isinstance(f, DatePartsField):
            day = date.fromisoformat(value)
            for part in ("day", "month", "year"):
                data.add(f"{f.name}-{part}", str(getattr(day, part)))
        elif isinstance(f, BooleanField):
            data.add(f.name, "y")
        elif isinstance(value, list):
            for item in value:
                data.add(f.name, item)
        else:
            data.add(f.name, str(value))
    return data


@cache
def _field_names(form_class: type[QuestionForm]) -> list[str]:
    return [f.name for f in form_class(formdata=None, meta={"csrf": False}).answer_fields()]


@dataclass(frozen=True)
class Question:
    slug: str
    form: type[QuestionForm]
    ask_if: Callable[[Answers], bool] | None = None

    def applies(self, answers: Answers) -> bool:
        return self.ask_if is None or self.ask_if(answers)

    def field_names(self) -> list[str]:
        return _field_names(self.form)

    def is_answered(self, answers: Answers) -> bool:
        return all(name in answers for name in self.field_names())

    def form_for_display(self, answers: Answers, resident=None) -> QuestionForm:
        data = {name: answers[name] for name in self.field_names() if name in answers}
        if not data and resident is not None:
            data = self.form.suggestions(resident)
        form = self.form(formdata=None, data=data)
        form.answers = answers
        return form

    def recheck(self, answers: Answers) -> QuestionForm:
        """A form holding the stored answers, validated again; its errors say what must change."""
        form = self.form(formdata=None, meta={"csrf": False})
        form.process(formdata=as_formdata(form, answers))
        form.answers = answers
        form.validate()
        return form

    @staticmethod
    def answers_from(form: QuestionForm) -> dict[str, Any]:
        return {f.name: to_answer(f.data) for f in form.answer_fields()}


@dataclass(frozen=True)
class Programme:
    code: str  # used in URLs and stored with each application
    title: object
    questions: tuple[Question, ...]
    start_template: str
    district_field: str = "district"
    _by_slug: dict[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_slug", {q.slug: q for q in self.questions})

    def question(self, slug: str) -> Question | None:
        return self._by_slug.get(slug)

    def asked(self, answers: Answers) -> list[Question]:
        return [q for q in self.questions if q.applies(answers)]

    def after(self, question: Question, answers: Answers) -> Question | None:
        asked = self.asked(answers)
        later = asked[asked.index(question) + 1 :] if question in asked else []
        return later[0] if later else None

    def before(self, question: Question, answers: Answers) -> Question | None:
        asked = self.asked(answers)
        earlier = asked[: asked.index(question)] if question in asked else []
        return earlier[-1] if earlier else None

    def first_unfinished(self, answers: Answers) -> Question | None:
        """The first question asked that has no answer yet, or one that no longer passes."""
        for question in self.asked(answers):
            if not question.is_answered(answers) or question.recheck(answers).errors:
                return question
        return None

    def final_answers(self, answers: Answers) -> dict[str, Any]:
        """Only the answers to questions asked: a changed answer may make others moot."""
        names = {n for q in self.asked(answers) for n in q.field_names()}
        return {k: v for k, v in answers.items() if k in names}
