"""Dates, times, lists and sentences as each language writes them: one format for each, the
same on every page and in every text message (app/formats.py)."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask_babel import force_locale
from markupsafe import Markup

from app import formats
from app.apply.summary import shown_answer
from app.forms.fields import Checkboxes
from app.forms.question import QuestionForm
from tests.page_check import PageProblem, check_page

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"
DAY = date(2026, 12, 2)  # a Wednesday
# 02:05:07 in UTC is 10:05:07 in Beijing.
MOMENT = datetime(2026, 12, 2, 2, 5, 7, tzinfo=UTC)

EXPECTED = {
    "zh": {
        "day": "2026年12月2日",
        "day_with_weekday": "2026年12月2日星期三",
        "moment": "2026年12月2日 10:05",
        "clock": "10:05",
        "joined": "助餐、助洁、家政",
        "sentences": "大约15分钟。您的回答会保存。",
    },
    "ug": {
        "day": "2026-يىلى 2-دېكابىر",
        "day_with_weekday": "2026-يىلى 2-دېكابىر، چارشەنبە",
        "moment": "2026-يىلى 2-دېكابىر، 10:05",
        "clock": "10:05",
        "joined": "تاماق، تازىلىق، ئۆي ئىشى",
        "sentences": "تەخمىنەن 15 مىنۇت. جاۋابلىرىڭىز ساقلىنىدۇ.",
    },
}
LISTS = {"zh": ["助餐", "助洁", "家政"], "ug": ["تاماق", "تازىلىق", "ئۆي ئىشى"]}
SENTENCES = {
    "zh": ["大约15分钟。", "您的回答会保存。"],
    "ug": ["تەخمىنەن 15 مىنۇت.", "جاۋابلىرىڭىز ساقلىنىدۇ."],
}


def written(lang: str) -> dict[str, str]:
    with force_locale(lang):
        return {
            "day": formats.day(DAY),
            "day_with_weekday": formats.day_with_weekday(DAY),
            "moment": formats.moment(MOMENT),
            "clock": formats.clock(MOMENT),
            "joined": formats.joined(LISTS[lang]),
            "sentences": formats.sentences(*SENTENCES[lang]),
        }


@pytest.mark.parametrize("lang", EXPECTED)
@pytest.mark.parametrize("kind", EXPECTED["zh"])
def test_each_format_in_each_language(app, lang, kind):
    with app.test_request_context():
        assert written(lang)[kind] == EXPECTED[lang][kind]


def test_a_date_from_a_moment_is_the_day_in_beijing(app):
    late_evening_in_utc = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
    with app.test_request_context(), force_locale("ug"):
        assert formats.day(late_evening_in_utc) == "2026-يىلى 2-دېكابىر"


def test_a_list_with_html_keeps_it_and_escapes_the_rest(app):
    with app.test_request_context(), force_locale("zh"):
        assert formats.joined([Markup("<bdi>甲</bdi>"), "<乙>"]) == "<bdi>甲</bdi>、&lt;乙&gt;"
        assert formats.sentences("甲。", "", "乙。") == "甲。乙。"


def test_templates_use_only_the_projects_date_filters():
    """Flask-Babel's own filters write CLDR's formats (and are taken away from templates)."""
    used = [
        path.name
        for path in TEMPLATES.rglob("*.html")
        for name in ("dateformat", "datetimeformat", "timeformat", '|join(", ")')
        if name in path.read_text(encoding="utf-8")
    ]
    assert used == []


@pytest.mark.parametrize(("lang", "separator"), [("zh", "、"), ("ug", "، ")])
def test_the_answer_to_a_checkboxes_question_is_a_list_as_the_language_writes_it(
    app, lang, separator
):
    class Rooms(QuestionForm):
        rooms = Checkboxes("Rooms", choices=[("bath", "Bath"), ("kitchen", "Kitchen")])

    with app.test_request_context(), force_locale(lang):
        form = Rooms(formdata=None, data={"rooms": ["bath", "kitchen"]}, meta={"csrf": False})
        # What a summary list shows for it (components/summary.html, through Row.answer)
        shown = str(shown_answer(form.rooms))
    assert shown == f"Bath{separator}Kitchen"


PAGE = (
    '<!doctype html><html lang="ug" dir="rtl"><head><title>چېسلا</title></head>'
    "<body><main><h1>چېسلا</h1><p>{}</p></main></body></html>"
)


@pytest.mark.parametrize("written", ["2026 2-دېكابىر، چارشەنبە", "2-دېكابىر، 2026", "10:05:07"])
def test_the_page_check_refuses_the_old_uyghur_orders_and_seconds(written):
    check_page(PAGE.format("2026-يىلى 2-دېكابىر، چارشەنبە 10:05"))
    with pytest.raises(PageProblem):
        check_page(PAGE.format(written))


def test_a_language_without_its_own_formats_uses_cldrs(app):
    """Kazakh in Arabic script, say: a catalogue and a line in LANGUAGES, no code."""
    with app.test_request_context(), force_locale("kk_Arab"):
        assert formats.joined(["a", "b"]) == "a، b"
        assert formats.clock(MOMENT) == "10:05"
        assert "2026" in formats.day(DAY)


@pytest.mark.parametrize("lang", ["zh", "ug", "kk_Arab"])
def test_a_value_written_again_is_written_as_flask_babel_writes_it(app, lang):
    """Each written value is kept (a page of times writes the same ones again): kept or not, it
    is what Flask-Babel writes, for a day, a moment in UTC or in another zone, or without one."""
    from datetime import timedelta, timezone

    from flask_babel import format_date, format_datetime, format_time

    late = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)  # already the next day in Beijing
    values = [
        DAY,
        MOMENT,
        late,
        late.replace(tzinfo=None),
        late.astimezone(timezone(-timedelta(hours=5))),
    ]
    with app.test_request_context(), force_locale(lang):
        for _ in range(2):  # first worked out, then kept
            for value in values:
                assert formats.day(value) == format_date(value, formats._pattern("day"))
                assert formats.day_with_weekday(value) == format_date(
                    value, formats._pattern("weekday")
                )
                if isinstance(value, datetime):
                    assert formats.moment(value) == format_datetime(
                        value, formats._pattern("moment")
                    )
                    assert formats.clock(value) == format_time(value, formats._pattern("clock"))
