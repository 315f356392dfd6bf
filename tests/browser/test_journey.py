"""The startup-subsidy journey in Chromium: the whole journey by keyboard alone; focus on the
error summary; axe-core on the pages around the journeys, in both languages."""

import re

import pytest
from playwright.sync_api import expect

from app.config import LANGUAGES
from tests.browser.steps import (
    JOURNEY,
    code_for,
    is_focused,
    keyboard_choose,
    keyboard_choose_file,
    keyboard_press_button,
    keyboard_type,
    name_pattern,
    tab_to,
    text,
)

LANGS = list(LANGUAGES)
PUBLIC = ["/", "/accessibility", "/privacy", "/display", "/apply/startup-subsidy", "/no-such-page"]


@pytest.mark.parametrize("lang", LANGS)
def test_no_axe_violations_on_the_pages_around_the_journeys(app, page, axe, sent, lang):
    """Public pages, sign-in (with its errors), and the resident's own pages; the programmes'
    pages are checked in test_programmes.py."""
    page.goto(f"/?lang={lang}")
    for url in PUBLIC:
        page.goto(url)
        axe(page)
    page.goto("/sign-in")
    page.get_by_role("button", name=name_pattern(text(app, "Continue", lang))).click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page)
    page.get_by_role("textbox").fill("13912345678")
    page.get_by_role("button", name=name_pattern(text(app, "Continue", lang))).click()
    page.locator("main form").first.locator("button[type=submit]").click()  # no code typed
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page)
    page.get_by_role("textbox").fill(code_for(sent, "13912345678"))
    page.locator("main form").first.locator("button[type=submit]").click()
    axe(page)  # My applications, empty


@pytest.mark.parametrize("lang", LANGS)
def test_the_whole_journey_by_keyboard_alone(app, page, sent, lang):
    page.goto(f"/apply/startup-subsidy?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGES[lang]["tag"])

    def button(message):
        return page.get_by_role("button", name=name_pattern(text(app, message, lang)))

    keyboard_press_button(page, button("Start now"))
    keyboard_type(
        page,
        page.get_by_role("textbox", name=text(app, "What is your mobile number?", lang)),
        "13912345678",
    )
    keyboard_press_button(page, button("Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "Enter the code we sent you", lang)
    )
    keyboard_type(
        page,
        page.get_by_role("textbox", name=text(app, "Enter the code we sent you", lang)),
        code_for(sent, "13912345678"),
    )
    keyboard_press_button(
        page, page.locator("main form").first.get_by_role("button", name=text(app, "Sign in", lang))
    )
    # The passkey offered now is for later: "Not now", by keyboard too.
    keyboard_press_button(page, page.get_by_role("link", name=text(app, "Not now", lang)))
    # Consent to the use of sensitive information is asked on its own, before the questions.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "Before you apply: your sensitive personal information", lang)
    )
    keyboard_choose(
        page,
        page.get_by_role("radio").first,
        page.get_by_role("radio", name=text(app, "Yes, I agree", lang)),
    )
    keyboard_press_button(page, button("Continue"))

    for heading, fields in JOURNEY:
        expect(page.get_by_role("heading", level=1)).to_have_text(text(app, heading, lang))
        expect(page).to_have_title(re.compile("^" + re.escape(text(app, heading, lang))))
        for role, name, value in fields:
            if role == "file":
                keyboard_choose_file(page, page.get_by_label(text(app, name, lang)), value)
                continue
            field = page.get_by_role(role, name=text(app, name, lang), exact=True)
            if role == "radio":
                keyboard_choose(page, page.get_by_role("radio").first, field)
            else:
                keyboard_type(page, field, value)
        keyboard_press_button(page, button("Continue"))

    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "Check your answers before you submit", lang)
    )
    expect(page.get_by_text(text(app, "Mori Kazakh Autonomous County", lang))).to_be_visible()
    checkbox = page.get_by_role(
        "checkbox", name=text(app, "I confirm that my answers are true and complete.", lang)
    )
    tab_to(page, checkbox)
    page.keyboard.press("Space")
    keyboard_press_button(page, button("Accept and submit"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "Application submitted", lang)
    )
    expect(page.locator(".reference")).to_have_text(re.compile(r"^CJ-\d{4}-\d{6}$"))


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_focus_lands_on_the_error_summary(app, browser, live_server, javascript):
    context = browser.new_context(base_url=live_server, java_script_enabled=javascript)
    page = context.new_page()
    page.goto("/sign-in?lang=ug")
    page.get_by_role("textbox", name=text(app, "What is your mobile number?", "ug")).fill("123")
    page.get_by_role("button", name=name_pattern(text(app, "Continue", "ug"))).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^" + re.escape(text(app, "Error:", "ug"))))
    # The link in the summary moves focus to the field at fault.
    summary.get_by_role("link").click()
    assert is_focused(
        page.get_by_role("textbox", name=text(app, "What is your mobile number?", "ug"))
    )
    context.close()
