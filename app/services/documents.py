"""Documents residents photograph or choose on their phone: checked by what they contain, never
by their name; images re-encoded so that location and every other piece of metadata is gone.

Files are kept in the document store (a folder outside the web root, `UPLOAD_FOLDER`; several
servers share it by mounting the same storage), under random names.
"""

import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener
from sqlalchemy import select

from app.extensions import db
from app.models import Application, Document, User
from app.services import audit

register_heif_opener()

MAX_BYTES = 10 * 1024 * 1024
# Photos larger than this on their long side are scaled down: still sharp enough to read.
MAX_SIDE = 3000
JPEG_QUALITY = 85


class Refused(Exception):
    """A file we can not take, with the reason as a short code for the message."""

    def __init__(self, reason: str, filename: str):
        super().__init__(reason)
        self.reason = reason
        self.filename = filename


@dataclass(frozen=True)
class Cleaned:
    """A file that passed the checks, ready to keep: its bytes and the name to show it by."""

    data: bytes
    content_type: str
    filename: str


def sniff(head: bytes) -> str | None:
    """The kind of file by its first bytes: jpeg, png, pdf or heic; None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head[4:8] == b"ftyp" and head[8:12] in {
        b"heic",
        b"heix",
        b"hevc",
        b"heim",
        b"mif1",
        b"msf1",
    }:
        return "heic"
    return None


def clean(data: bytes, filename: str) -> Cleaned:
    """Checks a file and returns what we keep: images re-encoded without metadata, PDFs as
    they are once they look whole. Raises Refused with the reason."""
    if len(data) > MAX_BYTES:
        raise Refused("too_large", filename)
    if not data:
        raise Refused("empty", filename)
    kind = sniff(data[:16])
    if kind is None:
        raise Refused("wrong_type", filename)
    if kind == "pdf":
        if b"%%EOF" not in data[-2048:]:
            raise Refused("damaged", filename)
        return Cleaned(data, "application/pdf", safe_name(filename, "pdf"))
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            # Turn the picture the way the phone held it, then drop every tag (GPS included).
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            # Saving writes only the pixels: no EXIF, no text chunks, unless asked for.
            if kind == "png":
                upright.save(out, format="PNG", optimize=True)
                return Cleaned(out.getvalue(), "image/png", safe_name(filename, "png"))
            upright.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
            return Cleaned(out.getvalue(), "image/jpeg", safe_name(filename, "jpg"))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise Refused("damaged", filename) from None


def _store() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def safe_name(filename: str | None, extension: str) -> str:
    """A name to show the resident their file by: theirs, shortened, with the right ending."""
    stem = Path(filename or "").stem.strip()[:80] or "document"
    return f"{stem}.{extension}"


def check(upload) -> Cleaned:
    """Reads an uploaded file (a werkzeug FileStorage) and checks it; raises Refused."""
    return clean(upload.read(MAX_BYTES + 1), upload.filename or "")


def keep(
    application: Application,
    field: str,
    cleaned: Cleaned,
    actor: User | None,
    event_id: int | None = None,
) -> Document:
    """Stores a checked file for an application. The caller commits, with the answer or the
    step that refers to it."""
    key = secrets.token_hex(16)
    (_store() / key).write_bytes(cleaned.data)
    document = Document(
        application_id=application.id,
        resident_id=application.resident_id,
        uploaded_by_id=actor.id if actor else application.resident_id,
        field=field,
        event_id=event_id,
        filename=cleaned.filename,
        content_type=cleaned.content_type,
        size=len(cleaned.data),
        storage_key=key,
    )
    db.session.add(document)
    db.session.flush()
    audit.record(
        actor=actor, resident=application.resident, action="document.added", subject=document
    )
    return document


def forget(document: Document) -> None:
    """Deletes a document a resident took back from a draft: its row, then its file."""
    db.session.delete(document)
    (_store() / document.storage_key).unlink(missing_ok=True)


def read(document: Document) -> bytes:
    return (_store() / document.storage_key).read_bytes()


def for_application(application: Application) -> dict[int, Document]:
    documents = db.session.scalars(
        select(Document).where(Document.application_id == application.id)
    )
    return {d.id: d for d in documents}


def delete_files(keys: list[str]) -> None:
    """Deletes stored files whose rows are gone (their transaction committed first)."""
    for key in keys:
        (_store() / key).unlink(missing_ok=True)
