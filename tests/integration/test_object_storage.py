"""Documents in a bucket (moto's S3, over HTTP): kept encrypted and private, served only through
the app's access checks, deleted wherever the app deletes documents, and moved there from the
folder by `flask documents-to-bucket`."""

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app import storage
from app.extensions import db
from app.models import Application, Document, Status, User
from app.models.base import utcnow
from app.services import documents
from tests.fixtures import files
from tests.fixtures.applications import submitted_application
from tests.fixtures.object_storage import new_bucket, s3_client
from tests.helpers import Upload, Visitor
from tests.integration.journey import answer_all, licence_photo_page, start


def bucket_settings(app, endpoint: str) -> dict:
    """The app's settings with STORAGE_URL naming a new bucket of its own."""
    return {
        **app.config,
        "STORAGE_URL": f"s3://{new_bucket(endpoint)}/documents",
        "S3_ENDPOINT_URL": endpoint,
    }


@pytest.fixture
def bucket(app, s3_endpoint):
    """The app keeps its documents in a new bucket for this test; gives that store."""
    store = storage.from_config(bucket_settings(app, s3_endpoint))
    folder = app.extensions["document_store"]
    app.extensions["document_store"] = store
    yield store
    app.extensions["document_store"] = folder


def objects(store: storage.BucketStore) -> set[str]:
    return set(store.stored_keys())


def test_an_upload_is_kept_encrypted_and_private_and_served_only_to_its_owner(
    app, resident, sent, bucket
):
    page = licence_photo_page(resident)
    resident.submit(page, {"licence_photo": Upload("a.jpg", files.photo_jpeg())})
    with app.app_context():
        document = db.session.scalars(select(Document)).one()
    key = bucket.prefix + document.storage_key
    s3 = s3_client(bucket.endpoint_url)
    assert objects(bucket) == {document.storage_key}
    assert s3.head_object(Bucket=bucket.bucket, Key=key)["ServerSideEncryption"] == "AES256"
    # Only the bucket's owner may read it: no grant to everyone or to any signed-in AWS user.
    grants = s3.get_object_acl(Bucket=bucket.bucket, Key=key)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    assert "URI" not in grants[0]["Grantee"]
    # Nothing went to the folder.
    assert not list(Path(app.config["UPLOAD_FOLDER"]).glob(document.storage_key))

    served = resident.get(f"/documents/{document.id}")
    assert served.status_code == 200
    assert served.data == s3.get_object(Bucket=bucket.bucket, Key=key)["Body"].read()
    assert served.headers["Content-Length"] == str(len(served.data)) == str(document.size)
    assert served.headers["Cache-Control"] == "private, no-store"

    stranger = Visitor(app.test_client(), sent)
    stranger.sign_in("13900000009")
    assert stranger.get(f"/documents/{document.id}").status_code == 404


def test_a_document_taken_back_from_a_draft_leaves_the_bucket(app, resident, bucket):
    page = licence_photo_page(resident)
    resident.submit(page, {"licence_photo": Upload("a.jpg", files.photo_jpeg())})
    with app.app_context():
        document = db.session.scalars(select(Document)).one()
    assert objects(bucket) == {document.storage_key}
    resident.submit(page, action=f"{page}/documents/{document.id}/remove")
    assert objects(bucket) == set()


def submit_with_photo(resident) -> None:
    resident.submit(answer_all(resident, start(resident)), {"confirm": "y"})


def test_closing_an_account_deletes_its_undecided_documents_from_the_bucket(
    app, resident, sent, bucket
):
    submit_with_photo(resident)
    other = Visitor(app.test_client(), sent)
    other.sign_in("13900000005")
    submit_with_photo(other)
    with app.app_context():
        others = db.session.scalars(select(User.id).where(User.mobile == "13900000005")).one()
        keys = {d.storage_key: d.resident_id for d in db.session.scalars(select(Document))}
    assert objects(bucket) == set(keys) and len(keys) == 2
    resident.submit("/account/close", {"sure": "yes"})
    assert objects(bucket) == {key for key, owner in keys.items() if owner == others}


def test_the_purge_deletes_a_closed_accounts_documents_from_the_bucket_after_their_time(
    app, resident, bucket
):
    submit_with_photo(resident)
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        application.status = Status.REJECTED  # decided: kept after closing, for its time
        db.session.commit()
    resident.submit("/account/close", {"sure": "yes"})
    assert len(objects(bucket)) == 1
    with app.app_context():
        application = db.session.scalars(select(Application)).one()
        application.updated_at = utcnow() - timedelta(days=365 * app.config["RETENTION_YEARS"] + 1)
        db.session.commit()
    assert "applications deleted: 1" in app.test_cli_runner().invoke(args=["purge"]).output
    assert objects(bucket) == set()


