"""Preferences kept on the device in cookies: the language (see app.i18n) and the display
settings a person chooses (larger text, higher contrast)."""

from flask import current_app, request

ONE_YEAR = 365 * 24 * 3600


def remember(response, name: str, value: str) -> None:
    """Keeps a preference for a year. It holds no personal data, so it needs no sign-in."""
    response.set_cookie(
        name,
        value,
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )


DISPLAY_COOKIE = "display"
# "Not now" to the passkey offered after a code: not offered again on this phone or computer.
PASSKEY_OFFER_DECLINED = "passkey_offer"
TEXT_SIZES = ("standard", "large")
CONTRASTS = ("standard", "high")


def current_settings() -> dict[str, str]:
    text, _, contrast = (request.cookies.get(DISPLAY_COOKIE) or "").partition(".")
    return {
        "text": text if text in TEXT_SIZES else "standard",
        "contrast": contrast if contrast in CONTRASTS else "standard",
    }


def cookie_value(text: str, contrast: str) -> str:
    return f"{text}.{contrast}"


def html_classes() -> str:
    settings = current_settings()
    classes = []
    if settings["text"] == "large":
        classes.append("text-large")
    if settings["contrast"] == "high":
        classes.append("contrast-high")
    return " ".join(classes)
