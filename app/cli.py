"""flask commands: `flask demo-data` loads residents and applications to try the service with."""

from pathlib import Path

import click
from flask import Flask
from sqlalchemy import select

from app import backups, encryption, sessions, storage
from app.demo import (
    DEMO_FAMILY_MOBILE,
    DEMO_MOBILE,
    link_demo_family,
    load_demo_data,
    load_demo_services,
)
from app.extensions import db
from app.listen import ahead, recordings
from app.models import Role, User
from app.services import bookings, closing, data_keys, messaging, notifications, passkeys, staff
from app.services import documents as document_store
from app.services.sms import receipts


def init_app(app: Flask) -> None:
    @app.cli.command("demo-data")
    def demo_data() -> None:
        """Load demo residents and applications (once; running it again changes nothing)."""
        if load_demo_data():
            click.echo(f"Demo data loaded. Sign in with {DEMO_MOBILE}.")
        else:
            click.echo("Demo data is already there.")
        resident = db.session.scalars(select(User).where(User.mobile == DEMO_MOBILE)).one()
        link_demo_family(resident)
        if load_demo_services():
            click.echo("Stations, times, devices and events loaded in the seven districts.")
        click.echo(f"His wife signs in with {DEMO_FAMILY_MOBILE} and may act for him.")
        token = staff.invite(None, "演示管理员", Role.ADMIN)
        origin = app.config["WEBAUTHN_ORIGIN"]
        click.echo(f"An administrator's invitation (passkeys need {origin}):")
        click.echo(f"  {origin}/staff/invitations/{token}")

    @app.cli.command("recordings")
    def make_recordings() -> None:
        """Make the recordings of every question read aloud (in Uyghur), ahead of the first
        resident who asks; each is made once, so running it again makes only what is new."""
        if not recordings.available():
            raise click.ClickException(
                "Install espeak-ng and lame (apt-get install espeak-ng lame)"
            )
        made = ahead.make_all()
        click.echo(
            f"{made.recordings} recordings, {made.bytes / 1024:.0f} KB; "
            f"{made.made_now} made now in {made.seconds:.1f} s."
        )

    @app.cli.command("send-reminders")
    def send_reminders() -> None:
        """Send the reminders that are due, and messages about decisions that could not be sent
        at once, each after its pause (run it every few minutes from cron)."""
        click.echo(f"{bookings.send_due_reminders()} reminders sent.")
        click.echo(f"{notifications.send_unsent()} messages about applications sent.")

    @app.cli.command("sms-receipts")
    def sms_receipts() -> None:
        """Ask the SMS provider whether the phones got the messages sent lately, and keep its
        answers (run it every few minutes from cron, after send-reminders)."""
        delivered, failed = receipts.collect(messaging.sender())
        click.echo(f"{delivered} delivered, {failed} failed.")

    @app.cli.command("purge")
    def purge() -> None:
        """Delete what has passed its time (run it daily from cron): ended sessions, unanswered
        passkey challenges, old sign-in codes and family requests, and closed accounts'
        decided applications once their period is over."""
        counts = {
            "ended sessions": sessions.purge(),
            "passkey challenges": passkeys.purge_challenges(),
            **closing.purge(),
        }
        for what, count in counts.items():
            click.echo(f"{what} deleted: {count}")

    @app.cli.command("rotate-data-key")
    @click.option("--batch", default=1000, show_default=True, help="Rows changed per commit.")
    def rotate_data_key(batch: int) -> None:
        """After putting a new key first in DATA_KEYS or INDEX_KEYS on every server: re-encrypt
        what older keys wrote and recompute the ID number index (safe to stop and run again)."""
        done = data_keys.rotate(batch)
        cipher, index = encryption.cipher(), encryption.blind_index()
        click.echo(
            f"{done.applications} applications and {done.accounts} accounts brought to data key "
            f"{cipher.current_id!r} and index key {index.current_id!r}."
        )

    @app.cli.command("invite-staff")
    @click.option("--name", required=True, help="The person's full name.")
    @click.option(
        "--role", type=click.Choice([r.value for r in Role if r.is_staff]), default="admin"
    )
    @click.option("--district", help="A caseworker's district, such as changji.")
    @click.option("--station", help="A station worker's station.")
    def invite_staff(name: str, role: str, district: str | None, station: str | None) -> None:
        """Print a one-time link that makes whoever opens it staff (the first administrator)."""
        token = staff.invite(None, name, Role(role), district=district, station=station)
        click.echo(f"{app.config['WEBAUTHN_ORIGIN']}/staff/invitations/{token}")

    @app.cli.command("documents-to-bucket")
    @click.option(
        "--from-folder",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        help="The folder the documents are in (default: UPLOAD_FOLDER).",
    )
    def documents_to_bucket(from_folder: Path | None) -> None:
        """Copy every document from the folder into the bucket STORAGE_URL names, each checked
        by its SHA-256 read back from the bucket. Safe to run again: what is there already, the
        same, is left as it is. The folder is not changed."""
        target = storage.documents()
        if not isinstance(target, storage.BucketStore):
            raise click.ClickException(
                "Set STORAGE_URL=s3://bucket/prefix: the bucket to copy into"
            )
        source = storage.FolderStore(from_folder or app.config["UPLOAD_FOLDER"])
        done = storage.copy_checked(source, target, document_store.all_keys())
        click.echo(
            f"{done.copied} documents copied and {done.already_there} already there, "
            f"{done.bytes / 1024 / 1024:.1f} MB checked by SHA-256."
        )
        report_failures(done)

    @app.cli.command("backup")
    @click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
    @click.option(
        "--previous",
        type=click.Path(file_okay=False, path_type=Path),
        help="Last night's backup folder: the documents it holds are linked, not read again.",
    )
    def backup(folder: Path, previous: Path | None) -> None:
        """Back up the database (pg_dump) and every document into FOLDER, with a manifest of
        SHA-256 hashes. No key goes with it: keep DATA_KEYS and INDEX_KEYS apart."""
        try:
            figures = backups.backup(folder, previous)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(figures.summary("dumped"))
        report_failures(figures.documents)

    @app.cli.command("restore")
    @click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
    def restore(folder: Path) -> None:
        """Restore a backup made by `flask backup` into an empty database (DATABASE_URL) and the
        document store, checking every document against the manifest."""
        try:
            figures = backups.restore(folder)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(figures.summary("restored"))
        for key in figures.not_in_backup:
            click.echo(f"named by the database, not in the backup: {key}", err=True)
        report_failures(figures.documents)


def report_failures(done: storage.Copied) -> None:
    """Names each document key that did not copy (random names, nothing personal); fails."""
    for what, keys in (
        ("missing", done.missing),
        ("damaged (not as the manifest says)", done.damaged),
        ("read back different", done.mismatched),
    ):
        for key in keys:
            click.echo(f"{what}: {key}", err=True)
    if done.failed:
        raise click.ClickException(
            f"{len(done.missing)} missing, {len(done.damaged)} damaged, "
            f"{len(done.mismatched)} read back different"
        )
