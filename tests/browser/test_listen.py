"""Listen in Chromium: in Uyghur a player named in Uyghur that loads nothing until asked, whose
recording the service worker keeps once heard, so it plays offline; in Chinese a button for the
phone's own voice, which says so when the phone has none; without JavaScript, the Uyghur player
still works and the Chinese button is not offered."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import eventually, name_pattern, sign_in_with_mouse, text
from tests.browser.test_offline import cached_pages, offline, start_application

QUESTION = "What is your full name?"


def accessible(page, selector: str) -> dict:
    """The role and name Chromium gives an element in its accessibility tree."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    found = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    ax = found["nodes"][0]
    cdp.detach()
    return {"role": ax["role"]["value"], "name": ax["name"]["value"]}


def test_the_uyghur_player_is_named_in_uyghur_and_plays_offline_once_heard(app, page, axe, sent):
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/recordings/" in r.url else None)
    start_application(page, app, sent, "ug")
    player = page.locator("main audio")
    expect(player).to_be_visible()
    expect(page.get_by_text(text(app, "Listen to the question", "ug"))).to_be_visible()
    node = accessible(page, "main audio")
    assert node["name"] == text(app, "Listen to the question", "ug")
    assert node["role"] not in ("generic", "none", "ignored")
    axe(page)
    # Nothing is fetched, and nothing plays, until the resident asks.
    assert asked == [] and player.evaluate("audio => audio.paused")
    assert not any(name == "recordings" for name in cached_pages(page))

    listen = (
        "async () => { const a = document.querySelector('main audio'); a.load(); return true; }"
    )
    page.evaluate(listen)
    eventually(page, "async () => document.querySelector('main audio').duration > 1")
    eventually(page, "async () => (await caches.keys()).includes('recordings')")
    kept = cached_pages(page)["recordings"]
    assert len(kept) == 1 and kept[0] == re.sub(r"^https?://[^/]+", "", player.get_attribute("src"))

    offline(page.context)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, QUESTION, "ug"))
    page.evaluate(listen)
    eventually(page, "async () => document.querySelector('main audio').duration > 1")


def test_chinese_is_read_by_the_phones_voice_or_the_control_says_it_has_none(app, page, axe, sent):
    start_application(page, app, sent, "zh")
    control = page.locator("main .listen")
    button = control.get_by_role(
        "button", name=name_pattern(text(app, "Listen to the question", "zh"))
    )
    expect(button).to_be_visible()
    assert page.locator("main audio").count() == 0
    voices = page.evaluate(
        """() => new Promise((resolve) => {
            const chinese = () => speechSynthesis.getVoices()
                .filter((v) => /^(zh|cmn)\\b/i.test(v.lang)).length;
            if (chinese()) return resolve(chinese());
            speechSynthesis.addEventListener("voiceschanged", () => resolve(chinese()));
            setTimeout(() => resolve(chinese()), 2000);
        })"""
    )
    button.click()
    status = control.get_by_role("status")
    if voices:
        expected = "Reading aloud. Press the button again to stop."
    else:  # headless Chromium here has no voices: the resident is told, in Chinese
        expected = (
            "This phone has no voice for this language, so it can not read aloud. "
            "A screen reader may help."
        )
    expect(status).to_have_text(text(app, expected, "zh"))
    assert page.evaluate("() => speechSynthesis.speaking || speechSynthesis.pending") == bool(
        voices
    )
    axe(page)


@pytest.fixture
def page_without_script(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_without_javascript_the_uyghur_player_stays_and_the_chinese_button_goes(
    app, page_without_script, sent
):
    page = page_without_script
    page.goto("/sign-in?lang=zh")
    sign_in_with_mouse(page, app, sent, "zh")
    page.goto("/apply/startup-subsidy")
    page.get_by_role("button", name=name_pattern(text(app, "Start now", "zh"))).click()
    page.get_by_role("radio", name=text(app, "Yes, I agree", "zh")).check()
    page.get_by_role("button", name=name_pattern(text(app, "Continue", "zh"))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, QUESTION, "zh"))
    expect(
        page.get_by_role("button", name=text(app, "Listen to the question", "zh"))
    ).to_have_count(0)

    page.get_by_role("link", name=app.config["LANGUAGES"]["ug"]["name"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, QUESTION, "ug"))
    expect(page.get_by_text(text(app, "Listen to the question", "ug"))).to_be_visible()
    player = page.locator("main audio")
    expect(player).to_be_visible()
    assert player.get_attribute("preload") == "none" and player.get_attribute("autoplay") is None
    assert accessible(page, "main audio")["name"] == text(app, "Listen to the question", "ug")
