"""Passkeys in Chromium with its virtual authenticator: made after signing in with a code, then
signing in without one; refused when the person is not verified; useless once removed. And
axe-core on the account, family and staff pages in both languages."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.config import LANGUAGES
from app.demo import DEMO_FAMILY_MOBILE, DEMO_MOBILE, link_demo_family, load_demo_data
from app.extensions import db
from app.models import Role, User
from app.services import staff
from tests.browser import steps
from tests.browser.steps import name_pattern, sign_in_with_mouse, text


def failed_message(app):
    return text(
        app, "No passkey was made or used. You can try again, or sign in with a code.", "zh"
    )


def virtual_authenticator(page, verified: bool = True):
    """A phone's built-in authenticator, as Chromium simulates it (CDP WebAuthn domain)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": verified,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def make_passkey(page, app, lang="zh", button="Make a passkey"):
    """Presses the button; the page's script has the passkey made, then sends the form."""
    with page.expect_navigation():
        page.get_by_role("button", name=text(app, button, lang)).click()


def sign_in_with_passkey(page, app, lang="zh"):
    page.goto("/sign-in")
    page.get_by_role("button", name=text(app, "Sign in with a passkey", lang)).click()


def sign_out(page, app, lang="zh"):
    steps.sign_out(page, app, lang)


def signed_out(page, app, lang="zh"):
    """The header offers to sign in, where a signed-in person has their menu."""
    expect(
        page.locator("header").get_by_role("link", name=text(app, "Sign in", lang))
    ).to_be_visible()
    expect(page.locator("header details.menu")).to_have_count(0)


def test_make_a_passkey_then_sign_in_with_it(app, page, sent):
    virtual_authenticator(page)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, "zh", passkey_offer="keep")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "Sign in faster next time", "zh")
    )
    make_passkey(page, app)
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "My applications", "zh"))
    sign_out(page, app)
    sent.clear()
    sign_in_with_passkey(page, app)
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "My applications", "zh"))
    assert sent == []  # no code was needed


def test_an_authenticator_that_does_not_verify_the_person_is_refused(app, page, sent):
    virtual_authenticator(page, verified=False)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, "zh", passkey_offer="keep")
    page.get_by_role("button", name=text(app, "Make a passkey", "zh")).click()
    # Asked for a verified person, the authenticator can not answer: the page says so.
    expect(page.locator(".passkey-status")).to_have_text(failed_message(app))
    page.goto("/account/passkeys")
    expect(page.get_by_text(text(app, "You have no passkey yet.", "zh"))).to_be_visible()


def test_an_unverified_sign_in_is_refused(app, page, sent):
    cdp, authenticator = virtual_authenticator(page)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, "zh", passkey_offer="keep")
    make_passkey(page, app)
    sign_out(page, app)
    cdp.send(
        "WebAuthn.setUserVerified", {"authenticatorId": authenticator, "isUserVerified": False}
    )
    sign_in_with_passkey(page, app)
    expect(page.locator(".passkey-status")).to_have_text(failed_message(app))
    signed_out(page, app)


def test_a_removed_passkey_no_longer_signs_in(app, page, sent):
    virtual_authenticator(page)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, "zh", passkey_offer="keep")
    make_passkey(page, app)
    page.goto("/account/passkeys")
    page.get_by_role(
        "button",
        name=name_pattern(text(app, "Remove %(name)s", "zh", name=text(app, "My phone", "zh"))),
    ).click()
    expect(page.get_by_text(text(app, "You have no passkey yet.", "zh"))).to_be_visible()
    sign_out(page, app)
    sign_in_with_passkey(page, app)  # the phone still offers it; the service no longer knows it
    expect(page.locator(".error-summary")).to_be_visible()
    signed_out(page, app)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_axe_violations_on_account_family_and_staff_pages(app, page, axe, sent, lang):
    # The demo: a resident with two applications, and his wife who may act for him.
    with app.app_context():
        load_demo_data()
        husband = db.session.scalars(select(User).where(User.mobile == DEMO_MOBILE)).one()
        link_demo_family(husband)
        husband_id = husband.id
    virtual_authenticator(page)
    page.goto(f"/sign-in?lang={lang}")
    sign_in_with_mouse(page, app, sent, lang, mobile=DEMO_FAMILY_MOBILE, passkey_offer="keep")
    axe(page)  # the offer of a passkey
    make_passkey(page, app, lang)
    for url in (
        "/account",
        "/account/passkeys",
        "/account/family",
        "/account/activity",
        "/account/acting",
    ):
        page.goto(url)
        axe(page)
    page.locator(f'input[name="resident"][value="{husband_id}"]').check()
    page.locator("main form").locator("button[type=submit]").click()
    expect(page.locator(".acting-banner")).to_be_visible()
    axe(page)  # his applications, with the banner
    page.goto("/account/family")
    page.locator("main form").last.locator("button[type=submit]").click()  # the request, empty
    axe(page)
    page.get_by_role("textbox").fill(DEMO_FAMILY_MOBILE)
    page.locator('input[name="relationship"]').first.check()
    page.locator("main form").last.locator("button[type=submit]").click()  # her own number
    axe(page)

    # A new administrator joins through an invitation, making a passkey.
    with app.app_context():
        token = staff.invite(None, "演示管理员", Role.ADMIN)
    sign_out(page, app, lang)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, lang, mobile="13700000009", passkey_offer="keep")
    page.goto(f"/staff/invitations/{token}")
    axe(page)
    make_passkey(page, app, lang, button="Make a passkey and accept")
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "Staff pages", lang))
    axe(page)  # with the latest applications
    page.locator("main .card-title a").first.click()
    axe(page)  # an application
    page.goto(f"/staff/residents/{husband_id}")
    axe(page)  # a resident: family, history, linking on proof
    page.locator("main form").locator("button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page)
    page.goto("/staff/invitations")
    axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name=text(app, "Make an invitation link", lang)).click()
    axe(page)  # with errors
    page.get_by_label(text(app, "Full name", lang), exact=True).fill("张丽")
    page.locator('input[name="role"][value="caseworker"]').check()
    page.locator('input[name="district"][value="changji"]').check()
    with page.expect_navigation():
        page.get_by_role("button", name=text(app, "Make an invitation link", lang)).click()
    axe(page)  # with the new link
