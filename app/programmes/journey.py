"""Question pages: a programme is an ordered list of pages, built from its definition.

A page may be asked only when earlier answers call for it. Answers are plain JSON values keyed
by field name: text, numbers, lists of chosen options, ISO dates, lists of document ids, and for
an "add another" group a list of items, each a dict of its fields' answers.
"""

import hashlib
import json
import os
import threading
from collections.abc import Mapping
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import BooleanField

from app.clock import local_today
from app.forms.fields import DatePartsField
from app.forms.question import Answers, QuestionForm
from app.journey import Journey
from app.programmes import facts
from app.programmes.definitions import DERIVED_FACTS, PageSpec, ProgrammeSpec, Rule
from app.programmes.forms import page_form, summary_form
from app.translations import lazy_gettext as _l


def to_answer(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def as_formdata(form: QuestionForm, answers: Answers) -> MultiDict:
    """Stored answers as if typed again, so that they can be checked again with today's rules."""
    data = MultiDict()
    for f in form.answer_fields():
        value = answers.get(f.name)
        if value is None or value is False or f.type == "DocumentsField":
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


class Page:
    """One page of a programme: a question, a few questions together, or an "add another"
    group (whose form is that of one item)."""

    def __init__(self, spec: PageSpec):
        self.spec = spec
        self.slug = spec.slug
        self.form = page_form(spec)
        self.group = spec.group
        self.field_names = [spec.name] if spec.group else [f.name for f in spec.fields]
        self.file_fields = [f.name for f in spec.fields if f.type == "file"]

    def applies(self, answers: Answers) -> bool:
        return self.spec.when is None or self.spec.when.holds(answers)

    def items(self, answers: Answers) -> list[dict]:
        return list(answers.get(self.spec.name) or []) if self.group else []

    def is_answered(self, answers: Answers) -> bool:
        if self.group:
            return self.spec.name in answers and len(self.items(answers)) >= self.group.min
        return all(name in answers for name in self.field_names)

    def form_for_display(self, answers: Answers, suggested: Mapping | None = None):
        """The form with the saved answers; with none saved yet, with `suggested` values."""
        names = [f.name for f in self.spec.fields]
        data = {name: answers[name] for name in names if name in answers}
        if not data and suggested:
            data = {name: suggested[name] for name in names if name in suggested}
        # Shown, never sent back as it is: a page's token comes from its template (csrf_field).
        form = self.form(formdata=None, data=data, meta={"csrf": False})
        form.answers = answers
        return form

    def recheck(self, answers: Answers, item: Mapping | None = None) -> QuestionForm:
        """A form holding saved answers (or one group item), validated again with today's
        rules; its errors say what must change."""
        form = self.form(formdata=None, meta={"csrf": False})
        form.process(formdata=as_formdata(form, item if item is not None else answers))
        form.answers = answers
        form.validate()
        return form

    def answers_from(self, form: QuestionForm) -> dict[str, Any]:
        return {
            f.name: to_answer(f.data)
            for f in form.answer_fields()
            if f.name not in self.file_fields
        }


# What first_unfinished found is kept for so many sets of answers (by digest), per programme.
REMEMBERED = 4096
# Digests of answers are keyed with a secret of this process: what is kept says nothing of the
# answers to anyone who reads it, and it is never shown or sent anywhere.
_DIGEST_KEY = os.urandom(32)
_UNKNOWN = object()


def _digest(answers: Answers) -> bytes | None:
    """A digest of a set of answers (None if they are not plain JSON, and are not remembered)."""
    try:
        text = json.dumps(answers, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    return hashlib.blake2b(text.encode(), key=_DIGEST_KEY, digest_size=20).digest()


class Programme(Journey):
    """A programme's definition, its pages the steps of a journey (app/journey.py), ready to
    show and check."""

    district_field = "district"

    def __init__(self, spec: ProgrammeSpec):
        super().__init__(Page(p) for p in spec.pages)
        self.spec = spec
        self.code = spec.code
        self.title = _l(spec.title)
        self.summary = _l(spec.summary)
        self.pages = self.steps
        self.page = self.step
        self._summary_form = summary_form(tuple(p for p in spec.pages if not p.group))
        self._summary_names = [f.name for p in spec.pages if not p.group for f in p.fields]
        self._unfinished: dict[tuple, int | None] = {}
        self._unfinished_lock = threading.Lock()

    def first_unfinished(self, answers: Answers, before: Page | None = None) -> Page | None:
        """As Journey.first_unfinished, remembered: finding it checks every saved answer again
        (a dozen forms built and validated), and "Check your answers", "My applications" and
        each "Continue" ask it of answers that have not changed. What it finds is a function of
        the answers, the programme (fixed while the service runs) and today's date (a date
        question may not be in the future), so those are the key: the same answers on the same
        day give the same page, for anyone."""
        digest = _digest(answers)
        if digest is None:
            return super().first_unfinished(answers, before)
        key = (digest, before.slug if before is not None else None, local_today())
        found = self._unfinished.get(key, _UNKNOWN)
        if found is not _UNKNOWN:
            return self.steps[found] if found is not None else None
        step = super().first_unfinished(answers, before)
        with self._unfinished_lock:
            if len(self._unfinished) >= REMEMBERED:
                self._unfinished.clear()
            self._unfinished[key] = self.steps.index(step) if step is not None else None
        return step

    def passed_already(self, page: Page, answers: Answers) -> bool:
        """True when first_unfinished, asked already of these answers today, went past `page`
        (a page asked): its saved answers passed their check again then, as they would now.
        Only what is remembered is looked at; nothing is checked here."""
        digest = _digest(answers)
        if digest is None:
            return False
        found = self._unfinished.get((digest, None, local_today()), _UNKNOWN)
        if found is _UNKNOWN:
            return False
        return found is None or found > self.steps.index(page)

    def form_for_summary(self, answers: Answers) -> QuestionForm:
        """The answers to every page but groups in one form, to be shown back (a summary)."""
        data = {name: answers[name] for name in self._summary_names if name in answers}
        form = self._summary_form(formdata=None, data=data, meta={"csrf": False})
        form.answers = answers
        return form

    def validate(self, page: Page, form: QuestionForm, answers: Answers) -> bool:
        """Checks a page's form, then the programme's rules on the answers it gives: a page whose
        answer shows the resident can not get this programme says so, and why."""
        if not form.validate():
            return False
        return self.check_rules(page, form, {**answers, **page.answers_from(form)})

    def recheck(self, page: Page, answers: Answers) -> QuestionForm:
        """The page's saved answers checked again, form and rules; errors say what to change."""
        form = page.recheck(answers)
        if not form.errors:
            self.check_rules(page, form, answers)
        return form

    def check_rules(self, page: Page, form: QuestionForm, answers: Answers) -> bool:
        passed = True
        for rule, field_name in self.rules_on(page):
            if rule.verdict(facts.from_answers(answers)) is False:
                getattr(form, field_name).errors.append(_l(rule.no))
                passed = False
        return passed

    def rules_on(self, page: Page) -> list[tuple[Rule, str]]:
        """The eligibility rules whose fact comes from an answer on this page, with that field."""
        found = []
        for rule in self.spec.eligibility:
            source = DERIVED_FACTS.get(rule.fact, rule.fact)
            if source in page.field_names and not page.group:
                found.append((rule, source))
        return found

    def needs_attention(self, page: Page, answers: Answers) -> bool:
        """True when a page has no answer yet, or a saved answer no longer passes."""
        if not page.is_answered(answers):
            return True
        if page.group:
            return any(page.recheck(answers, item).errors for item in page.items(answers))
        return bool(self.recheck(page, answers).errors)

    def final_answers(self, answers: Answers) -> dict[str, Any]:
        """Only the answers to pages asked: a changed answer may make others moot."""
        names = {n for p in self.asked(answers) for n in p.field_names}
        return {k: v for k, v in answers.items() if k in names}

    def reusable(self, answers: Answers) -> dict[str, Any]:
        """Answers worth offering on the next application (name, ID, bank account...)."""
        names = {f.name for p in self.pages if not p.group for f in p.spec.fields if f.reuse}
        return {name: answers[name] for name in names if name in answers}

    def eligibility(self, known: Mapping) -> tuple[bool, list[str]]:
        """Whether someone with these facts can likely get this programme, and why in words."""
        verdicts = [(rule, rule.verdict(known)) for rule in self.spec.eligibility]
        failed = [_l(rule.no) for rule, verdict in verdicts if verdict is False]
        if failed:
            return False, failed
        return True, [_l(rule.yes) for rule, verdict in verdicts if verdict]
