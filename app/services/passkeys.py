"""Passkeys (WebAuthn): creating one for an account, signing in with one, removing one.

Sign-in needs no typing: passkeys are discoverable credentials, and the person must be verified
(face, fingerprint or screen lock). The relying party's id and origin come from configuration.
"""

from flask import current_app
from sqlalchemy import select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, parse_authentication_credential_json
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
from app.models import Passkey, User
from app.models.base import utcnow
from app.services import audit


class PasskeyError(Exception):
    """A passkey ceremony that did not verify: wrong origin, challenge, signature or count."""


def _relying_party() -> tuple[str, str]:
    return current_app.config["WEBAUTHN_RP_ID"], current_app.config["WEBAUTHN_ORIGIN"]


def registration_options(user: User) -> tuple[str, bytes]:
    """Options for navigator.credentials.create(), as JSON, and their challenge to keep."""
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
    return options_to_json(options), options.challenge


def register(user: User, credential: str | dict, challenge: bytes, name: str) -> Passkey:
    rp_id, origin = _relying_party()
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            require_user_verification=True,
        )
    except (InvalidRegistrationResponse, InvalidJSONStructure, ValueError) as error:
        raise PasskeyError(str(error)) from None
    transports = (
        (credential.get("response") or {}).get("transports", [])
        if isinstance(credential, dict)
        else []
    )
    passkey = Passkey(
        user=user,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=[t for t in transports if isinstance(t, str)][:5],
        name=name,
    )
    db.session.add(passkey)
    db.session.flush()
    audit.record(actor=user, resident=user, action="passkey.added", subject=passkey)
    db.session.commit()
    return passkey


def authentication_options() -> tuple[str, bytes]:
    """Options for navigator.credentials.get(): any passkey of this site, the person verified."""
    rp_id, _ = _relying_party()
    options = generate_authentication_options(
        rp_id=rp_id, user_verification=UserVerificationRequirement.REQUIRED
    )
    return options_to_json(options), options.challenge


def authenticate(credential: str | dict, challenge: bytes) -> User:
    """The account a passkey signs in; raises PasskeyError when it does not verify."""
    rp_id, origin = _relying_party()
    try:
        parsed = parse_authentication_credential_json(credential)
    except (InvalidJSONStructure, ValueError):
        raise PasskeyError("the response could not be read") from None
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


def remove(user: User, passkey_id: int) -> bool:
    passkey = db.session.get(Passkey, passkey_id)
    if passkey is None or passkey.user_id != user.id:
        return False
    audit.record(actor=user, resident=user, action="passkey.removed", subject=passkey)
    db.session.delete(passkey)
    db.session.commit()
    return True
