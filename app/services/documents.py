"""Documents residents photograph or choose on their phone: checked by what they contain, never
by their name; images re-encoded so that location and every other piece of metadata is gone.

Files are kept in the document store (app/storage.py: a folder outside the web root,
`UPLOAD_FOLDER`, or a bucket of object storage, `STORAGE_URL`), under random names.
"""

import io
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, UnidentifiedImageError
from pillow_heif import register_heif_opener
from sqlalchemy import bindparam, select

from app import storage
from app.extensions import db
from app.models import Application, Document, User
from app.services import audit

register_heif_opener()

MAX_BYTES = 10 * 1024 * 1024
# A picture is refused above this many pixels before it is decoded: a few kilobytes can declare
# a picture of billions (a "decompression bomb"). A phone's 48- or 50-megapixel mode still
# passes (8160 x 6120); decoding that takes about 150 MB for a moment.
MAX_PIXELS = 50_000_000
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
            # Opening reads only the header: the size is known before a pixel is decoded.
            if _pixels(image, kind, data) > MAX_PIXELS:
                raise Refused("too_many_pixels", filename)
            return _reencoded(image, kind, filename)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard, at opening, for pictures far over its limit (a warning is an
        # error where warnings are errors, as in the tests).
        raise Refused("too_many_pixels", filename) from None
    # pillow-heif reports libheif's errors (its own size limits included) as RuntimeError, and
    # a stream that ends too soon as EOFError.
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, RuntimeError, EOFError):
        raise Refused("damaged", filename) from None


def _reencoded(image: Image.Image, kind: str, filename: str) -> Cleaned:
    """The picture's pixels written anew, upright, at most MAX_SIDE on its long side."""
    # A JPEG can be decoded at a half, a quarter or an eighth of its size: a big photo never
    # takes its full size in memory. (Other kinds ignore this.)
    image.draft(None, (MAX_SIDE, MAX_SIDE))
    # Scaled first, then turned the way the phone held it: a square box fits either way.
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    upright = _upright(image)
    out = io.BytesIO()
    # Saving writes only the pixels: no EXIF (GPS included), no text chunks, unless asked for.
    if kind == "png":
        upright.save(out, format="PNG", optimize=True)
        return Cleaned(out.getvalue(), "image/png", safe_name(filename, "png"))
    upright.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return Cleaned(out.getvalue(), "image/jpeg", safe_name(filename, "jpg"))


# How to turn a picture for each EXIF orientation, to show it the way the phone was held.
TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _upright(image: Image.Image) -> Image.Image:
    """The picture turned as its EXIF orientation says. (Pillow's ImageOps.exif_transpose
    also writes the EXIF block back, and fails on a broken one: we drop it anyway.)"""
    turn = TURNS.get(image.getexif().get(ExifTags.Base.Orientation))
    return image.transpose(turn) if turn else image


def _pixels(image: Image.Image, kind: str, data: bytes) -> int:
    """How many pixels decoding the picture takes. A HEIC's size as opened is after its crop
    and turn: the picture decoded before them is the largest it declares."""
    sizes = [image.size]
    if kind == "heic":
        sizes += heif_declared_sizes(data)
    return max(width * height for width, height in sizes)


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """The boxes of an ISO media file (HEIC's container) from start to end: each one's type,
    and where its content starts and ends. Stops at the first box that does not fit."""
    while start + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, start)
        header = 8
        if size == 1 and start + 16 <= end:  # a 64-bit size follows the type
            size, header = struct.unpack_from(">Q", data, start + 8)[0], 16
        elif size == 0:  # the box runs to the end
            size = end - start
        if size < header or start + size > end:
            return
        yield kind, start + header, start + size
        start += size


def heif_declared_sizes(data: bytes) -> list[tuple[int, int]]:
    """Every picture size a HEIF file declares (its `ispe` properties, a grid's whole size
    included), read from the container without decoding anything."""
    found = [(0, len(data))]
    for wanted in (b"meta", b"iprp", b"ipco", b"ispe"):
        found = [
            # `meta` and `ispe` start with a version and flags (4 bytes) before their content.
            (body + 4 if kind in (b"meta", b"ispe") else body, stop)
            for start, end in found
            for kind, body, stop in _boxes(data, start, end)
            if kind == wanted
        ]
    return [struct.unpack_from(">II", data, body) for body, stop in found if stop - body >= 8]


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
    storage.documents().put(key, cleaned.data)
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
    storage.documents().delete(document.storage_key)


def read(document: Document) -> bytes:
    return storage.read_all(storage.documents(), document.storage_key)


def open_to_serve(document: Document) -> storage.Opened:
    """The document's file opened to stream to a browser (the caller checked who asks)."""
    return storage.documents().open(document.storage_key)


# Built once: pages of an application ask for its documents on every view.
_OF_APPLICATION = select(Document).where(Document.application_id == bindparam("application_id"))


def for_application(application: Application) -> dict[int, Document]:
    documents = db.session.scalars(_OF_APPLICATION, {"application_id": application.id})
    return {d.id: d for d in documents}


def delete_files(keys: list[str]) -> None:
    """Deletes stored files whose rows are gone (their transaction committed first)."""
    store = storage.documents()
    for key in keys:
        store.delete(key)


def all_keys() -> Iterator[str]:
    """Every document's storage key, in batches (a migration or a check reads them all)."""
    return db.session.scalars(
        select(Document.storage_key).order_by(Document.id).execution_options(yield_per=1000)
    )
