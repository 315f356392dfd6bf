"""Identifiers encrypted at rest: what a copy of the database shows, what a changed or moved
value does, and how keys rotate (decision 13)."""

import base64
import json

import pytest

from app.encryption import BadKeys, BlindIndex, FieldCipher, Undecryptable, parse_keys

OLD = {"k1": b"o" * 32}
NEW = {"k2": b"n" * 32, **OLD}
NAMES = {"id_number", "certificate_number", "account_number", "member_id_number"}
ID_NUMBER = "11010519491231002X"
ANSWERS = {
    "full_name": "王军",
    "id_number": ID_NUMBER,
    "certificate_number": ID_NUMBER + "11",
    "account_number": "6228480012345678901",
    "household": [
        {"member_name": "王军", "member_id_number": ID_NUMBER},
        {"member_name": "李娟", "member_id_number": "652301198503151233"},
    ],
    "income_now": 800,
    "licence_photo": [3, 4],
}
SECRETS = [ID_NUMBER, "6228480012345678901", "652301198503151233"]


def cipher(keys=OLD) -> FieldCipher:
    return FieldCipher(keys, NAMES)


def test_identifiers_are_read_back_as_they_were_given():
    assert cipher().unseal(cipher().seal(ANSWERS)) == ANSWERS


def test_a_copy_of_the_stored_answers_shows_no_identifier_at_any_depth():
    stored = json.dumps(cipher().seal(ANSWERS), ensure_ascii=False)
    assert not any(secret in stored for secret in SECRETS)
    assert "王军" in stored and "李娟" in stored  # other answers as they were


def test_each_value_is_stored_under_its_key_id_with_a_nonce_of_its_own():
    sealed = cipher().seal(ANSWERS)
    assert sealed["id_number"].startswith("enc:v1:k1:")
    # The same number twice (the resident and the first household member) looks different.
    assert sealed["id_number"] != sealed["household"][0]["member_id_number"]
    assert cipher().seal(ANSWERS)["id_number"] != sealed["id_number"]


def test_sealing_leaves_the_answers_it_was_given_as_they_were():
    given = json.loads(json.dumps(ANSWERS))
    cipher().seal(given)
    assert given == ANSWERS


def test_a_changed_ciphertext_is_refused():
    stored = cipher().seal(ANSWERS)["account_number"]
    raw = bytearray(base64.b64decode(stored.rsplit(":", 1)[1]))
    raw[-1] ^= 1
    tampered = stored.rsplit(":", 1)[0] + ":" + base64.b64encode(bytes(raw)).decode()
    with pytest.raises(Undecryptable):
        cipher().unseal({**ANSWERS, "account_number": tampered})


def test_a_value_moved_to_another_field_is_refused():
    """The field's name is the associated data: an account number can not pass as an ID."""
    sealed = cipher().seal(ANSWERS)
    with pytest.raises(Undecryptable, match="id_number"):
        cipher().unseal({**sealed, "id_number": sealed["account_number"]})


def test_a_key_that_was_removed_decrypts_nothing_and_is_named():
    sealed = cipher(OLD).seal(ANSWERS)
    with pytest.raises(Undecryptable, match="k1"):
        cipher({"k2": b"n" * 32}).unseal(sealed)


def test_after_rotation_the_old_key_still_decrypts_and_the_new_one_encrypts():
    written_before = cipher(OLD).seal(ANSWERS)
    rotated = cipher(NEW)
    assert rotated.unseal(written_before) == ANSWERS
    assert not rotated.is_current(written_before)
    again = rotated.seal(rotated.unseal(written_before))
    assert again["id_number"].startswith("enc:v1:k2:")
    assert again["household"][1]["member_id_number"].startswith("enc:v1:k2:")
    assert rotated.is_current(again)
    assert cipher({"k2": NEW["k2"]}).unseal(again) == ANSWERS  # the old key may now go


def test_a_number_still_in_clear_is_read_and_counts_as_not_encrypted_yet():
    assert cipher().unseal(ANSWERS) == ANSWERS
    assert not cipher().is_current(ANSWERS)


def test_free_text_that_looks_encrypted_is_only_text():
    """A resident may type anything in a text answer: it is never taken for a ciphertext."""
    answers = {"full_name": "enc:v1:k1:AAAA", "id_number": "enc:v1:k1:AAAA"}
    assert cipher().unseal(cipher().seal(answers)) == answers


def test_the_index_is_the_same_however_the_number_was_typed():
    index = BlindIndex(OLD)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in ID_NUMBER)  # as some keyboards type
    typed = ["11010519491231002x", "110105 19491231 002X", full_width]
    assert {index.of(number) for number in typed} == {index.of(ID_NUMBER)}
    assert index.of(ID_NUMBER) != index.of("652301198503151233")


def test_the_index_tells_nothing_without_its_key():
    stored = BlindIndex(OLD).of(ID_NUMBER)
    assert ID_NUMBER not in stored and ID_NUMBER[-4:] not in stored
    assert BlindIndex({"k1": b"x" * 32}).of(ID_NUMBER) != stored


def test_while_a_new_index_key_comes_in_a_search_finds_rows_of_either_key():
    before = BlindIndex(OLD).of(ID_NUMBER)
    changing = BlindIndex(NEW)
    assert before in changing.every(ID_NUMBER)
    assert not changing.is_current(before)
    assert changing.is_current(changing.of(ID_NUMBER))


def test_keys_are_read_in_order_the_first_current():
    setting = ",".join(f"{k}:{base64.b64encode(v).decode()}" for k, v in NEW.items())
    assert list(parse_keys(setting, "DATA_KEYS")) == ["k2", "k1"]


@pytest.mark.parametrize("setting", ["", "k1", "k1:" + base64.b64encode(b"x" * 16).decode()])
def test_a_key_setting_that_cannot_be_used_is_refused(setting):
    with pytest.raises(BadKeys, match="DATA_KEYS"):
        parse_keys(setting, "DATA_KEYS")
