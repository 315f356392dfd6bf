"""A backup the restore drill can check: the PostgreSQL database dumped with pg_dump (custom
format), every document copied from the store (folder or bucket), and a manifest of each file's
SHA-256. `flask backup DIR` makes one; `flask restore DIR` puts it into an empty database and
a store, checking every document against the manifest. docs/operations.md says when and how.

The backup holds no key: what DATA_KEYS and INDEX_KEYS encrypted stays encrypted in the dump,
and the keys are kept elsewhere (docs/operations.md, "Keys").
"""

import hashlib
import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import make_url, text

from app import storage
from app.clock import utcnow
from app.extensions import db
from app.services import documents as document_store

DUMP = "database.dump"
DOCUMENTS = "documents"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """What stops a backup or a restore, said for the operator."""


@dataclass
class Figures:
    documents: storage.Copied
    database_bytes: int
    seconds: float
    # After a restore: documents the database names that the backup did not hold (deleted
    # while the backup ran, most likely; or lost).
    not_in_backup: list[str] = field(default_factory=list)

    def summary(self, verb: str) -> str:
        return (
            f"Database {self.database_bytes / 1024 / 1024:.1f} MB {verb}; "
            f"{len(self.documents.hashes)} documents ({self.documents.bytes / 1024 / 1024:.1f} MB, "
            f"{self.documents.copied} copied, {self.documents.already_there} already there), "
            f"each checked by SHA-256; {self.seconds:.1f} s."
        )


def _postgres() -> tuple[str, dict[str, str]]:
    """The database as pg_dump and pg_restore take it: a libpq URI without the password, which
    goes in their environment instead (never on a command line, where `ps` shows it)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        raise BackupError(
            "Backups dump PostgreSQL (DATABASE_URL). The SQLite demo is one file in instance/."
        )
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(storage.CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _linked_from_previous(previous: Path | None, keys: list[str], into: Path) -> dict[str, str]:
    """Documents the previous backup holds, checked against its manifest, hard-linked into
    this one instead of read again from the store: documents never change once kept (each has
    a new random name). Each backup folder stays whole on its own, and deleting an old one
    frees only what no other holds. Returns each linked key with its SHA-256."""
    if previous is None:
        return {}
    try:
        before = json.loads((previous / MANIFEST).read_text())["documents"]
    except FileNotFoundError:  # the first night
        return {}
    into.mkdir(parents=True, exist_ok=True)
    linked = {}
    for key in keys:
        kept = previous / DOCUMENTS / key
        if key in before and kept.is_file() and sha256_of_file(kept) == before[key]:
            if not (into / key).exists():
                os.link(kept, into / key)
            linked[key] = before[key]
    return linked


def backup(folder: Path, previous: Path | None = None) -> Figures:
    """Dumps the database into `folder`, then copies the documents beside it, each read back
    and hashed. With `previous` (last night's backup folder), a document it holds is linked
    from there, not read from the store again. The figures name any document that did not copy
    right (Copied.failed)."""
    started = time.monotonic()
    uri, env = _postgres()
    folder.mkdir(parents=True, exist_ok=True)
    dump = folder / DUMP
    # The dump first: a document kept while the copy runs is copied too, without its row (no
    # harm); the other way round, a row could name a document the backup lacks.
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", uri], env)
    store = storage.documents()
    keys = list(store.stored_keys())
    target = storage.FolderStore(folder / DOCUMENTS)
    linked = _linked_from_previous(previous, keys, folder / DOCUMENTS)
    copied = storage.copy_checked(store, target, [key for key in keys if key not in linked])
    copied.already_there += len(linked)
    copied.hashes.update(linked)
    copied.bytes += sum((folder / DOCUMENTS / key).stat().st_size for key in linked)
    # A document deleted between the listing and its copy is simply not in the backup.
    copied.missing.clear()
    manifest = {
        "made_at": utcnow().isoformat(),
        "database": {"file": DUMP, "sha256": sha256_of_file(dump)},
        "documents": copied.hashes,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return Figures(copied, dump.stat().st_size, time.monotonic() - started)


def _tables_in_database() -> int:
    return db.session.execute(
        text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
    ).scalar_one()


def restore(folder: Path) -> Figures:
    """Restores a backup into the app's database, which must be empty (a new one: a restore
    never overwrites), and its document store; every file is checked against the manifest,
    and the figures name any document missing, damaged or read back different."""
    started = time.monotonic()
    uri, env = _postgres()
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"No {MANIFEST} in {folder}: not a backup, or not finished") from None
    dump = folder / manifest["database"]["file"]
    if sha256_of_file(dump) != manifest["database"]["sha256"]:
        raise BackupError(f"{dump} is not the file the backup made (its SHA-256 differs)")
    if _tables_in_database():
        raise BackupError("The database is not empty: restore into a new database")
    db.session.rollback()  # no transaction left open beside pg_restore's
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={uri}",
            str(dump),
        ],
        env,
    )
    documents = manifest["documents"]
    copied = storage.copy_checked(
        storage.FolderStore(folder / DOCUMENTS), storage.documents(), list(documents), documents
    )
    not_in_backup = [key for key in document_store.all_keys() if key not in documents]
    return Figures(copied, dump.stat().st_size, time.monotonic() - started, not_in_backup)
