"""The startup-subsidy journey as a person meets it: headings and fields by their accessible
names in the page's language, and ways to reach them."""

import re

from tests.fixtures import files
from tests.helpers import Upload, message

# (page heading, [(role, accessible name, value)]) for each page, in order.
JOURNEY = [
    ("What is your full name?", [("textbox", "What is your full name?", "王军")]),
    ("What is your ID number?", [("textbox", "What is your ID number?", "11010519491231002X")]),
    (
        "What is your disability certificate number?",
        [("textbox", "What is your disability certificate number?", "11010519491231002X11")],
    ),
    ("What is your mobile number?", [("textbox", "What is your mobile number?", "13912345678")]),
    ("Which county or city do you live in?", [("radio", "Mori Kazakh Autonomous County", None)]),
    (
        "What is the name of your business?",
        [("textbox", "What is the name of your business?", "达康盲人推拿店")],
    ),
    ("What kind of business is it?", [("radio", "Massage or physical therapy", None)]),
    (
        "What is the address of your business?",
        [("textbox", "What is the address of your business?", "昌吉市延安北路1号")],
    ),
    ("Do you have a business licence?", [("radio", "Yes", None)]),
    (
        "What is the unified social credit code on your business licence?",
        [
            (
                "textbox",
                "What is the unified social credit code on your business licence?",
                "91350100M000100Y43",
            )
        ],
    ),
    (
        "Add a photo of your business licence",
        [
            (
                "file",
                "Add a photo of your business licence",
                Upload("licence.jpg", files.photo_jpeg()),
            )
        ],
    ),
    (
        "When did your business start?",
        [("textbox", "Year", "2021"), ("textbox", "Month", "6"), ("textbox", "Day", "1")],
    ),
    (
        "Which bank account should we pay the subsidy into?",
        [
            ("textbox", "Name of the bank", "中国农业银行昌吉分行"),
            ("textbox", "Account number", "6228480012345678901"),
        ],
    ),
]


def text(app, msgid: str, lang: str, **values) -> str:
    return message(lang, msgid, **values)


def ntext(app, singular: str, plural: str, num: int, lang: str) -> str:
    return message(lang, singular, plural, num)


def name_pattern(name: str) -> re.Pattern:
    return re.compile("^" + re.escape(name) + "$")


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def eventually(page, predicate: str, arg=None) -> None:
    """Waits until `predicate`, an async function of `arg` run in the page, answers true
    (not wait_for_function: it compiles a string predicate with eval, which the page's
    Content-Security-Policy refuses, and it takes a promise's answer once)."""
    assert page.evaluate(
        f"""async (arg) => {{
            const predicate = {predicate};
            for (let tries = 0; tries < 100; tries += 1) {{
                if (await predicate(arg)) return true;
                await new Promise((resolve) => setTimeout(resolve, 100));
            }}
            return false;
        }}""",
        arg,
    ), f"never true: {predicate}"


def tab_to(page, locator, limit: int = 60) -> None:
    """Presses Tab until `locator` has focus: proves it can be reached by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    raise AssertionError(f"{locator} never took focus after {limit} presses of Tab")


def keyboard_type(page, locator, value: str) -> None:
    tab_to(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.type(value)


def keyboard_choose(page, group_first, option) -> None:
    """Tabs into a radio group, then moves with the arrow key to the option."""
    tab_to(page, group_first)
    for _ in range(12):
        if is_focused(option):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{option} was not reached with the arrow keys")


def keyboard_choose_file(page, file_input, upload: Upload) -> None:
    """Tabs to a file input and opens the phone's or computer's chooser with Space."""
    with page.expect_file_chooser() as chooser:
        tab_to(page, file_input)
        page.keyboard.press("Space")
    chooser.value.set_files(
        {"name": upload.filename, "mimeType": "image/jpeg", "buffer": upload.data}
    )


def open_menu(page) -> None:
    """Opens the header's menu, where a signed-in person's account links are folded."""
    menu = page.locator("header details.menu")
    if not menu.evaluate("details => details.open"):
        menu.locator("summary").click()


def sign_out(page, app, lang: str) -> None:
    open_menu(page)
    page.locator("header").get_by_role("button", name=text(app, "Sign out", lang)).click()


def keyboard_press_button(page, button) -> None:
    """Tabs to a form's button and presses Enter; returns once the next page has loaded."""
    tab_to(page, button)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def code_for(sent, mobile: str) -> str:
    return re.search(r"\d{6}", [t for m, t in sent if m == mobile][-1]).group(0)


def sign_in_with_mouse(
    page, app, sent, lang, mobile="13912345678", passkey_offer="not now", consent=True
):
    """From the sign-in page: mobile number, then the code that was sent; the passkey then
    offered is declined, unless `passkey_offer` is "keep"; with `consent`, the consent page a
    first application brings is agreed to."""
    page.get_by_role("textbox", name=text(app, "What is your mobile number?", lang)).fill(mobile)
    page.get_by_role("button", name=name_pattern(text(app, "Continue", lang))).click()
    page.get_by_role("textbox", name=text(app, "Enter the code we sent you", lang)).fill(
        code_for(sent, mobile)
    )
    with page.expect_navigation():
        page.locator("main form").first.get_by_role(
            "button", name=text(app, "Sign in", lang)
        ).click()
    if passkey_offer == "not now" and page.url.endswith("/account/passkeys/offer"):
        page.get_by_role("link", name=text(app, "Not now", lang)).click()
    if consent:
        agree_to_consent(page, app, lang)


def agree_to_consent(page, app, lang) -> None:
    """On the consent page a first application brings: "Yes, I agree", then Continue."""
    if not page.url.split("?")[0].endswith("/consent"):
        return
    page.get_by_role("radio", name=text(app, "Yes, I agree", lang)).check()
    with page.expect_navigation():
        page.get_by_role("button", name=name_pattern(text(app, "Continue", lang))).click()
