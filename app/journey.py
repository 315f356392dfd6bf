"""One engine for every journey of one question a page with a check at the end: an aid
application (its steps are a programme's pages, its answers in the database) and a booking
(its steps declared in app/book/steps.py, its answers in the session's draft).

A journey is its steps in order. A step is asked when the answers so far call for it, and is
answered when the answers hold what it asks. Everything else (the next step, the one before, the
first still to answer, whether a later page may be shown yet) follows from those two.
"""

from collections.abc import Iterable
from typing import Any, Protocol


class Step(Protocol):
    slug: str

    def applies(self, answers: Any) -> bool: ...

    def is_answered(self, answers: Any) -> bool: ...


class Journey:
    def __init__(self, steps: Iterable[Step]):
        self.steps = tuple(steps)
        self._by_slug = {step.slug: step for step in self.steps}

    def step(self, slug: str) -> Step | None:
        return self._by_slug.get(slug)

    def asked(self, answers: Any) -> list[Step]:
        return [step for step in self.steps if step.applies(answers)]

    def position(self, step: Step, answers: Any) -> tuple[int, int] | None:
        """Where `step` is among the steps asked, counting from 1, and how many are asked; the
        count may change as later answers open or close branches. None for a step not asked."""
        asked = self.asked(answers)
        return (asked.index(step) + 1, len(asked)) if step in asked else None

    def after(self, step: Step, answers: Any) -> Step | None:
        """The next step asked after `step`, in the journey's order: `step` itself may no longer
        be asked (once a missing certificate is given, say), its place still counts."""
        later = self.steps[self.steps.index(step) + 1 :]
        return next((s for s in later if s.applies(answers)), None)

    def before(self, step: Step, answers: Any) -> Step | None:
        earlier = self.steps[: self.steps.index(step)]
        return next((s for s in reversed(earlier) if s.applies(answers)), None)

    def needs_attention(self, step: Step, answers: Any) -> bool:
        """A step to come back to: not answered yet. (Applications also check saved answers
        again, with today's rules.)"""
        return not step.is_answered(answers)

    def first_unfinished(self, answers: Any, before: Step | None = None) -> Step | None:
        """The first step asked that needs attention; with `before`, only among the steps that
        come before it, so that nothing is done on half an answer."""
        for step in self.asked(answers):
            if step is before:
                return None
            if self.needs_attention(step, answers):
                return step
        return None
