"""Every page of every programme in Chromium, in both languages: axe-core finds nothing, errors
included; and a programme with an "add another" group done by keyboard alone."""

import pytest
from playwright.sync_api import expect

from app.config import LANGUAGES
from tests.browser.steps import (
    keyboard_choose,
    keyboard_choose_file,
    keyboard_press_button,
    keyboard_type,
    name_pattern,
    sign_in_with_mouse,
    tab_to,
    text,
)
from tests.helpers import Upload
from tests.integration.test_programmes import CODES, programme
from tests.integration.walker import good_answer, page_data


def fill(page, data: dict) -> None:
    """Answers a page with a mouse: the values of the walker's good answers."""
    for name, value in data.items():
        if isinstance(value, Upload):
            page.locator(f'input[name="{name}"]').set_input_files(
                {"name": value.filename, "mimeType": "image/jpeg", "buffer": value.data}
            )
        elif page.locator(
            f'input[name="{name}"][type=radio], input[name="{name}"][type=checkbox]'
        ).count():
            page.locator(f'input[name="{name}"][value="{value}"]').check()
        else:
            page.locator(f'[name="{name}"]').fill(value)


def path_parts(page) -> list[str]:
    return page.url.split("?")[0].split("/")[3:]  # "applications", id, slug[, item]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_axe_violations_on_the_eligibility_check(app, page, axe, lang):
    page.goto(f"/what-can-i-apply-for?lang={lang}")
    axe(page)
    page.get_by_role("button", name=text(app, "See what you can apply for", lang)).click()
    axe(page)  # with an error on every question
    for field in ("grade", "low_income", "business"):
        page.locator(f'input[name="{field}"]').first.check()
    for field in ("student", "home_barriers", "emergency"):
        page.locator(f'input[name="{field}"][value="yes"]').check()
    page.get_by_role("button", name=text(app, "See what you can apply for", lang)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "What you can apply for", lang)
    )
    axe(page)


# One test per programme and language, so that parallel runs share them out evenly.
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", CODES)
def test_no_axe_violations_on_any_page_of_a_programme(app, page, axe, sent, code, lang):
    continue_button = page.locator("main form").last.get_by_role(
        "button", name=name_pattern(text(app, "Continue", lang))
    )

    def press_continue():
        # Every Continue loads a page (the next, or this one with its errors): wait for it, so
        # that axe never runs on a page being replaced.
        with page.expect_navigation():
            continue_button.click()

    spec = programme(app, code)
    page.goto(f"/apply/{code}?lang={lang}")
    axe(page)
    page.get_by_role("button", name=text(app, "Start now", lang)).click()
    sign_in_with_mouse(page, app, sent, lang)
    added = 0
    while path_parts(page)[-1] != "check":
        parts = path_parts(page)
        current = spec.page(parts[2])
        axe(page)
        if current.group and len(parts) == 3:  # the list of items
            page.locator('input[name="add"][value="%s"]' % ("yes" if added < 2 else "no")).check()
            press_continue()
            continue
        # Nothing typed: the page with its errors. (A page whose answers were offered from an
        # earlier application and can not be emptied, a choice say, goes on instead.)
        before = page.url
        boxes = page.locator("main form input[type=text], main form input[type=tel], main textarea")
        for index in range(boxes.count()):
            boxes.nth(index).fill("")
        press_continue()
        if page.url == before:
            expect(page.locator(".error-summary")).to_be_visible()
            axe(page)
            fill(page, page_data(current.spec))
            press_continue()
        added += 1 if current.group else 0
    axe(page)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name=text(app, "Accept and submit", lang)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "Application submitted", lang)
    )
    axe(page)
    page.goto("/applications")
    axe(page)
    page.locator("main a[href^='/applications/']").first.click()
    axe(page)


def test_the_living_allowance_with_its_household_by_keyboard_alone(app, page, sent):
    living = programme(app, "living-allowance")
    page.goto("/apply/living-allowance?lang=ug")
    keyboard_press_button(page, page.get_by_role("button", name=text(app, "Start now", "ug")))
    sign_in_with_mouse(page, app, sent, "ug")
    continue_name = name_pattern(text(app, "Continue", "ug"))
    members = 0
    while path_parts(page)[-1] != "check":
        parts = path_parts(page)
        current = living.page(parts[2])
        if current.group and len(parts) == 3:
            answer = text(app, "Yes" if members < 3 else "No", "ug")
            keyboard_choose(
                page,
                page.get_by_role("radio").first,
                page.get_by_role("radio", name=answer, exact=True),
            )
        else:
            for field in current.spec.fields:
                value = good_answer(field)
                label = text(app, field.label, "ug")
                if field.type in ("choice", "district", "yes_no"):
                    first = page.get_by_role("radio").first
                    keyboard_choose(page, first, first)
                elif field.type == "file":
                    keyboard_choose_file(page, page.get_by_label(label), value[field.name])
                elif field.type == "date":
                    for part in ("year", "month", "day"):
                        keyboard_type(
                            page,
                            page.get_by_role(
                                "textbox", name=text(app, part.title(), "ug"), exact=True
                            ),
                            value[f"{field.name}-{part}"],
                        )
                else:
                    keyboard_type(
                        page, page.get_by_role("textbox", name=label, exact=True), value[field.name]
                    )
            members += 1 if current.group else 0
        keyboard_press_button(
            page, page.locator("main form").last.get_by_role("button", name=continue_name)
        )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "Check your answers before you submit", "ug")
    )
    for number in (1, 2, 3):
        expect(
            page.get_by_text(text(app, "Household member %(num)s", "ug", num=number), exact=True)
        ).to_be_visible()
    tab_to(page, page.get_by_role("checkbox"))
    page.keyboard.press("Space")
    keyboard_press_button(
        page, page.get_by_role("button", name=text(app, "Accept and submit", "ug"))
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "Application submitted", "ug")
    )