def keep_in_folder(app, count: int) -> dict[str, str]:
    """Documents kept the way the app kept them before the bucket (in UPLOAD_FOLDER); returns
    each one's key and SHA-256."""
    with app.app_context():
        assert isinstance(storage.documents(), storage.FolderStore)
        application = db.session.get(Application, submitted_application())
        kept = [
            documents.keep(application, "licence_photo", documents.clean(data, "a"), None)
            for data in (files.photo_jpeg(), files.photo_png(), files.pdf())[:count]
        ]
        db.session.commit()
        return {d.storage_key: hashlib.sha256(documents.read(d)).hexdigest() for d in kept}


def test_documents_move_from_the_folder_to_the_bucket_each_checked_by_its_hash(app, s3_endpoint):
    in_folder = keep_in_folder(app, 3)
    settings = bucket_settings(app, s3_endpoint)
    store = storage.from_config(settings)
    runner = app.test_cli_runner()
    folder = app.extensions["document_store"]
    app.extensions["document_store"] = store
    try:
        first = runner.invoke(args=["documents-to-bucket"])
        assert first.exit_code == 0, first.output
        assert "3 documents copied and 0 already there" in first.output
        assert {key: storage.sha256_of(store, key) for key in store.stored_keys()} == in_folder
        # Again, after a stop or by mistake: nothing copied twice, everything checked.
        again = runner.invoke(args=["documents-to-bucket"])
        assert "0 documents copied and 3 already there" in again.output
        # A file lost from the folder is named, and the command fails.
        with app.app_context():
            lost = db.session.scalars(select(Document)).first().storage_key
        (Path(app.config["UPLOAD_FOLDER"]) / lost).unlink()
        store.delete(lost)
        failed = runner.invoke(args=["documents-to-bucket"])
        assert failed.exit_code == 1
        assert f"missing: {lost}" in failed.output
        assert "0 documents copied and 2 already there" in failed.output
    finally:
        app.extensions["document_store"] = folder


def test_documents_to_bucket_needs_a_bucket(app):
    result = app.test_cli_runner().invoke(args=["documents-to-bucket"])
    assert result.exit_code == 1
    assert "STORAGE_URL" in result.output


def test_a_copy_that_reads_back_different_is_not_counted(tmp_path):
    """A store that loses what it is given (a full disk, a proxy that cuts uploads short)."""

    class Truncating(storage.FolderStore):
        def put(self, key, data):
            super().put(key, data[:-1])

    source = storage.FolderStore(tmp_path / "from")
    source.put("k", b"a document")
    done = storage.copy_checked(source, Truncating(tmp_path / "to"), ["k"])
    assert (done.copied, done.mismatched, done.failed) == (0, ["k"], True)


def test_readyz_asks_the_bucket(app, client, bucket, monkeypatch, caplog):
    response = client.get("/readyz")
    assert response.get_json()["storage"] == "ok"
    gone = storage.BucketStore("no-such-bucket", endpoint_url=bucket.endpoint_url)
    monkeypatch.setitem(app.extensions, "document_store", gone)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["storage"] == "failed"
    assert "readiness: storage failed (ClientError)" in caplog.text


def test_a_folder_is_ready_when_it_takes_a_file_and_is_never_made_for_the_probe(tmp_path):
    storage.FolderStore(tmp_path).check()
    with pytest.raises(FileNotFoundError):
        storage.FolderStore(tmp_path / "unmounted").check()
    assert not (tmp_path / "unmounted").exists()
    assert list(tmp_path.iterdir()) == []  # the probe's file is gone


@pytest.mark.parametrize(
    ("url", "bucket", "prefix"),
    [
        ("s3://changji-documents/prod", "changji-documents", "prod/"),
        ("s3://changji-documents/a/b/", "changji-documents", "a/b/"),
        ("s3://changji-documents", "changji-documents", ""),
    ],
)
def test_storage_url_names_the_bucket_and_prefix(url, bucket, prefix):
    store = storage.from_config({"STORAGE_URL": url, "UPLOAD_FOLDER": "unused"})
    assert (store.bucket, store.prefix) == (bucket, prefix)


@pytest.mark.parametrize("url", ["https://changji-documents/prod", "s3:///prod", "changji"])
def test_a_storage_url_that_is_not_a_bucket_is_refused(url):
    with pytest.raises(storage.BadStorageUrl):
        storage.from_config({"STORAGE_URL": url, "UPLOAD_FOLDER": "unused"})


def test_without_storage_url_documents_stay_in_the_folder(tmp_path):
    store = storage.from_config({"STORAGE_URL": None, "UPLOAD_FOLDER": str(tmp_path)})
    store.put("abc", b"data")
    assert (tmp_path / "abc").read_bytes() == b"data"
