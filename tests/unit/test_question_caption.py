"""Where a resident is in a long programme: "question 5 of about 12" after the programme's
title, counted on the pages the answers so far call for; a short programme shows its title."""

from types import SimpleNamespace

import pytest
from flask_babel import force_locale

from app.apply.labels import SHORT_ENOUGH, question_caption
from app.journey import Journey


class Page:
    def __init__(self, slug, when=None):
        self.slug = slug
        self.when = when

    def applies(self, answers):
        return self.when is None or answers.get(self.when) == "yes"

    def is_answered(self, answers):
        return self.slug in answers


def programme(pages: int) -> SimpleNamespace:
    steps = [Page(f"p{n}") for n in range(1, pages + 1)]
    steps.insert(2, Page("branch", when="p1"))  # asked only when p1 is "yes"
    journey = Journey(steps)
    return SimpleNamespace(title="Startup subsidy", position=journey.position, steps=steps)


def test_the_position_counts_only_the_pages_asked():
    long = programme(12)
    fifth = long.steps[5]
    assert long.position(fifth, {}) == (5, 12)
    assert long.position(fifth, {"p1": "yes"}) == (6, 13)
    assert long.position(long.steps[2], {}) is None


@pytest.mark.parametrize(
    ("lang", "caption"),
    [
        ("zh", 'Startup subsidy：第<bdi dir="ltr">5</bdi>题，共约<bdi dir="ltr">12</bdi>题'),
        (
            "ug",
            'Startup subsidy: <bdi dir="ltr">5</bdi>-سوئال، جەمئىي تەخمىنەن '
            '<bdi dir="ltr">12</bdi> سوئال',
        ),
    ],
)
def test_a_long_programme_says_which_question_of_about_how_many(app, lang, caption):
    long = programme(12)
    with app.test_request_context(), force_locale(lang):
        assert str(question_caption(long, long.steps[5], {})) == caption


def test_a_short_programme_shows_only_its_title(app):
    short = programme(SHORT_ENOUGH - 1)  # with the branch not asked: SHORT_ENOUGH - 1 pages
    with app.test_request_context(), force_locale("zh"):
        assert question_caption(short, short.steps[5], {}) == "Startup subsidy"
        # The branch opened: SHORT_ENOUGH pages, still short enough.
        assert question_caption(short, short.steps[5], {"p1": "yes"}) == "Startup subsidy"
