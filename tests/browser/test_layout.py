"""What only a browser shows: reflow at 320 px, text at 200 %, the character count, and the
page as the accessibility tree presents it to a screen reader."""

import re

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import expect

from tests.browser.steps import ntext, sign_in_with_mouse, tab_to, text

PAGES = ["/", "/apply/startup-subsidy", "/sign-in", "/accessibility", "/display"]


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
    )


@pytest.mark.parametrize("lang", ["zh", "ug"])
def test_pages_reflow_at_320_px_and_200_percent_text(browser, live_server, lang):
    context = browser.new_context(base_url=live_server, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"/?lang={lang}")
    for url in PAGES:
        page.goto(url)
        assert not scrolls_sideways(page), f"{url} scrolls sideways at 320 px"
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert not scrolls_sideways(page), f"{url} scrolls sideways at 320 px with 200 % text"
    context.close()


def test_large_text_mode_gives_60_px_targets(app, page):
    page.goto("/display")
    page.get_by_role("radio", name=text(app, "Large text and larger buttons", "zh")).check()
    page.get_by_role("radio", name=text(app, "High contrast: yellow on black", "zh")).check()
    page.get_by_role("button", name=text(app, "Save settings", "zh")).click()
    expect(page.locator("html")).to_have_class("text-large contrast-high")
    page.goto("/sign-in")
    for locator in [page.get_by_role("textbox"), page.locator("main").get_by_role("button").first]:
        box = locator.bounding_box()
        assert box["height"] >= 60, locator
    body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body >= 18


def test_a_question_page_in_the_accessibility_tree(app, page, sent):
    page.goto("/sign-in?lang=ug")
    snapshot = page.locator("main").aria_snapshot()
    question = text(app, "What is your mobile number?", "ug")
    assert f'heading "{question}" [level=1]' in snapshot
    assert f'textbox "{question}"' in snapshot
    # The hint is the field's description, read after its name.
    hint = text(app, "We will send a 6-digit code to this number by text message.", "ug")
    description = page.get_by_role("textbox", name=question).evaluate(
        "el => el.getAttribute('aria-describedby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')"
    )
    assert hint in description


def test_the_character_count_speaks_after_typing(app, page, sent):
    page.goto("/apply/startup-subsidy")
    page.get_by_role("button", name=text(app, "Start now", "zh")).click()
    sign_in_with_mouse(page, app, sent, "zh")
    # Straight to the address question, which allows 200 characters.
    page.goto(page.url.rsplit("/", 1)[0] + "/business-address")
    count = page.locator(".character-count")
    left = "You have %(num)s character left", "You have %(num)s characters left"
    expect(count).to_have_text(ntext(app, *left, 200, "zh"))
    expect(count).to_have_attribute("aria-live", "polite")
    page.get_by_role("textbox").fill("路" * 205)
    over = "You have %(num)s character too many", "You have %(num)s characters too many"
    expect(count).to_have_text(ntext(app, *over, 5, "zh"))


def test_the_chosen_file_is_announced(app, page, sent):
    page.goto("/apply/startup-subsidy?lang=ug")
    page.get_by_role("button", name=text(app, "Start now", "ug")).click()
    sign_in_with_mouse(page, app, sent, "ug")
    base = page.url.rsplit("/", 1)[0]
    page.goto(base + "/business-licence")
    page.locator('input[value="yes"]').check()
    page.locator("main form button.button").click()
    page.goto(base + "/licence-photo")
    chooser = page.get_by_label(text(app, "Add a photo of your business licence", "ug"))
    chooser.set_input_files({"name": "licence.jpg", "mimeType": "image/jpeg", "buffer": b"x"})
    status = page.locator(".file-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(text(app, "Chosen: %(name)s", "ug", name="licence.jpg"))


def test_the_axe_check_finds_a_violation_on_every_page_of_a_context(page, axe):
    """The check the other tests lean on: axe, given to the context once, still runs on each
    new page and fails on a picture without a text alternative."""
    for url in ("/", "/accessibility"):
        page.goto(url)
        axe(page)  # a clean page passes
        page.evaluate("document.querySelector('main').append(document.createElement('img'))")
        with pytest.raises(AssertionError, match="image-alt"):
            axe(page)


def outline_of(page) -> dict:
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return {tag: document.activeElement.localName, style: style.outlineStyle,
                    width: parseFloat(style.outlineWidth), colour: style.outlineColor};
        }"""
    )


def is_seen(outline: dict) -> bool:
    alpha = re.match(r"rgba\([^)]*,\s*([\d.]+)\)$", outline["colour"])
    opaque = alpha is None or float(alpha.group(1)) > 0
    return outline["style"] not in ("none", "hidden") and outline["width"] >= 2 and opaque


def test_a_focused_link_has_an_outline_in_every_colour_mode(app, page):
    """Its yellow background is what forced colours (Windows high contrast) take away: the
    outline stays, in the default colours, in yellow on black, and in forced colours."""

    def focus_a_link():
        page.goto("/accessibility")
        tab_to(page, page.get_by_role("contentinfo").get_by_role("link").first)
        assert outline_of(page)["tag"] == "a"

    focus_a_link()
    assert is_seen(outline_of(page)), outline_of(page)
    page.emulate_media(forced_colors="active")
    focus_a_link()
    assert is_seen(outline_of(page)), outline_of(page)
    page.emulate_media(forced_colors="none")
    page.goto("/display")
    page.get_by_role("radio", name=text(app, "High contrast: yellow on black", "zh")).check()
    page.get_by_role("button", name=text(app, "Save settings", "zh")).click()
    focus_a_link()
    expect(page.locator("html")).to_have_class(re.compile("contrast-high"))
    assert is_seen(outline_of(page)), outline_of(page)


@pytest.mark.parametrize("lang", ["zh", "ug"])
def test_the_back_link_is_named_by_its_word_inside_a_landmark(app, page, lang):
    """The arrow is drawn, not read: the link's name is only its word. The link is in the main
    landmark, where a screen reader moving by landmarks finds it (axe's "region" rule)."""
    page.goto(f"/sign-in?lang={lang}")
    page.get_by_role("textbox").fill("13912345678")
    page.get_by_role("button", name=text(app, "Continue", lang), exact=True).click()
    back = text(app, "Back", lang)
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=back, exact=True)).to_have_count(1)
    assert f'link "{back}"' in main.aria_snapshot()
    page.evaluate(AXE_SCRIPT)
    region = page.evaluate("() => axe.run({runOnly: {type: 'rule', values: ['region']}})")
    assert region["violations"] == [], region["violations"]


def test_the_offline_status_is_in_the_accessibility_tree_from_the_start(page):
    """Empty and taking no room, but a live region from the page's load, so that the first
    message put in it is spoken."""
    page.goto("/")
    status = page.locator(".offline-status")
    assert status.evaluate("e => getComputedStyle(e).display") != "none"
    assert status.bounding_box()["height"] == 0
    cdp = page.context.new_cdp_session(page)
    document = cdp.send("DOM.getDocument")
    node = cdp.send(
        "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": ".offline-status"}
    )
    tree = cdp.send(
        "Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False}
    )
    assert [(n["role"]["value"], n["ignored"]) for n in tree["nodes"]] == [("status", False)]
