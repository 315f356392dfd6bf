"""What only a browser shows: reflow at 320 px, text at 200 %, the character count, and the
page as the accessibility tree presents it to a screen reader."""

import re

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import expect

from app.config import LANGUAGES
from tests.browser.steps import is_focused, ntext, sign_in_with_mouse, tab_to, text

PAGES = ["/", "/apply/startup-subsidy", "/sign-in", "/accessibility", "/display"]


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
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


@pytest.mark.parametrize("lang", LANGUAGES)
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


# ---- An elder mode people can find (MIIT age-friendly rules) ----

SCREEN = {"width": 412, "height": 740}
LARGE_TARGET = 48


def start_question(page, app, sent, lang) -> str:
    """Signed in, on the first question of an application: its address."""
    page.goto(f"/apply/startup-subsidy?lang={lang}")
    page.get_by_role("button", name=text(app, "Start now", lang)).click()
    sign_in_with_mouse(page, app, sent, lang)
    return page.url


def large_mode(context, live_server) -> None:
    context.add_cookies([{"name": "display", "value": "large.standard", "url": live_server}])


def boxes(page) -> list[dict]:
    """Every link, button and menu control shown, with its size."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('a, button, summary'))
            .filter((el) => el.getClientRects().length)
            .map((el) => {
                const box = el.getBoundingClientRect();
                return {text: el.textContent.trim(), width: box.width, height: box.height};
            })"""
    )


def first_line_on_first_screen(page, whole: bool) -> bool:
    """The question's heading begins (or, with `whole`, is all) within the first screen."""
    return page.evaluate(
        """(whole) => {
            const h1 = document.querySelector('h1');
            const box = h1.getBoundingClientRect();
            const line = parseFloat(getComputedStyle(h1).lineHeight);
            return (whole ? box.bottom : box.top + line) <= window.innerHeight;
        }""",
        whole,
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_display_settings_are_within_three_tab_stops_of_every_page(
    app, browser, live_server, sent, lang
):
    context = browser.new_context(base_url=live_server, viewport=SCREEN)
    page = context.new_page()
    question = start_question(page, app, sent, lang)
    entry = page.locator("header").get_by_role("link", name=text(app, "Large text", lang))
    for url in ["/", "/sign-in", "/accessibility", question]:
        page.goto(url)
        page.keyboard.press("Tab")
        expect(page.locator(".skip-link")).to_be_focused()
        for _ in range(3):
            page.keyboard.press("Tab")
            if is_focused(entry):
                break
        assert is_focused(entry), f"{url}: the display settings are more than 3 tabs away"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "Display settings", lang))
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_question_is_on_the_first_screen_with_large_text_and_at_200_percent(
    app, browser, live_server, sent, lang
):
    context = browser.new_context(base_url=live_server, viewport=SCREEN)
    page = context.new_page()
    question = start_question(page, app, sent, lang)
    for width in (412, 320):
        page.set_viewport_size({"width": width, "height": SCREEN["height"]})
        context.clear_cookies(name="display")
        page.goto(question)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert not scrolls_sideways(page), f"{width} px, 200 %: scrolls sideways"
        assert first_line_on_first_screen(page, whole=False), f"{width} px, 200 %"

        large_mode(context, live_server)
        page.goto(question)
        expect(page.locator("html")).to_have_class("text-large")
        assert not scrolls_sideways(page), f"{width} px, large text: scrolls sideways"
        assert first_line_on_first_screen(page, whole=True), f"{width} px, large text"
        # It took 321 to 371 px of the 740 before the menu folded away.
        assert page.locator("header").bounding_box()["height"] <= 250
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_in_large_mode_every_link_and_button_is_a_large_target(
    app, browser, live_server, sent, lang, axe
):
    context = browser.new_context(base_url=live_server, viewport=SCREEN)
    large_mode(context, live_server)
    page = context.new_page()
    question = start_question(page, app, sent, lang)
    for url in ["/", "/accessibility", "/privacy", "/display", "/applications", question]:
        page.goto(url)
        page.locator("header summary").click()  # the menu's links too
        small = [box for box in boxes(page) if min(box["width"], box["height"]) < LARGE_TARGET]
        assert not small, f"{url}: smaller than {LARGE_TARGET} px: {small}"
    axe(page)
    context.close()


def disclosure(page, name: str) -> dict:
    """The menu's control as Chromium gives it to screen readers: role, name, expanded."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    cdp.detach()
    found = [n for n in nodes if n.get("name", {}).get("value") == name and not n["ignored"]]
    node = next(n for n in found if n["role"]["value"] != "StaticText")
    properties = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
    return {"role": node["role"]["value"], "expanded": properties.get("expanded")}


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_menu_opens_and_closes_by_keyboard(
    app, browser, live_server, sent, lang, javascript, axe
):
    context = browser.new_context(
        base_url=live_server, viewport=SCREEN, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(f"/sign-in?lang={lang}")
    sign_in_with_mouse(page, app, sent, lang, consent=False)
    page.goto("/applications")
    name = text(app, "Menu", lang)
    summary = page.locator("header summary")
    account = page.locator("header").get_by_role("link", name=text(app, "Your account", lang))
    expect(summary).to_have_text(name)
    expect(account).to_be_hidden()
    assert disclosure(page, name) == {"role": "DisclosureTriangle", "expanded": False}

    page.keyboard.press("Tab")  # the skip link
    tab_to(page, summary, limit=5)
    page.keyboard.press("Enter")
    expect(account).to_be_visible()
    assert disclosure(page, name)["expanded"] is True
    if javascript:
        axe(page)
    page.keyboard.press("Tab")
    expect(
        page.locator("header")
        .get_by_role("link")
        .filter(has_text=text(app, "My applications", lang))
    ).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    expect(account).to_be_hidden()
    assert disclosure(page, name)["expanded"] is False
    context.close()
