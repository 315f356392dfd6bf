"""The language of text people typed, told by its script, and marked where it is not the
page's: what a screen reader needs to pick the voice."""

import pytest

from app.config import LANGUAGES
from app.i18n import isolated, written_in


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("王军", "zh"),
        ("昌吉市延安北路 1 号", "zh"),
        ("ئابدۇرېھىم", "ug"),
        ("13912345678", None),  # digits are in every language
        ("Ali", None),
        ("王军 ئابدۇرېھىم", None),  # two scripts: not known
        ("", None),
    ],
)
def test_the_language_of_typed_text_is_told_by_its_script(app, text, language):
    with app.test_request_context():
        assert written_in(text) == language


def test_a_script_two_languages_share_tells_nothing(app, monkeypatch):
    kazakh = {"code": "kk_Arab", "tag": "kk-Arab", "dir": "rtl", "name": "قازاقشا"}
    monkeypatch.setitem(app.config, "LANGUAGES", {**LANGUAGES, "kk_Arab": kazakh})
    with app.test_request_context():
        assert written_in("ئابدۇرېھىم") is None
        assert written_in("王军") == "zh"


@pytest.mark.parametrize(
    ("page", "text", "html"),
    [
        ("ug", "王军", '<bdi lang="zh-Hans" dir="ltr">王军</bdi>'),
        ("zh", "王军", "<bdi>王军</bdi>"),
        ("zh", "ئابدۇرېھىم", '<bdi lang="ug" dir="rtl">ئابدۇرېھىم</bdi>'),
        ("ug", "ئابدۇرېھىم", "<bdi>ئابدۇرېھىم</bdi>"),
        ("ug", "<王>", '<bdi lang="zh-Hans" dir="ltr">&lt;王&gt;</bdi>'),
    ],
)
def test_typed_text_is_marked_where_it_is_not_in_the_pages_language(app, page, text, html):
    with app.test_request_context(headers={"Cookie": f"lang={page}"}):
        assert str(isolated(text)) == html


def test_a_known_language_is_marked_always(app):
    with app.test_request_context(headers={"Cookie": "lang=ug"}):
        assert str(isolated("ياخشى", "ug")) == '<bdi lang="ug" dir="rtl">ياخشى</bdi>'
