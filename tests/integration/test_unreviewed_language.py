"""A language no native speaker has reviewed yet (Kazakh, for now) says so on every page, in one
line in it and in Chinese, with a way to the same page in Chinese; the line goes once the
catalogue's header says it was reviewed (app/languages.py reads it), and other languages never
show it."""

import copy

import pytest

from app.config import LANGUAGES
from tests.helpers import translated

LINE = "A native speaker has not checked this translation yet."
PAGES = ["/", "/apply/startup-subsidy", "/sign-in", "/privacy", "/offline/kk_Arab_CN"]


@pytest.mark.parametrize("path", PAGES)
def test_every_kazakh_page_says_its_translation_is_not_reviewed_yet(visitor, path):
    visitor.choose_language("kk_Arab_CN")
    page = visitor.get(path).get_data(as_text=True)
    note = page[page.index('class="unreviewed-notice"') :]
    note = note[: note.index("</div>")]
    assert translated(LINE, "kk_Arab_CN") in note
    assert f'<span lang="zh-Hans" dir="ltr">{translated(LINE, "zh")}' in note
    to_chinese = "/offline/zh" if path.startswith("/offline") else f"{path}?lang=zh"
    assert f'<a href="{to_chinese}" hreflang="zh-Hans">阅读本页中文版</a>' in note


@pytest.mark.parametrize("lang", ["zh", "ug"])
def test_reviewed_languages_say_nothing_of_it(visitor, lang):
    visitor.choose_language(lang)
    assert "unreviewed-notice" not in visitor.get("/sign-in").get_data(as_text=True)


def test_the_line_goes_once_the_catalogue_is_reviewed(app, visitor, monkeypatch):
    reviewed = copy.deepcopy(LANGUAGES)
    reviewed["kk_Arab_CN"]["reviewed"] = True
    monkeypatch.setitem(app.config, "LANGUAGES", reviewed)
    visitor.choose_language("kk_Arab_CN")
    page = visitor.get("/sign-in").get_data(as_text=True)
    assert '<html lang="kk-Arab-CN" dir="rtl"' in page
    assert "unreviewed-notice" not in page


@pytest.mark.parametrize("header", ["kk", "kk-CN", "kk-Arab-CN,zh;q=0.5", "kk-KZ"])
def test_a_browser_that_asks_for_kazakh_gets_it(client, header):
    page = client.get("/sign-in", headers={"Accept-Language": header}).get_data(as_text=True)
    assert '<html lang="kk-Arab-CN" dir="rtl"' in page


@pytest.mark.parametrize(
    ("header", "tag"), [("zh-TW", "zh-Hans"), ("ug-CN", "ug"), ("fr", "zh-Hans")]
)
def test_other_wishes_are_matched_by_language_or_get_chinese(client, header, tag):
    page = client.get("/sign-in", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{tag}"' in page


def test_the_language_switch_offers_kazakh_in_its_own_name_and_script(visitor):
    visitor.choose_language("zh")
    page = visitor.get("/").get_data(as_text=True)
    assert 'lang="kk-Arab-CN" dir="rtl" hreflang="kk-Arab-CN">قازاقشا</a>' in page
    assert 'lang="ug" dir="rtl" hreflang="ug">ئۇيغۇرچە</a>' in page
