"""Every address we send someone to from what a request holds stays on this site: the language
switch and its links, `?next=` after signing in, and a form sent twice. Each is tried with
known open-redirect and header-injection payloads."""

import html
import re
from urllib.parse import unquote, unquote_to_bytes, urljoin

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app import form_keys
from app.extensions import db
from app.models import SentForm, User
from tests.helpers import csrf_from

# As an attacker writes them in a link: percent-encoded, or as a server passes them on.
PAYLOADS = [
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d/evil.example",
    "/%0d%0aSet-Cookie:%20session=stolen",
    "/%00/evil.example",
    "/%7f/evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/%5cevil.example",
    "/%5c%5cevil.example",
    "/%2f%2fevil.example",
    "/%2f/evil.example",
    "/.//evil.example",
    "/./%2f/evil.example",
    "/..//evil.example",
    "/%2e%2e//evil.example",
    "/%20//evil.example",
    "/%e3%80%80//evil.example",  # ideographic space
    "/%ef%bc%8f%ef%bc%8fevil.example",  # full-width solidus
    "/%e2%81%84%e2%81%84evil.example",  # fraction slash
    "/%e2%80%ae/evil.example",  # right-to-left override
    "/%c0%af/evil.example",  # an overlong "/", not UTF-8
    "/@evil.example",
    "/https:%2f%2fevil.example",
    "/%09javascript:alert(1)",
]
# For ?next=, whole addresses too.
NEXT_PAYLOADS = [
    *PAYLOADS,
    "https://evil.example",
    "http:/evil.example",
    "https:evil.example",
    "\\\\evil.example",
    "%2f%2fevil.example",
    " //evil.example",
    "javascript:alert(1)",
]
SITE = "https://changji.example/some/page"
# One "/", then not "/" nor a backslash; printable ASCII only (no control character, no
# space); no backslash anywhere, which browsers read as "/".
ON_THIS_SITE = re.compile(r"/(?![/\\])[!-\[\]-~]*")


def assert_on_this_site(address: str) -> None:
    assert ON_THIS_SITE.fullmatch(address), repr(address)
    assert urljoin(SITE, address).startswith("https://changji.example/"), repr(address)


def get_as_sent(client, target: str, **kwargs):
    """GET a request target as a server passes it on: the path percent-decoded (its bytes as
    latin-1, as WSGI has it), the query as it was sent."""
    path, _, query = target.partition("?")
    environ = {
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": query,
        "RAW_URI": target,
    }
    return client.get("/", environ_overrides=environ, **kwargs)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_language_switch_stays_on_this_site(client, payload):
    response = get_as_sent(client, payload + "?lang=ug")
    assert response.status_code == 302
    assert_on_this_site(response.headers["Location"])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_language_links_stay_on_this_site(client, payload):
    page = get_as_sent(client, payload).get_data(as_text=True)
    links = [html.unescape(href) for href in re.findall(r'href="([^"]*lang=[^"]*)"', page)]
    assert links, "the page has its language links"
    for link in links:
        assert_on_this_site(link)


def test_the_language_switch_keeps_an_ordinary_page_and_its_query(client):
    response = client.get("/staff/queue?status=all&lang=ug&search=王")
    assert response.headers["Location"] == "/staff/queue?status=all&search=%E7%8E%8B"
    response = get_as_sent(client, "/apply/%E6%B5%8B%E8%AF%95?lang=ug")
    assert response.headers["Location"] == "/apply/%E6%B5%8B%E8%AF%95"


@pytest.mark.parametrize("payload", NEXT_PAYLOADS)
def test_signing_in_goes_on_only_to_a_page_of_this_site(visitor, payload):
    visitor.get("/sign-in", query_string={"next": unquote(payload)})
    response = visitor.sign_in()
    assert_on_this_site(response.headers["Location"])


def test_signing_in_goes_on_to_the_page_asked_for(visitor):
    visitor.get("/sign-in", query_string={"next": "/applications?x=%20"})
    assert visitor.sign_in().headers["Location"] == "/applications?x=%20"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_form_sent_twice_is_sent_on_to_this_site(app, resident, payload):
    """The second of two sends at once waits on the same page; never on another site."""
    token = csrf_from(resident.get("/display").get_data(as_text=True))
    form = {"csrf_token": token, form_keys.FIELD: "key"}
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        digest = form_keys.digest(MultiDict(form), MultiDict())
        db.session.add(SentForm(user_id=user.id, key="key", digest=digest))  # still in hand
        db.session.commit()
    response = resident.client.post(
        "/",
        data=form,
        environ_overrides={"PATH_INFO": unquote_to_bytes(payload).decode("latin-1")},
    )
    assert response.status_code == 303
    assert_on_this_site(response.headers["Location"])
