"""The data-rights pages in Chromium, in both languages: axe-core on the consent page (with its
error), the refusal, "Your data", "Who looked at your file" and closing the account (with its
error); and the consent page read from the accessibility tree."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.config import LANGUAGES
from app.extensions import db
from app.models import Application, Role, User
from tests.browser.steps import name_pattern, sign_in_with_mouse, text
from tests.browser.test_casework import CASEWORKER_MOBILE, join_staff
from tests.browser.test_passkeys import sign_out, virtual_authenticator
from tests.fixtures.applications import submitted_application


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_axe_violations_on_the_rights_pages(app, page, axe, sent, lang):
    page.goto(f"/apply/startup-subsidy?lang={lang}")
    page.get_by_role("button", name=text(app, "Start now", lang)).click()
    sign_in_with_mouse(page, app, sent, lang, consent=False)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "Before you apply: your sensitive personal information", lang)
    )
    axe(page)
    # The question, its choices and its button, as a screen reader meets them.
    question = text(
        app, "Do you agree that we use this information to decide on your applications?", lang
    )
    group = page.get_by_role("group", name=question)
    expect(group.get_by_role("radio")).to_have_count(2)
    continue_button = page.get_by_role("button", name=name_pattern(text(app, "Continue", lang)))
    continue_button.click()
    expect(page.locator(".error-summary")).to_be_focused()
    axe(page)
    page.get_by_role("radio", name=text(app, "No, I do not agree", lang)).check()
    continue_button.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "You have not agreed", lang)
    )
    axe(page)

    page.goto("/account/your-data")
    axe(page)
    page.goto("/account/who-looked")
    axe(page)
    page.goto("/account/close")
    page.get_by_role("button", name=name_pattern(text(app, "Continue", lang))).click()
    expect(page.locator(".error-summary")).to_be_focused()
    axe(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_who_looked_lists_the_caseworker_in_the_residents_language(app, page, axe, sent, lang):
    page.goto(f"/sign-in?lang={lang}")
    sign_in_with_mouse(page, app, sent, lang)
    with app.app_context():
        resident = db.session.scalars(select(User).where(User.mobile == "13912345678")).one()
        application_id = submitted_application()
        db.session.get(Application, application_id).resident_id = resident.id
        db.session.commit()
    sign_out(page, app, lang)
    virtual_authenticator(page)
    join_staff(page, app, sent, lang, CASEWORKER_MOBILE, Role.CASEWORKER, district="changji")
    page.goto(f"/staff/applications/{application_id}")
    sign_out(page, app, lang)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, lang)
    page.goto("/account/who-looked")
    expect(page.get_by_role("listitem").filter(has_text="张丽")).to_contain_text(
        text(app, "Looked at your application", lang)
    )
    axe(page)
