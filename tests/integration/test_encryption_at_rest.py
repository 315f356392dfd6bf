"""ID, certificate and bank account numbers encrypted at rest (decision 13): a copy of the
database read without the keys shows none of them; caseworkers still find an application by ID
number; keys rotate; the migration encrypts what was there before."""

import base64
import hashlib
import os

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from app import encryption
from app.encryption import BlindIndex, FieldCipher, parse_keys
from app.extensions import db
from app.models import Application, Base, Role, User
from tests.helpers import Visitor, location, staff_member
from tests.integration.journey import GOOD_ANSWERS, answer_all, start
from tests.integration.test_sent_twice import FORM_KEY
from tests.integration.walker import GRADE_1

ID_NUMBER = "11010519491231002X"
ACCOUNT = "6228480012345678901"
# As a reader of the raw rows would look for them: whole, and as typed.
IN_CLEAR = [ID_NUMBER, ID_NUMBER.lower(), GRADE_1, ACCOUNT, "6228 4800 1234 5678 901"]


class KeyedVisitor(Visitor):
    """Sends each page's form with its one-time key, as a browser does."""

    def submit(self, url, data=None, *, action=None):
        page = self.get(url).get_data(as_text=True)
        key = FORM_KEY.search(page[page.find("<main") :]).group(1)
        return super().submit(url, {"form_key": key, **(data or {})}, action=action)


def apply_and_submit(resident) -> None:
    keyed = KeyedVisitor(resident.client, resident.sent)
    check_url = answer_all(keyed, start(resident))
    assert location(keyed.submit(check_url, {"confirm": "y"})).endswith("/confirmation")


def every_row_as_text(app) -> str:
    """Every row of every table, read with plain SQL: what a stolen copy would show."""
    with app.app_context(), db.engine.connect() as connection:
        return "\n".join(
            str(tuple(row))
            for table in Base.metadata.sorted_tables
            for row in connection.execute(text(f"SELECT * FROM {table.name}"))
        )


@pytest.fixture
def caseworker(app, sent, authenticator):
    return staff_member(app, sent, authenticator, Role.CASEWORKER, district="changji")


def test_a_copy_of_the_database_holds_no_identifier_in_clear(app, resident):
    apply_and_submit(resident)
    # A booking asks for the certificate number when the account does not have one yet.
    with app.app_context():
        user = db.session.scalars(select(User).where(User.mobile == "13912345678")).one()
        user.details = {k: v for k, v in user.details.items() if k != "certificate_number"}
        db.session.commit()
    url = location(resident.submit("/book?new=1", {"service": "rehab"}, action="/book"))
    assert url == "/book/certificate"
    assert location(resident.submit(url, {"certificate_number": GRADE_1})) == "/book/place"

    stored = every_row_as_text(app)
    assert "王军" in stored  # the rows were read: the name is not an identifier
    assert not [number for number in IN_CLEAR if number in stored]
    assert "enc:v1:" in stored


def test_a_form_kept_against_sending_twice_does_not_give_its_id_number_away(app, resident):
    """A form with only an ID number in it, hashed without a key, is found by hashing guesses."""
    apply_and_submit(resident)
    typed = dict(GOOD_ANSWERS)["id-number"]["id_number"]
    unkeyed = hashlib.sha256(f"id_number\0{typed}\0".encode()).hexdigest()
    with app.app_context():
        digests = db.session.scalars(text("SELECT digest FROM sent_forms")).all()
    assert digests and unkeyed not in digests


def test_the_app_reads_the_numbers_back_in_clear(app, resident):
    apply_and_submit(resident)
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        assert application.answers["id_number"] == ID_NUMBER
        assert application.answers["account_number"] == ACCOUNT
        assert application.resident.details["certificate_number"] == GRADE_1
    page = resident.get(f"/applications/{application.id}").get_data(as_text=True)
    assert ACCOUNT[-4:] in page


@pytest.mark.parametrize("typed", ["110105 19491231 002x", "11010519491231002x", ID_NUMBER])
def test_a_caseworker_finds_a_submitted_application_by_id_number_as_typed(
    app, resident, caseworker, typed
):
    apply_and_submit(resident)
    with app.app_context():
        wanted = db.session.scalars(select(Application.id)).one()
    page = caseworker.get("/staff/queue", query_string={"search": typed, "status": "all"})
    assert f"/staff/applications/{wanted}" in page.get_data(as_text=True)
    other = caseworker.get("/staff/queue", query_string={"search": "110105194912310021"})
    assert f"/staff/applications/{wanted}" not in other.get_data(as_text=True)


