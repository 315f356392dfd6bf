"""Nothing typed is lost: Continue pressed after the session ended keeps the answer for the
account that typed it, says so in plain words, and after signing in again the same account is
back on the question with its answer in the form; once, for an hour, and for nobody else."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine

from app.config import LANGUAGES
from tests.helpers import location, translated
from tests.integration.journey import start

OTHER = "13900000001"
KEPT_PAGE = "/sign-in/answer-kept"
HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')


def hidden_fields(visitor, url: str) -> dict:
    """The hidden fields of the question's form, as the page that is still open holds them."""
    page = visitor.get(url).get_data(as_text=True)
    return dict(HIDDEN.findall(page[page.find("<main") :]))


def started(visitor, lang: str = "zh") -> str:
    """A resident signed in, on the first question of an application: its path."""
    visitor.choose_language(lang)
    visitor.sign_in()
    return start(visitor)


def continue_after_session_ended(visitor, url: str, answer: str = "王军"):
    """The question stays open; the browser forgets its cookies (the session with them);
    Continue."""
    fields = hidden_fields(visitor, url)
    visitor.client.delete_cookie("session")
    visitor.client.delete_cookie("lang")
    return visitor.client.post(url, data={**fields, "full_name": answer})


def shows_answer(visitor, url: str, answer: str = "王军") -> bool:
    return f'value="{answer}"' in visitor.get(url).get_data(as_text=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_answer_comes_back_after_signing_in_again(visitor, lang):
    url = started(visitor, lang)
    response = continue_after_session_ended(visitor, url)
    assert response.status_code == 303
    # In the question's language, though the cookie that kept it is gone.
    assert location(response) == f"{KEPT_PAGE}?lang={lang}"
    assert location(visitor.get(location(response))) == KEPT_PAGE

    page = visitor.get(KEPT_PAGE).get_data(as_text=True)
    assert translated("Sign in again to save your answer", lang) in page
    kept_for = (
        "We are keeping your answer for one hour. Sign in with the same mobile number, and you "
        "will go back to the question with your answer filled in."
    )
    assert translated(kept_for, lang) in page
    assert "cookie" not in page.lower()
    assert "王军" not in page  # the page that says it was kept never shows it
    assert 'href="/sign-in"' in page

    # Signing in leads back to the question (not to the passkey offer), the answer in place.
    assert location(visitor.sign_in(consent=False)) == url
    question = visitor.get(url).get_data(as_text=True)
    assert 'value="王军"' in question
    back = (
        "Your answer is back in the form, as you typed it before you were signed out. "
        "It is not saved yet: check it, then continue."
    )
    assert translated(back, lang) in question
    # Once: it was not saved, and it is not shown again.
    assert not shows_answer(visitor, url)


def test_another_account_signing_in_on_the_phone_does_not_get_it(visitor):
    url = started(visitor)
    continue_after_session_ended(visitor, url)
    response = visitor.sign_in(OTHER, consent=False)
    assert location(response) != url
    assert visitor.get(url).status_code == 404
    # Dropped, not kept for later: its owner signing in afterwards does not get it either.
    visitor.sign_out()
    assert location(visitor.sign_in(consent=False)) != url
    assert not shows_answer(visitor, url)


def test_the_answer_is_kept_for_an_hour(visitor):
    url = started(visitor)
    continue_after_session_ended(visitor, url)
    with time_machine.travel(datetime.now() + timedelta(minutes=61)):
        assert location(visitor.get(KEPT_PAGE)) == "/sign-in"
        assert location(visitor.sign_in(consent=False)) != url
        assert not shows_answer(visitor, url)


def test_signed_in_again_in_another_tab_the_old_page_still_sends_its_answer(visitor):
    url = started(visitor)
    fields = hidden_fields(visitor, url)
    visitor.client.delete_cookie("session")
    visitor.sign_in(consent=False)  # a new session, with a new security token
    response = visitor.client.post(url, data={**fields, "full_name": "王军"})
    assert location(response) == url
    assert shows_answer(visitor, url)


def test_an_open_page_of_another_account_gives_its_answer_to_nobody(app, visitor, sent):
    url = started(visitor)
    fields = hidden_fields(visitor, url)
    visitor.client.delete_cookie("session")
    visitor.sign_in(OTHER, consent=False)
    response = visitor.client.post(url, data={**fields, "full_name": "王军"})
    assert response.status_code == 400
    assert translated("We could not save that", "zh") in response.get_data(as_text=True)


def test_a_form_that_names_no_account_is_not_kept(visitor):
    url = started(visitor)
    fields = hidden_fields(visitor, url)
    visitor.client.delete_cookie("session")
    forged = {**fields, "typed_by": fields["typed_by"][:-2] + "xx"}
    response = visitor.client.post(url, data={**forged, "full_name": "王军"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "cookie" not in page.lower() and 'href="/sign-in"' in page
    assert location(visitor.sign_in(consent=False)) != url


@pytest.mark.parametrize(
    "headers", [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}]
)
def test_another_sites_page_can_not_plant_an_answer(visitor, headers):
    """A page elsewhere posting a copied form here: nothing kept, no new session given."""
    url = started(visitor)
    fields = hidden_fields(visitor, url)
    visitor.client.delete_cookie("session")
    response = visitor.client.post(url, data={**fields, "full_name": "王军"}, headers=headers)
    assert response.status_code == 400
    assert "session=" not in response.headers.get("Set-Cookie", "")
    assert location(visitor.sign_in(consent=False)) != url
