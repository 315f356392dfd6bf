"""Every address we send someone to from what a request holds stays on this site: the language
switch and its links, `?next=` after signing in, and a form sent twice. Each is tried with
known open-redirect and header-injection payloads."""

import html
import re
from urllib.parse import unquote, unquote_to_bytes

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app import form_keys
from app.extensions import db
from app.models import SentForm, User
from tests.fixtures.open_redirects import NEXT_PAYLOADS, PAYLOADS, assert_on_this_site
from tests.helpers import csrf_from


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
    """The second of two sends at once is told to look at the same page again, later; never at
    another site."""
    token = csrf_from(resident.get("/display").get_data(as_text=True))
    form = {"csrf_token": token, form_keys.FIELD: "key"}
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        digest = form_keys.digest(MultiDict(form), MultiDict(), app.secret_key.encode())
        db.session.add(SentForm(user_id=user.id, key="key", digest=digest))  # still in hand
        db.session.commit()
    response = resident.client.post(
        "/",
        data=form,
        environ_overrides={"PATH_INFO": unquote_to_bytes(payload).decode("latin-1")},
    )
    assert response.status_code == 503  # still running: not done, and not refused
    links = re.findall(r'<main.*?href="([^"]*)"', response.get_data(as_text=True), re.S)
    assert links, "the page links to the page sent from"
    assert_on_this_site(html.unescape(links[0]))
