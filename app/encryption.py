"""Identifiers encrypted at rest (decision 13): ID, certificate and bank account numbers.

A value is kept as `enc:v1:<key id>:<base64 of nonce, ciphertext and tag>`: AES-256-GCM under
the first key of DATA_KEYS, a random 96-bit nonce for each value, and the answer's name as
associated data, so that a value copied into another field (an account number shown as an ID
number) is refused. Every key of DATA_KEYS decrypts, so a new key can be put first and
`flask rotate-data-key` re-encrypts what older keys wrote.

Caseworkers still find an application by ID number through a blind index: an HMAC of the
number under the first key of INDEX_KEYS, a key of its own (whoever has it can test guesses, so
it is not the key that decrypts). A search tries every key of INDEX_KEYS, so that a new one can
be put first while the rotation recomputes the index.

Both settings read `id:base64,id:base64` (32 random bytes each); the first key is current.
"""

import base64
import binascii
import hashlib
import hmac
import os
import re
from collections.abc import Iterable
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, current_app
from sqlalchemy import JSON, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB

from app.identifiers import compact

PREFIX = "enc:v1:"
NONCE_BYTES = 12
KEY_BYTES = 32
KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")
# Kept from the HMAC: 128 bits, so that two ID numbers sharing an index would take some 2^64
# applications; and a shared index would only show one more row to a caseworker's search.
INDEX_HEX_CHARS = 32
# What the index of an ID number is an HMAC of: one key may one day index other numbers.
INDEX_PURPOSE = b"id_number\x00"


class BadKeys(ValueError):
    """A key setting that cannot be used; says what is wrong, never the key."""


class Undecryptable(ValueError):
    """A value that no key decrypts for this field: changed, moved or made with a lost key."""


def new_key_setting(key_id: str = "k1") -> str:
    """A setting with one fresh key, as an operator makes one (see the README)."""
    return f"{key_id}:{base64.b64encode(os.urandom(KEY_BYTES)).decode()}"


def parse_keys(setting: str | None, name: str) -> dict[str, bytes]:
    """`id:base64,id:base64` as {id: key}, in order: the first is current."""
    keys: dict[str, bytes] = {}
    for entry in (setting or "").split(","):
        key_id, _, encoded = entry.strip().partition(":")
        if not KEY_ID.fullmatch(key_id) or not encoded:
            raise BadKeys(f"{name}: each key is written id:base64 (an id of letters and digits)")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise BadKeys(f"{name}: the key {key_id!r} is not base64") from None
        if len(key) != KEY_BYTES:
            raise BadKeys(f"{name}: the key {key_id!r} must be {KEY_BYTES} random bytes")
        if key_id in keys:
            raise BadKeys(f"{name}: the key id {key_id!r} is used twice")
        keys[key_id] = key
    return keys


class FieldCipher:
    """Encrypts and decrypts the identifiers in answers and details, at any depth."""

    def __init__(self, keys: dict[str, bytes], names: Iterable[str]):
        self.current_id = next(iter(keys))
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self.names = frozenset(names)

    def encrypt(self, name: str, value: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._ciphers[self.current_id].encrypt(nonce, value.encode(), name.encode())
        return f"{PREFIX}{self.current_id}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, name: str, stored: str) -> str:
        key_id, _, encoded = stored.removeprefix(PREFIX).partition(":")
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise Undecryptable(f"{name}: key {key_id!r} is not in DATA_KEYS")
        try:
            raw = base64.b64decode(encoded, validate=True)
            return cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], name.encode()).decode()
        except (binascii.Error, InvalidTag):
            raise Undecryptable(f"{name}: the value was changed or belongs elsewhere") from None

    def seal(self, data: Any) -> Any:
        """A copy with every identifier encrypted under the current key."""
        return self._walk(data, self.encrypt)

    def unseal(self, data: Any) -> Any:
        """A copy with every identifier in clear."""
        return self._walk(data, self._unsealed)

    def is_current(self, data: Any) -> bool:
        """True when every identifier is encrypted under the current key already."""
        mark = f"{PREFIX}{self.current_id}:"
        return all(value.startswith(mark) for _name, value in self._identifiers(data))

    def _unsealed(self, name: str, value: str) -> str:
        # A value in clear is one written before encryption (the migration encrypts it).
        return self.decrypt(name, value) if value.startswith(PREFIX) else value

    def _walk(self, data: Any, change) -> Any:
        if isinstance(data, dict):
            return {key: self._changed(key, value, change) for key, value in data.items()}
        if isinstance(data, list):
            return [self._walk(item, change) for item in data]
        return data

    def _changed(self, key: str, value: Any, change) -> Any:
        return change(key, value) if self._is_identifier(key, value) else self._walk(value, change)

    def _identifiers(self, data: Any) -> Iterable[tuple[str, str]]:
        if isinstance(data, dict):
            for key, value in data.items():
                if self._is_identifier(key, value):
                    yield key, value
                else:
                    yield from self._identifiers(value)
        elif isinstance(data, list):
            for item in data:
                yield from self._identifiers(item)

    def _is_identifier(self, key: str, value: Any) -> bool:
        return key in self.names and isinstance(value, str) and value != ""


class BlindIndex:
    """A keyed hash of an ID number, the same for the same number however it was typed."""

    def __init__(self, keys: dict[str, bytes]):
        self._keys = keys
        self.current_id = next(iter(keys))

    def of(self, id_number: str) -> str:
        return self._under(self.current_id, id_number)

    def every(self, id_number: str) -> list[str]:
        """Under each key: what a search looks for while a new key is being brought in."""
        return [self._under(key_id, id_number) for key_id in self._keys]

    def is_current(self, stored: str) -> bool:
        return stored.startswith(f"{self.current_id}:")

    def _under(self, key_id: str, id_number: str) -> str:
        message = INDEX_PURPOSE + compact(id_number).encode()
        digest = hmac.new(self._keys[key_id], message, hashlib.sha256).hexdigest()
        return f"{key_id}:{digest[:INDEX_HEX_CHARS]}"


def cipher() -> FieldCipher:
    return current_app.extensions["field_cipher"]


def blind_index() -> BlindIndex:
    return current_app.extensions["blind_index"]


def id_number_index(id_number: str | None) -> str | None:
    return blind_index().of(id_number) if id_number else None


class EncryptedJSON(TypeDecorator):
    """A JSON column whose identifiers are encrypted on the way in and decrypted on the way out,
    so that the code reads and writes plain values. (Replace the value to change it: like any
    JSON column here, a change made inside the dict in place is not seen.)"""

    impl = JSON
    cache_ok = True

    def __init__(self, binary_on_postgresql: bool = False):
        super().__init__()
        self.binary_on_postgresql = binary_on_postgresql

    def load_dialect_impl(self, dialect):
        if self.binary_on_postgresql and dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value, dialect):
        return None if value is None else cipher().seal(value)

    def process_result_value(self, value, dialect):
        return None if value is None else cipher().unseal(value)


def init_app(app: Flask, names: Iterable[str]) -> None:
    """The keys from the settings (checked already), and the answer names that hold identifiers."""
    try:
        data_keys = parse_keys(app.config["DATA_KEYS"], "DATA_KEYS")
        index_keys = parse_keys(app.config["INDEX_KEYS"], "INDEX_KEYS")
    except BadKeys as error:
        raise RuntimeError(f"Not starting: {error}") from None
    app.extensions["field_cipher"] = FieldCipher(data_keys, names)
    app.extensions["blind_index"] = BlindIndex(index_keys)
