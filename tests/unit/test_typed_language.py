"""The language of text people typed, told by its script, and marked where it is not the
page's: what a screen reader needs to pick the voice."""

import pytest

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


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ئابدۇرېھىم", "ug"),  # ئ ې: Uyghur letters Kazakh never writes
        ("ٴابدىراحيم", "kk_Arab_CN"),  # the high hamza: Kazakh's
        ("سانجى", None),  # letters both alphabets have
        ("王军", "zh"),
    ],
)
def test_uyghur_and_kazakh_share_a_script_and_are_told_by_their_letters(app, text, language):
    with app.test_request_context():
        assert written_in(text) == language


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
