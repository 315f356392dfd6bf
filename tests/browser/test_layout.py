"""What only a browser shows: reflow at 320 px, text at 200 %, the character count, and the
page as the accessibility tree presents it to a screen reader."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import ntext, sign_in_with_mouse, text

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
