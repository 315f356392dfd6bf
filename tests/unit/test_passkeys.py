"""The passkey ceremonies' checks: a good passkey signs in; a wrong origin, a wrong challenge,
a replayed sign count or an unverified person is refused; a challenge is used once, within five
minutes, for its own ceremony and session."""

import json
from datetime import timedelta

import pytest
from webauthn.helpers import base64url_to_bytes
from werkzeug.exceptions import NotFound

from app import access
from app.extensions import db
from app.models import Passkey, PasskeyChallenge, User
from app.models.base import utcnow
from app.services import passkeys
from tests.fixtures.authenticator import SoftAuthenticator

ORIGIN = "http://localhost:5000"


@pytest.fixture
def context(app):
    with app.test_request_context():
        origin = app.config["WEBAUTHN_ORIGIN"]
        app.config["WEBAUTHN_ORIGIN"] = ORIGIN
        yield
        app.config["WEBAUTHN_ORIGIN"] = origin


@pytest.fixture
def resident(context):
    user = User(mobile="13912345678")
    db.session.add(user)
    db.session.commit()
    return user


SESSION = "a session"


def create(user, authenticator, origin=None):
    options = passkeys.registration_options(user, SESSION)
    answer = authenticator.create(json.loads(options), origin=origin)
    return passkeys.register(user, answer, SESSION, "My phone")


def sign_in(authenticator, session=SESSION, **tamper):
    parsed = json.loads(passkeys.authentication_options(SESSION))
    if "challenge" in tamper:
        parsed["challenge"] = tamper.pop("challenge")
    answer = authenticator.get(parsed, **tamper)
    return passkeys.authenticate(answer, session)


def test_a_passkey_is_made_and_signs_in(resident):
    authenticator = SoftAuthenticator(ORIGIN)
    passkey = create(resident, authenticator)
    assert passkey.credential_id == authenticator.credential_id
    assert sign_in(authenticator).id == resident.id
    assert db.session.get(Passkey, passkey.id).sign_count == 1
    assert db.session.get(Passkey, passkey.id).last_used_at is not None


def test_options_ask_for_a_discoverable_passkey_and_a_verified_person(resident):
    options = json.loads(passkeys.registration_options(resident, SESSION))
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert options["rp"]["id"] == "localhost"
    assert base64url_to_bytes(options["user"]["id"]) == resident.webauthn_user_handle
    login = json.loads(passkeys.authentication_options(SESSION))
    assert login["userVerification"] == "required" and login.get("allowCredentials") == []


def test_a_wrong_origin_is_refused(resident):
    with pytest.raises(passkeys.PasskeyError):
        create(resident, SoftAuthenticator(ORIGIN), origin="http://evil.example")
    authenticator = SoftAuthenticator(ORIGIN)
    create(resident, authenticator)
    with pytest.raises(passkeys.PasskeyError):
        sign_in(authenticator, origin="http://evil.example")


def test_a_wrong_challenge_is_refused(resident):
    authenticator = SoftAuthenticator(ORIGIN)
    create(resident, authenticator)
    with pytest.raises(passkeys.PasskeyError):
        sign_in(authenticator, challenge="bm90IHRoZSBjaGFsbGVuZ2UgdGhhdCB3YXMgc2VudA")


def test_a_replayed_sign_count_is_refused(resident):
    authenticator = SoftAuthenticator(ORIGIN)
    create(resident, authenticator)
    sign_in(authenticator)
    sign_in(authenticator)
    with pytest.raises(passkeys.PasskeyError):
        sign_in(authenticator, sign_count=1)  # an answer recorded earlier, sent again


def test_an_authenticator_that_does_not_verify_the_person_is_refused(resident):
    with pytest.raises(passkeys.PasskeyError):
        create(resident, SoftAuthenticator(ORIGIN, verifies_user=False))
    authenticator = SoftAuthenticator(ORIGIN)
    create(resident, authenticator)
    authenticator.verifies_user = False
    with pytest.raises(passkeys.PasskeyError):
        sign_in(authenticator)


def test_a_removed_or_unknown_passkey_signs_nobody_in(resident):
    authenticator = SoftAuthenticator(ORIGIN)
    passkey = create(resident, authenticator)
    passkeys.remove(passkey)
    with pytest.raises(passkeys.PasskeyError):
        sign_in(authenticator)
    with pytest.raises(passkeys.PasskeyError):
        sign_in(SoftAuthenticator(ORIGIN))


def test_someone_else_can_not_remove_a_passkey(resident):
    passkey = create(resident, SoftAuthenticator(ORIGIN))
    other = User(mobile="13900000000")
    db.session.add(other)
    db.session.commit()
    with pytest.raises(NotFound):
        access.passkey_or_404(other, passkey.id)
    assert db.session.get(Passkey, passkey.id) is not None


def test_the_same_answer_sent_twice_signs_in_once(resident):
    authenticator = SoftAuthenticator(ORIGIN)
    create(resident, authenticator)
    answer = authenticator.get(json.loads(passkeys.authentication_options(SESSION)))
    assert passkeys.authenticate(answer, SESSION).id == resident.id
    with pytest.raises(passkeys.PasskeyError):
        passkeys.authenticate(answer, SESSION)


def test_a_challenge_is_for_the_session_it_was_given_to(resident):
    authenticator = SoftAuthenticator(ORIGIN)
    create(resident, authenticator)
    with pytest.raises(passkeys.PasskeyError):
        sign_in(authenticator, session="another session")


def test_a_challenge_is_for_its_own_ceremony(resident):
    authenticator = SoftAuthenticator(ORIGIN)
    create(resident, authenticator)
    # The challenge of "add a passkey", answered as if signing in.
    options = json.loads(passkeys.registration_options(resident, SESSION))
    answer = authenticator.get({**options, "rpId": "localhost"})
    with pytest.raises(passkeys.PasskeyError):
        passkeys.authenticate(answer, SESSION)
    options = json.loads(passkeys.registration_options(resident, SESSION))
    answer = SoftAuthenticator(ORIGIN).create(options)
    with pytest.raises(passkeys.PasskeyError):
        passkeys.check_new(answer, SESSION, passkeys.Ceremony.JOIN)


def test_a_challenge_older_than_five_minutes_is_refused(resident):
    authenticator = SoftAuthenticator(ORIGIN)
    create(resident, authenticator)
    options = json.loads(passkeys.authentication_options(SESSION))
    for challenge in db.session.scalars(db.select(PasskeyChallenge)):
        challenge.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(passkeys.PasskeyError):
        passkeys.authenticate(authenticator.get(options), SESSION)
    assert passkeys.purge_challenges() == 1


def test_a_challenge_lasts_five_minutes(resident):
    before = utcnow()
    passkeys.authentication_options(SESSION)
    kept = db.session.scalars(db.select(PasskeyChallenge)).one()
    assert timedelta(minutes=4) < kept.expires_at - before <= timedelta(minutes=5, seconds=1)
