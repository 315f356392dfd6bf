"""Pages anyone can read, choosing a language, display settings and safety headers."""

import re

import pytest

from app import config
from app.config import LANGUAGES
from tests.helpers import location, translated

PAGES = ["/", "/accessibility", "/privacy", "/display", "/apply/startup-subsidy", "/sign-in"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("url", PAGES)
def test_every_public_page_in_both_languages(visitor, url, lang):
    visitor.choose_language(lang)
    response = visitor.get(url)
    assert response.status_code == 200  # the page check runs on it as well


@pytest.mark.parametrize(
    ("accept", "tag"),
    [
        ("ug-CN,ug;q=0.9,zh;q=0.5", "ug"),
        ("ug", "ug"),
        ("zh-CN,zh;q=0.9", "zh-Hans"),
        ("en-GB,en;q=0.9", "zh-Hans"),
        (None, "zh-Hans"),
    ],
)
def test_first_visit_follows_the_browsers_languages(client, accept, tag):
    headers = {"Accept-Language": accept} if accept else {}
    page = client.get("/", headers=headers).get_data(as_text=True)
    assert f'<html lang="{tag}"' in page


def test_the_language_switch_keeps_the_page_and_is_remembered(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert 'href="/privacy?lang=ug"' in page
    response = client.get("/privacy?lang=ug")
    assert location(response) == "/privacy"
    assert "lang=ug" in response.headers["Set-Cookie"]
    # Remembered over the browser's own preference.
    page = client.get("/accessibility", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert '<html lang="ug" dir="rtl"' in page
    assert 'href="/accessibility?lang=zh"' in page


def test_the_current_language_is_marked_and_the_other_named_in_its_own_language(client):
    page = client.get("/?lang=zh", follow_redirects=True).get_data(as_text=True)
    assert (
        '<span class="current-language" lang="zh-Hans" dir="ltr" aria-current="true">中文</span>'
        in page
    )
    assert 'lang="ug" dir="rtl" hreflang="ug">ئۇيغۇرچە</a>' in page


def test_an_unknown_language_changes_nothing(client):
    response = client.get("/?lang=xx")
    assert location(response) == "/"
    assert "Set-Cookie" not in response.headers


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


HSTS = "max-age=63072000; includeSubDomains"


def test_over_https_every_response_tells_browsers_to_use_https_only(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "HTTPS", True)
    for url in ("/", "/static/css/app.css", "/no-such-page", "/manifest/zh.webmanifest"):
        with client.get(url) as response:
            assert response.headers["Strict-Transport-Security"] == HSTS, url


def test_without_https_no_such_promise_is_made(client):
    # Sent over plain HTTP (the demo on a laptop), it would be ignored at best.
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.mark.parametrize(("value", "https"), [("1", True), ("0", False), (None, False)])
def test_https_is_set_in_the_environment(monkeypatch, tmp_path, value, https):
    if value is None:
        monkeypatch.delenv("HTTPS", raising=False)
    else:
        monkeypatch.setenv("HTTPS", value)
    monkeypatch.setenv("SECRET_KEY", "from the environment")
    settings = config.from_environment(tmp_path)
    assert settings["HTTPS"] is https and settings["SESSION_COOKIE_SECURE"] is https


def test_display_settings_are_saved_in_a_cookie_and_applied(visitor):
    response = visitor.submit("/display", {"text": "large", "contrast": "high"})
    assert location(response) == "/display"
    page = visitor.get("/").get_data(as_text=True)
    assert '<html lang="zh-Hans" dir="ltr" class="text-large contrast-high">' in page
    page = visitor.get("/display").get_data(as_text=True)
    assert "checked" in re.search(r'<input[^>]*value="large"[^>]*>', page).group(0)
    assert "checked" not in re.search(r'<input[^>]*value="standard"[^>]*>', page).group(0)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_missing_page_answers_404_in_the_users_language(visitor, lang):
    visitor.choose_language(lang)
    response = visitor.get("/no-such-page")
    assert response.status_code == 404
    assert translated("Page not found", lang) in response.get_data(as_text=True)


def test_static_files_have_versioned_urls_kept_for_a_year(client):
    page = client.get("/").get_data(as_text=True)
    assert "/static/css/app.css?v=" in page
    with client.get("/static/css/app.css") as css:
        assert css.status_code == 200
        assert "max-age=31536000" in css.headers["Cache-Control"]


def test_the_layout_kept_once_per_language_shows_each_reader_their_own(visitor):
    """The footer and the head's links are rendered once per language and kept
    (templating.kept_fragment): a reader of each language, in turn, gets theirs."""
    for lang in ("zh", "ug", "zh", "ug"):
        visitor.choose_language(lang)
        page = visitor.get("/privacy").get_data(as_text=True)
        footer = page.split('<footer class="footer">', 1)[1]
        assert translated("Accessibility statement", lang) in footer
        assert f'href="/manifest/{lang}.webmanifest"' in page
