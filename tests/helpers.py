"""A visitor driving the service through the test client the way a person does: load a page,
fill in its form (with the page's own CSRF token), press the button."""

import io
import json
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from babel.support import Translations
from markupsafe import escape

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


class Upload(NamedTuple):
    """A file for a form: its name on the phone and its bytes."""

    filename: str
    data: bytes


CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')


def csrf_from(page: str, header: bool = False) -> str:
    """The token of the page's own form, in <main>; or, with `header`, of the sign-out form."""
    field = CSRF_INPUT.search(page if header else page[page.find("<main") :])
    assert field, "the page has no form with a CSRF token"
    return VALUE.search(field.group(0)).group(1)


@cache
def _catalogue(lang: str) -> Translations:
    return Translations.load(str(TRANSLATIONS), [lang])


def message(lang: str, singular: str, plural: str | None = None, num=None, **values) -> str:
    """A message in `lang`, read from the same compiled catalogues the app reads."""
    if plural is None:
        text = _catalogue(lang).gettext(singular)
    else:
        text = _catalogue(lang).ngettext(singular, plural, num)
    if num is not None:
        values["num"] = num
    return text % values if values else text


def message_in_context(lang: str, context: str, text: str) -> str:
    """A message the app translates with its context (pgettext), in `lang`."""
    return _catalogue(lang).pgettext(context, text)


def translated(text: str, lang: str, **values) -> str:
    """A message as a page in `lang` shows it: translated and HTML-escaped."""
    return str(escape(message(lang, text, **values)))


def typed_chinese(text: str, lang: str) -> str:
    """Chinese someone typed, as a page in `lang` shows it: isolated, and in a page of another
    language marked as Chinese (app.i18n.isolated)."""
    start = "<bdi>" if lang == "zh" else '<bdi lang="zh-Hans" dir="ltr">'
    return f"{start}{escape(text)}</bdi>"


class Visitor:
    def __init__(self, client, sent):
        self.client = client
        self.sent = sent

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def submit(self, url: str, data: dict | None = None, *, action: str | None = None):
        """Loads the page at `url` and posts its form (to `action`, if it posts elsewhere).
        An Upload value (or a list of them) is sent as a file, as a browser sends it."""
        page = self.get(url)
        assert page.status_code == 200, f"{url} answered {page.status_code}"
        form = {"csrf_token": csrf_from(page.get_data(as_text=True))}
        for name, value in (data or {}).items():
            uploads = value if isinstance(value, list) else [value]
            if uploads and all(isinstance(u, Upload) for u in uploads):
                value = [(io.BytesIO(u.data), u.filename) for u in uploads]
            form[name] = value
        return self.client.post(action or url, data=form)

    def sign_out(self):
        page = self.get("/").get_data(as_text=True)
        return self.client.post("/sign-out", data={"csrf_token": csrf_from(page, header=True)})

    def choose_language(self, lang: str) -> None:
        response = self.get(f"/?lang={lang}")
        assert response.status_code == 302

    def last_code(self, mobile: str) -> str:
        texts = [text for to, text in self.sent if to == mobile]
        assert texts, f"no message was sent to {mobile}"
        return re.search(r"\d{6}", texts[-1]).group(0)

    def sign_in(
        self, mobile: str = "13912345678", passkey_offer: str = "not now", consent: bool = True
    ):
        """Signs in with a code; the passkey then offered is declined, unless `passkey_offer`
        is "keep", which leaves the visitor on the offer. With `consent`, a resident who has
        not agreed yet to the use of their sensitive information agrees (asked before a first
        application; tests/integration/test_rights.py tests the asking)."""
        response = self.submit("/sign-in", {"mobile": mobile})
        assert location(response) == "/sign-in/code"
        response = self.submit("/sign-in/code", {"code": self.last_code(mobile)})
        if passkey_offer == "not now" and location(response) == "/account/passkeys/offer":
            response = self.get("/account/passkeys/not-now")
        if consent:
            response = self.agree(response)
        return response

    def agree(self, response=None):
        """Agrees on the consent page: where `response` leads there (a "Start now" waiting),
        returning where agreeing leads; otherwise from the side, returning `response`."""
        if response is not None and location(response) == "/consent":
            return self.submit("/consent", {"answer": "agree"})
        if self.get("/consent").status_code == 200:  # staff accounts have no such page
            self.submit("/consent", {"answer": "agree"})
        return response


def location(response) -> str:
    """Where a redirect goes, as a path with its query."""
    parts = urlsplit(response.headers["Location"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def passkey_options(visitor, options_url: str, page_url: str) -> dict:
    """What the page's script fetches: options, with the page's token in a header."""
    token = csrf_from(visitor.get(page_url).get_data(as_text=True))
    response = visitor.client.post(options_url, headers={"X-CSRFToken": token})
    assert response.status_code == 200, response.status_code
    return response.get_json()


OPTIONS_URL = re.compile(r'data-options="([^"]+)"')


def make_passkey(visitor, authenticator, page_url: str = "/account/passkeys"):
    """Makes a passkey from the page at `page_url`, as the page's script does: options from
    the address the form names, the passkey made, the form sent."""
    page = visitor.get(page_url).get_data(as_text=True)
    options = passkey_options(visitor, OPTIONS_URL.search(page).group(1), page_url)
    credential = authenticator.create(options)
    return visitor.submit(page_url, {"name": "我的手机", "credential": json.dumps(credential)})


def passkey_sign_in(visitor, authenticator, **tamper):
    options = passkey_options(visitor, "/sign-in/passkey/options", "/sign-in")
    credential = authenticator.get(options, **tamper)
    return visitor.submit(
        "/sign-in", {"credential": json.dumps(credential)}, action="/sign-in/passkey"
    )


def own_device(app):
    """Another person's authenticator: each member of staff has their own passkey."""
    from tests.fixtures.authenticator import SoftAuthenticator

    return SoftAuthenticator(app.config["WEBAUTHN_ORIGIN"])


def staff_member(app, sent, authenticator, role, district=None, station=None, mobile="13700000000"):
    """A member of staff with a passkey, signed in with it, as staff must be."""
    from app.extensions import db
    from app.models import User
    from app.services import passkeys

    with app.test_request_context():
        user = User(mobile=mobile, role=role, district=district, station=station, name="李明")
        db.session.add(user)
        db.session.commit()
        options = passkeys.registration_options(user, "set-up")
        passkeys.register(user, authenticator.create(json.loads(options)), "set-up", "工作手机")
    visitor = Visitor(app.test_client(), sent)
    response = passkey_sign_in(visitor, authenticator)
    assert location(response) == "/staff", response.get_data(as_text=True)
    return visitor