def test_the_queue_shows_the_id_number_masked_from_the_answers(app, resident, caseworker):
    apply_and_submit(resident)
    page = caseworker.get("/staff/queue").get_data(as_text=True)
    assert "110***********002X" in page and ID_NUMBER not in page


def new_key(key_id: str) -> str:
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


@pytest.fixture
def rotated_keys(app, monkeypatch):
    """New keys put first in DATA_KEYS and INDEX_KEYS, the old ones kept to decrypt."""

    def rotate() -> tuple[str, str]:
        data_keys = f"{new_key('data2')},{app.config['DATA_KEYS']}"
        index_keys = f"{new_key('index2')},{app.config['INDEX_KEYS']}"
        names = app.extensions["field_cipher"].names
        cipher = FieldCipher(parse_keys(data_keys, "DATA_KEYS"), names)
        monkeypatch.setitem(app.extensions, "field_cipher", cipher)
        monkeypatch.setitem(app.extensions, "blind_index", BlindIndex(parse_keys(index_keys, "")))
        return "data2", "index2"

    return rotate


def raw_rows(app) -> tuple[str, str, str]:
    with app.app_context():
        answers, index = db.session.execute(
            text("SELECT answers, id_number_index FROM applications")
        ).one()
        details = db.session.scalar(
            text("SELECT details FROM users WHERE mobile = :mobile"), {"mobile": "13912345678"}
        )
    return str(answers), index, str(details)


def test_rotation_re_encrypts_with_the_new_keys_and_search_still_finds(
    app, resident, caseworker, rotated_keys
):
    apply_and_submit(resident)
    data_id, index_id = rotated_keys()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["rotate-data-key", "--batch", "1"])
    assert result.exit_code == 0, result.output
    assert "1 applications and 1 accounts" in result.output

    answers, index, details = raw_rows(app)
    old_data_id = parse_keys(app.config["DATA_KEYS"], "DATA_KEYS")
    assert f"enc:v1:{data_id}:" in answers and f"enc:v1:{data_id}:" in details
    assert not any(f"enc:v1:{old}:" in answers + details for old in old_data_id)
    assert index.startswith(f"{index_id}:")
    with app.app_context():
        assert db.session.scalars(select(Application)).one().answers["id_number"] == ID_NUMBER
    page = caseworker.get("/staff/queue", query_string={"search": "110105 19491231 002x"})
    assert "/staff/applications/" in page.get_data(as_text=True)

    again = runner.invoke(args=["rotate-data-key"])
    assert "0 applications and 0 accounts" in again.output
    assert raw_rows(app) == (answers, index, details)


# ---- The migration, on what an older revision stored ----

OLD_ANSWERS = (
    '{"full_name": "王军", "id_number": "11010519491231002X", '
    '"account_number": "6228480012345678901", "district": "changji"}'
)


def revision_before_this_one(app) -> str:
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    return script.get_revision("0012").down_revision


def test_the_migration_encrypts_what_was_stored_in_clear_and_indexes_it(app):
    with app.app_context():
        before = revision_before_this_one(app)
        downgrade(revision=before)
        try:
            columns = {c["name"] for c in inspect(db.engine).get_columns("applications")}
            assert "id_number" in columns and "id_number_index" not in columns
            with db.engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO users (id, mobile, locale, webauthn_user_handle, role,"
                        " created_at, details) VALUES (1, '13912345678', 'zh', :handle,"
                        " 'resident', CURRENT_TIMESTAMP, :details)"
                    ),
                    {"handle": os.urandom(32), "details": OLD_ANSWERS},
                )
                connection.execute(
                    text(
                        "INSERT INTO applications (programme, resident_id, created_by_id, status,"
                        " answers, created_at, updated_at, submitted_at, id_number, version)"
                        " VALUES ('startup-subsidy', 1, 1, 'submitted', :answers,"
                        " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :id, 1)"
                    ),
                    {"answers": OLD_ANSWERS, "id": ID_NUMBER},
                )
        finally:
            upgrade()
        stored = every_row_as_text(app)
        assert not [number for number in IN_CLEAR if number in stored]
        application = db.session.scalars(select(Application)).one()
        assert application.answers["account_number"] == ACCOUNT
        assert application.id_number_index == encryption.id_number_index(ID_NUMBER)
        assert db.session.get(User, 1).details["id_number"] == ID_NUMBER
        db.session.rollback()

        downgrade(revision=before)
        try:
            with db.engine.connect() as connection:
                back = connection.execute(text("SELECT answers, id_number FROM applications"))
                answers, id_number = back.one()
            assert id_number == ID_NUMBER and ACCOUNT in str(answers)
        finally:
            upgrade()
