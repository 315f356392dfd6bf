"""The passkey ceremonies' checks: a good passkey signs in; a wrong origin, a wrong challenge,
a replayed sign count or an unverified person is refused."""

import json

import pytest
from webauthn.helpers import base64url_to_bytes

from app.extensions import db
from app.models import Passkey, User
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


def create(user, authenticator, origin=None):
    options, challenge = passkeys.registration_options(user)
    answer = authenticator.create(json.loads(options), origin=origin)
    return passkeys.register(user, answer, challenge, "My phone")


def sign_in(authenticator, **tamper):
    options, challenge = passkeys.authentication_options()
    parsed = json.loads(options)
    wrong_challenge = tamper.pop("challenge", None)
    answer = authenticator.get(parsed, **tamper)
    return passkeys.authenticate(answer, wrong_challenge or challenge)


def test_a_passkey_is_made_and_signs_in(resident):
    authenticator = SoftAuthenticator(ORIGIN)
    passkey = create(resident, authenticator)
    assert passkey.credential_id == authenticator.credential_id
    assert sign_in(authenticator).id == resident.id
    assert db.session.get(Passkey, passkey.id).sign_count == 1
    assert db.session.get(Passkey, passkey.id).last_used_at is not None


def test_options_ask_for_a_discoverable_passkey_and_a_verified_person(resident):
    options = json.loads(passkeys.registration_options(resident)[0])
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert options["rp"]["id"] == "localhost"
    assert base64url_to_bytes(options["user"]["id"]) == resident.webauthn_user_handle
    login = json.loads(passkeys.authentication_options()[0])
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
        sign_in(authenticator, challenge=b"not the challenge that was sent")


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
    assert passkeys.remove(resident, passkey.id)
    with pytest.raises(passkeys.PasskeyError):
        sign_in(authenticator)
    with pytest.raises(passkeys.PasskeyError):
        sign_in(SoftAuthenticator(ORIGIN))


def test_someone_else_can_not_remove_a_passkey(resident):
    passkey = create(resident, SoftAuthenticator(ORIGIN))
    other = User(mobile="13900000000")
    db.session.add(other)
    db.session.commit()
    assert not passkeys.remove(other, passkey.id)
    assert db.session.get(Passkey, passkey.id) is not None
