"""Nothing typed is lost, in Chromium: the browser forgets its cookies while a question is
open, Continue is pressed, and after signing in again the answer is back in its place."""

import pytest
from playwright.sync_api import expect

from app.config import LANGUAGES
from tests.browser.steps import name_pattern, sign_in_with_mouse, text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_answer_typed_as_the_session_ended_comes_back(app, page, axe, sent, lang):
    page.goto(f"/apply/startup-subsidy?lang={lang}")
    page.get_by_role("button", name=text(app, "Start now", lang)).click()
    sign_in_with_mouse(page, app, sent, lang)
    question = page.url
    name = text(app, "What is your full name?", lang)
    page.get_by_role("textbox", name=name).fill("王军")

    page.context.clear_cookies()
    continue_button = name_pattern(text(app, "Continue", lang))
    page.locator("main").get_by_role("button", name=continue_button).click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(text(app, "Sign in again to save your answer", lang))
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGES[lang]["tag"])
    assert "cookie" not in page.locator("body").inner_text().lower()
    axe(page)

    page.locator("main").get_by_role("link", name=text(app, "Sign in", lang)).click()
    sign_in_with_mouse(page, app, sent, lang, consent=False)
    assert page.url == question  # not the passkey offer
    expect(page.get_by_role("textbox", name=name)).to_have_value("王军")
    axe(page)

    # Continue now saves it, and the journey goes on.
    page.locator("main").get_by_role("button", name=continue_button).click()
    expect(heading).to_have_text(text(app, "What is your ID number?", lang))
    page.goto(question)
    expect(page.get_by_role("textbox", name=name)).to_have_value("王军")
