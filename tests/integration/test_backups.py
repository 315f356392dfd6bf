"""The restore drill, run for real: a PostgreSQL database with applications, bookings and
documents (in a moto bucket) is backed up with `flask backup`, restored with `flask restore` into
a new empty database and an empty bucket, and found the same, row by row and file by file.

It makes its own databases (storage_backup_src, storage_backup_dst) on the PostgreSQL server at
127.0.0.1:5432, as CI has, whatever DATABASE_URL says; without that server it is skipped. The
same drill by hand is in docs/operations.md."""

import hashlib
import json
import os
import shutil
import time
from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import OperationalError

from app import create_app, encryption, storage
from app.extensions import db
from app.models import Application, Document, Service, Slot, Station, Status, User
from app.models.base import utcnow
from app.services import bookings, documents
from tests.benchmarks.page_kinds import prepare
from tests.fixtures import files
from tests.fixtures.applications import submitted_application
from tests.fixtures.object_storage import new_bucket
from tests.integration.walker import GRADE_1

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
# A pair for each pytest-xdist worker, when the suite runs in parallel.
_WORKER = f"_{os.environ['PYTEST_XDIST_WORKER']}" if "PYTEST_XDIST_WORKER" in os.environ else ""
SOURCE, TARGET = f"storage_backup_src{_WORKER}", f"storage_backup_dst{_WORKER}"
APPLICATIONS, BOOKINGS = 60, 40
# What a restore must give back exactly (users too: every application and booking names one).
TABLES = ["users", "applications", "application_events", "documents", "bookings", "slots"]


def on_server(*statements: str) -> None:
    server = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        server.dispose()


def fresh_database(name: str) -> str:
    """Drops and makes `name` on the server; skips the test when there is no server."""
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed (Debian: postgresql-client)")
    try:
        on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    except OperationalError:
        pytest.skip("no PostgreSQL server at 127.0.0.1:5432 (user postgres) to back up")
    return f"{SERVER}/{name}"


