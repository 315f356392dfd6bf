"""Passkeys in Chromium with its virtual authenticator: made after signing in with a code, then
signing in without one; refused when the person is not verified; useless once removed. And
axe-core on the account, family and staff pages in both languages."""

import pytest
from playwright.sync_api import expect

from app.models import Role
from app.services import staff
from tests.browser.steps import name_pattern, sign_in_with_mouse, text


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


def sign_in_with_passkey(page, app, lang="zh"):
    page.goto("/sign-in")
    page.get_by_role("button", name=text(app, "Sign in with a passkey", lang)).click()


def sign_out(page, app, lang="zh"):
    page.get_by_role("button", name=text(app, "Sign out", lang)).click()


def test_make_a_passkey_then_sign_in_with_it(app, page, sent):
    virtual_authenticator(page)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, "zh")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        text(app, "Sign in faster next time", "zh")
    )
    page.get_by_role("button", name=text(app, "Make a passkey", "zh")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "My applications", "zh"))
    sign_out(page, app)
    sent.clear()
    sign_in_with_passkey(page, app)
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "My applications", "zh"))
    assert sent == []  # no code was needed


def test_an_authenticator_that_does_not_verify_the_person_is_refused(app, page, sent):
    virtual_authenticator(page, verified=False)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, "zh")
    page.get_by_role("button", name=text(app, "Make a passkey", "zh")).click()
    expect(page.locator(".error-summary")).to_contain_text(
        text(app, "The passkey could not be checked. Try again.", "zh")
    )
    page.goto("/account/passkeys")
    expect(page.get_by_text(text(app, "You have no passkey yet.", "zh"))).to_be_visible()


def test_an_unverified_sign_in_is_refused(app, page, sent):
    cdp, authenticator = virtual_authenticator(page)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, "zh")
    page.get_by_role("button", name=text(app, "Make a passkey", "zh")).click()
    sign_out(page, app)
    cdp.send(
        "WebAuthn.setUserVerified", {"authenticatorId": authenticator, "isUserVerified": False}
    )
    sign_in_with_passkey(page, app)
    expect(page.locator(".error-summary")).to_contain_text(
        text(app, "That passkey could not be checked. Try again, or sign in with a code.", "zh")
    )


def test_a_removed_passkey_no_longer_signs_in(app, page, sent):
    virtual_authenticator(page)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, "zh")
    page.get_by_role("button", name=text(app, "Make a passkey", "zh")).click()
    page.goto("/account/passkeys")
    page.get_by_role(
        "button",
        name=name_pattern(text(app, "Remove %(name)s", "zh", name=text(app, "My phone", "zh"))),
    ).click()
    expect(page.get_by_text(text(app, "You have no passkey yet.", "zh"))).to_be_visible()
    sign_out(page, app)
    sign_in_with_passkey(page, app)  # the phone still offers it; the service no longer knows it
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_role("button", name=text(app, "Sign out", "zh"))).to_have_count(0)


@pytest.mark.parametrize("lang", ["zh", "ug"])
def test_no_axe_violations_on_account_family_and_staff_pages(app, page, axe, sent, lang):
    virtual_authenticator(page)
    page.goto(f"/sign-in?lang={lang}")
    sign_in_with_mouse(page, app, sent, lang, mobile="13900000001")
    axe(page)  # the offer of a passkey
    page.get_by_role("button", name=text(app, "Make a passkey", lang)).click()
    for url in ("/account", "/account/passkeys", "/account/family", "/account/activity"):
        page.goto(url)
        axe(page)
    page.goto("/account/family")
    page.locator("main form").last.get_by_role("button").click()  # the request, empty
    axe(page)
    page.get_by_role("textbox").fill("13900000001")
    page.locator('input[name="relationship"]').first.check()
    page.locator("main form").last.get_by_role("button").click()  # their own number
    axe(page)

    # A new administrator joins through an invitation, making a passkey.
    with app.app_context():
        token = staff.invite(None, "演示管理员", Role.ADMIN)
    sign_out(page, app, lang)
    page.goto("/sign-in")
    sign_in_with_mouse(page, app, sent, lang, mobile="13700000009")
    page.goto(f"/staff/invitations/{token}")
    axe(page)
    page.get_by_role("button", name=text(app, "Make a passkey and accept", lang)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text(app, "Staff pages", lang))
    axe(page)
    page.goto("/staff/invitations")
    axe(page)
    page.get_by_role("button", name=text(app, "Make an invitation link", lang)).click()
    axe(page)  # with errors
    page.get_by_label(text(app, "Full name", lang), exact=True).fill("张丽")
    page.locator('input[name="role"][value="caseworker"]').check()
    page.locator('input[name="district"][value="changji"]').check()
    page.get_by_role("button", name=text(app, "Make an invitation link", lang)).click()
    axe(page)  # with the new link
