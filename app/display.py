"""Display settings a person chooses (larger text, higher contrast), kept in a cookie."""

from flask import request

DISPLAY_COOKIE = "display"
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


def init_app(app) -> None:
    app.jinja_env.globals["display_classes"] = html_classes