@pytest.fixture
def make_app(tmp_path, s3_endpoint):
    """Apps on a new PostgreSQL database and a new bucket each, sharing one set of keys (the
    restored app is given the keys from their own custody, never from the backup)."""
    keys = {
        "DATA_KEYS": encryption.new_key_setting("backup1"),
        "INDEX_KEYS": encryption.new_key_setting("index1"),
    }
    made = []

    def make(database: str, migrated: bool):
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "backup test",
                "MESSAGE_BACKEND": "memory",
                "SQLALCHEMY_DATABASE_URI": fresh_database(database),
                "STORAGE_URL": f"s3://{new_bucket(s3_endpoint)}/documents",
                "S3_ENDPOINT_URL": s3_endpoint,
                "UPLOAD_FOLDER": str(tmp_path / database / "uploads"),
                "RECORDINGS_FOLDER": str(tmp_path / database / "recordings"),
                **keys,
            }
        )
        made.append(app)
        if migrated:
            with app.app_context():
                upgrade()
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()
            name = db.engine.url.database
        on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fill(app) -> None:
    """The demo's residents, applications and services (the benchmarks' set-up), then more
    applications in every status with documents of their own, and bookings of rehab times."""
    prepare(app, "http://localhost:5000")
    with app.app_context():
        statuses = list(Status)
        for n in range(APPLICATIONS):
            application = db.session.get(
                Application,
                submitted_application(status=statuses[n % len(statuses)], days_ago=n % 30 + 1),
            )
            photo = files.photo_jpeg(size=(64 + 9 * n, 48 + 7 * n))
            for data, name in ((photo, "licence.jpg"), (files.pdf(), "proof.pdf"))[: 1 + n % 2]:
                cleaned = documents.clean(data, name)
                documents.keep(application, "licence_photo", cleaned, None)
        db.session.commit()
        station = db.session.scalars(select(Station).where(Station.code == "changji-rehab")).one()
        for n in range(BOOKINGS):
            start = utcnow() + timedelta(days=2 + n // 4, hours=n % 4)
            slot = Slot(
                station_id=station.id,
                service=Service.REHAB,
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                capacity=4,
                places_left=4,
            )
            person = User(mobile=f"1370000{n:04d}", details={"certificate_number": GRADE_1})
            db.session.add_all([slot, person])
            db.session.commit()
            request = bookings.Request(person, person, Service.REHAB, f"b{n}", slot_id=slot.id)
            bookings.book(request)


def rows_digest(table: str) -> str:
    """The table's rows as the database holds them (encrypted values as they are), hashed."""
    rows = db.session.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()
    return hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()


def snapshot(app) -> dict:
    """Everything the drill compares: each table's row count and digest, every application as
    the app reads it (its answers decrypted with the keys), and every document's SHA-256 as the
    store gives it back."""
    with app.app_context():
        store = storage.documents()
        return {
            "counts": {
                t: db.session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in TABLES
            },
            "rows": {t: rows_digest(t) for t in TABLES},
            "applications": {
                a.id: json.dumps([a.reference, a.status, a.answers], sort_keys=True, default=str)
                for a in db.session.scalars(select(Application))
            },
            "documents": {
                d.id: storage.sha256_of(store, d.storage_key)
                for d in db.session.scalars(select(Document))
            },
            "document_bytes": db.session.scalar(select(func.sum(Document.size))),
        }


def test_a_backup_restores_into_an_empty_database_and_bucket_the_same(make_app, tmp_path):
    source = make_app(SOURCE, migrated=True)
    fill(source)
    before = snapshot(source)
    assert before["counts"]["applications"] >= APPLICATIONS
    assert before["counts"]["bookings"] == BOOKINGS
    assert None not in before["documents"].values()

    backup_folder = tmp_path / "backup"
    started = time.monotonic()
    made = source.test_cli_runner().invoke(args=["backup", str(backup_folder)])
    backup_seconds = time.monotonic() - started
    assert made.exit_code == 0, made.output

    # The next night, into a folder of its own: documents never change, so each is linked from
    # the night before (checked against its manifest), none read from the bucket again. That
    # folder is the one restored: whole on its own.
    # One copy of last night's went bad on its disk: that one is read from the bucket again.
    first_night, backup_folder = backup_folder, tmp_path / "next-night"
    rotten = next((first_night / "documents").iterdir())
    rotten.write_bytes(rotten.read_bytes()[:-1])
    next_night = source.test_cli_runner().invoke(
        args=["backup", str(backup_folder), "--previous", str(first_night)]
    )
    documents_count = len(before["documents"])
    assert f"1 copied, {documents_count - 1} already there" in next_night.output
    links = {f.name: f.stat().st_nlink for f in (backup_folder / "documents").iterdir()}
    assert links.pop(rotten.name) == 1 and set(links.values()) == {2}

    # Restored where nothing is: a new database (not even migrated) and an empty bucket.
    target = make_app(TARGET, migrated=False)
    with target.app_context():
        assert list(storage.documents().stored_keys()) == []
    started = time.monotonic()
    restored = target.test_cli_runner().invoke(args=["restore", str(backup_folder)])
    restore_seconds = time.monotonic() - started
    assert restored.exit_code == 0, restored.output

    after = snapshot(target)
    assert after == before
    assert "not in the backup" not in restored.output
    # The restored app reads what the keys encrypted: an ID number, found by its index.
    with target.app_context():
        index = encryption.id_number_index("11010519491231002X")
        found = db.session.scalars(select(Application).where(Application.id_number_index == index))
        assert {a.answers["id_number"] for a in found} == {"11010519491231002X"}

    # Once restored, the database is no longer empty: a second restore refuses to overwrite it.
    again = target.test_cli_runner().invoke(args=["restore", str(backup_folder)])
    assert again.exit_code == 1
    assert "not empty" in again.output

    dump_bytes = (backup_folder / "database.dump").stat().st_size
    print(
        f"\nBackup round trip: {before['counts']['applications']} applications, "
        f"{before['counts']['bookings']} bookings, {len(before['documents'])} documents "
        f"({before['document_bytes'] / 1024:.0f} KB), database dump {dump_bytes / 1024:.0f} KB; "
        f"backup {backup_seconds:.1f} s, restore {restore_seconds:.1f} s; "
        f"every row digest and document SHA-256 the same.\n{made.output}{restored.output}"
    )


def test_a_damaged_backup_names_the_documents_and_fails(make_app, tmp_path):
    source = make_app(SOURCE, migrated=True)
    with source.app_context():
        application = db.session.get(Application, submitted_application())
        damaged, lost = (
            documents.keep(application, "proof", documents.clean(files.pdf(), "a.pdf"), None)
            for _ in range(2)
        )
        db.session.commit()
        damaged, lost = damaged.storage_key, lost.storage_key
        storage.documents().delete(lost)  # gone from the bucket before the backup ran
    backup_folder = tmp_path / "backup"
    first_night = ["--previous", str(tmp_path / "none yet")]
    made = source.test_cli_runner().invoke(args=["backup", str(backup_folder), *first_night])
    assert made.exit_code == 0, made.output
    (backup_folder / "documents" / damaged).write_bytes(b"%PDF-1.4 something else %%EOF")

    target = make_app(TARGET, migrated=False)
    restored = target.test_cli_runner().invoke(args=["restore", str(backup_folder)])
    assert restored.exit_code == 1
    assert f"damaged (not as the manifest says): {damaged}" in restored.output
    assert f"named by the database, not in the backup: {lost}" in restored.output
    with target.app_context():
        assert list(storage.documents().stored_keys()) == []


def test_the_sqlite_demo_is_not_backed_up_by_pg_dump(tmp_path):
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'demo.sqlite3'}"}
    )
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup")])
    assert result.exit_code == 1
    assert "Backups dump PostgreSQL" in result.output
