"""Passkeys (WebAuthn): creating one for an account, signing in with one, removing one.

Sign-in needs no typing: passkeys are discoverable credentials, and the person must be verified
(face, fingerprint or screen lock). The relying party's id and origin come from configuration.

Every ceremony's challenge is kept here on the server, for one ceremony and one session, for
five minutes, and is used up by the first answer: a captured answer sent again finds no
challenge and signs nobody in.
"""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from flask import current_app
from sqlalchemy import delete, select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    parse_authentication_credential_json,
    parse_client_data_json,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import (
    InvalidAuthenticationResponse,
    InvalidJSONStructure,
    InvalidRegistrationResponse,
)
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from app.extensions import db
from app.models import Passkey, PasskeyChallenge, User
from app.models.base import utcnow
from app.services import audit

CHALLENGE_LIFETIME = timedelta(minutes=5)


class Ceremony(StrEnum):
    SIGN_IN = "sign_in"
    ADD = "add"  # a passkey added on the account's own page
    JOIN = "join"  # a member of staff's passkey, made through an invitation


class PasskeyError(Exception):
    """A passkey ceremony that did not verify: wrong origin, challenge, signature or count."""


@dataclass(frozen=True)
class NewPasskey:
    """A passkey the browser made and the server checked, not kept yet."""

    credential_id: bytes
    public_key: bytes
    sign_count: int
    transports: list[str]


def _relying_party() -> tuple[str, str]:
    return current_app.config["WEBAUTHN_RP_ID"], current_app.config["WEBAUTHN_ORIGIN"]


def _keep_challenge(ceremony: Ceremony, challenge: bytes, session_id: str) -> None:
    db.session.add(
        PasskeyChallenge(
            ceremony=ceremony,
            challenge=challenge,
            session_id=session_id,
            expires_at=utcnow() + CHALLENGE_LIFETIME,
        )
    )
    db.session.commit()


def _use_challenge(ceremony: Ceremony, client_data_json: bytes, session_id: str) -> bytes:
    """The challenge the browser answered, if this session was given it for this ceremony and
    it is unused and in time. It is used up now, whatever the answer turns out to be."""
    try:
        challenge = parse_client_data_json(client_data_json).challenge
    except (InvalidJSONStructure, ValueError, KeyError, TypeError):
        raise PasskeyError("the client data could not be read") from None
    used = db.session.execute(
        delete(PasskeyChallenge).where(
            PasskeyChallenge.ceremony == ceremony,
            PasskeyChallenge.challenge == challenge,
            PasskeyChallenge.session_id == session_id,
            PasskeyChallenge.expires_at > utcnow(),
        )
    )
    db.session.commit()
    if used.rowcount != 1:
        raise PasskeyError("no such challenge for this session, or it was used or is too old")
    return challenge


def registration_options(user: User, session_id: str, ceremony: Ceremony = Ceremony.ADD) -> str:
    """Options for navigator.credentials.create(), as JSON; their challenge is kept here."""
    rp_id, _ = _relying_party()
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=current_app.config["WEBAUTHN_RP_NAME"],
        user_id=user.webauthn_user_handle,
        user_name=user.mobile,
        user_display_name=user.display_name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=p.credential_id) for p in user.passkeys
        ],
    )
    _keep_challenge(ceremony, options.challenge, session_id)
    return options_to_json(options)


def check_new(credential: str | dict, session_id: str, ceremony: Ceremony) -> NewPasskey:
    """Checks a passkey the browser made against the challenge this session was given."""
    rp_id, origin = _relying_party()
    try:
        parsed = parse_registration_credential_json(credential)
    except (InvalidJSONStructure, ValueError, KeyError, TypeError):
        raise PasskeyError("the response could not be read") from None
    challenge = _use_challenge(ceremony, parsed.response.client_data_json, session_id)
    try:
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            require_user_verification=True,
        )
    except (InvalidRegistrationResponse, InvalidJSONStructure, ValueError) as error:
        raise PasskeyError(str(error)) from None
    transports = [str(t.value) for t in parsed.response.transports or []][:5]
    return NewPasskey(
        verified.credential_id, verified.credential_public_key, verified.sign_count, transports
    )


def keep(user: User, new: NewPasskey, name: str) -> Passkey:
    """Adds a checked passkey to the account, with its audit event; the caller commits."""
    passkey = Passkey(
        user=user,
        credential_id=new.credential_id,
        public_key=new.public_key,
        sign_count=new.sign_count,
        transports=new.transports,
        name=name,
    )
    db.session.add(passkey)
    db.session.flush()
    audit.record(actor=user, resident=user, action="passkey.added", subject=passkey)
    return passkey


def register(user: User, credential: str | dict, session_id: str, name: str) -> Passkey:
    """Checks and keeps a passkey made on the account's own page."""
    passkey = keep(user, check_new(credential, session_id, Ceremony.ADD), name)
    db.session.commit()
    return passkey


def authentication_options(session_id: str) -> str:
    """Options for navigator.credentials.get(): any passkey of this site, the person verified."""
    rp_id, _ = _relying_party()
    options = generate_authentication_options(
        rp_id=rp_id, user_verification=UserVerificationRequirement.REQUIRED
    )
    _keep_challenge(Ceremony.SIGN_IN, options.challenge, session_id)
    return options_to_json(options)


def authenticate(credential: str | dict, session_id: str) -> User:
    """The account a passkey signs in; raises PasskeyError when it does not verify."""
    rp_id, origin = _relying_party()
    try:
        parsed = parse_authentication_credential_json(credential)
    except (InvalidJSONStructure, ValueError, KeyError, TypeError):
        raise PasskeyError("the response could not be read") from None
    challenge = _use_challenge(Ceremony.SIGN_IN, parsed.response.client_data_json, session_id)
    passkey = db.session.scalars(
        select(Passkey).where(Passkey.credential_id == base64url_to_bytes(parsed.id))
    ).first()
    if passkey is None:
        raise PasskeyError("unknown passkey")
    handle = parsed.response.user_handle
    if handle is not None and handle != passkey.user.webauthn_user_handle:
        raise PasskeyError("the passkey belongs to another account")
    try:
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except InvalidAuthenticationResponse as error:
        raise PasskeyError(str(error)) from None
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    user = passkey.user
    user.last_signed_in_at = utcnow()
    audit.record(
        actor=user, resident=user, action="account.signed_in_with_passkey", subject=passkey
    )
    db.session.commit()
    return user


def remove(passkey: Passkey) -> None:
    """Removes a passkey (the caller has checked whose it is: access.passkey_or_404)."""
    user = passkey.user
    audit.record(actor=user, resident=user, action="passkey.removed", subject=passkey)
    db.session.delete(passkey)
    db.session.commit()


def purge_challenges() -> int:
    """Deletes challenges nobody answered in time; run from cron."""
    result = db.session.execute(
        delete(PasskeyChallenge).where(PasskeyChallenge.expires_at <= utcnow())
    )
    db.session.commit()
    return result.rowcount
