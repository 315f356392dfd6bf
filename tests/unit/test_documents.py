"""Files are checked by what they contain, and photos leave without their metadata."""

import io

import pytest
from PIL import Image

from app.services.documents import MAX_BYTES, Refused, clean, sniff
from tests.fixtures import files


def reason(data: bytes, name: str = "photo.jpg") -> str:
    with pytest.raises(Refused) as raised:
        clean(data, name)
    return raised.value.reason


def test_a_jpeg_loses_its_location_and_camera_and_is_turned_upright():
    original = files.photo_jpeg(size=(64, 48))
    assert b"PhoneMaker" in original
    cleaned = clean(original, "IMG_0001.JPG")
    assert cleaned.content_type == "image/jpeg"
    assert cleaned.filename == "IMG_0001.jpg"
    assert b"Exif" not in cleaned.data and b"PhoneMaker" not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert dict(image.getexif()) == {}
        assert image.size == (48, 64)  # the orientation tag was applied, then dropped


def test_a_png_loses_its_text_and_exif():
    cleaned = clean(files.photo_png(), "scan.png")
    assert cleaned.content_type == "image/png"
    assert b"Wang Jun" not in cleaned.data and b"eXIf" not in cleaned.data


def test_a_heic_photo_becomes_a_jpeg_without_metadata():
    original = files.photo_heic()
    assert sniff(original[:16]) == "heic"
    cleaned = clean(original, "IMG_0002.HEIC")
    assert cleaned.content_type == "image/jpeg"
    assert cleaned.filename == "IMG_0002.jpg"
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert image.format == "JPEG" and dict(image.getexif()) == {}


def test_a_pdf_is_kept_as_it_is():
    cleaned = clean(files.pdf(), "letter.pdf")
    assert cleaned.content_type == "application/pdf" and cleaned.data == files.pdf()


def test_the_name_does_not_decide_the_type():
    assert reason(files.disguised(), "photo.jpg") == "wrong_type"
    # A real photo with a wrong name is still a photo.
    assert clean(files.photo_jpeg(), "document.pdf").content_type == "image/jpeg"


def test_a_damaged_photo_or_pdf_is_refused():
    assert reason(files.corrupt_jpeg()) == "damaged"
    assert reason(files.pdf()[:-8], "letter.pdf") == "damaged"


def test_size_limits():
    assert reason(b"") == "empty"
    assert reason(b"\xff\xd8\xff" + b"0" * MAX_BYTES) == "too_large"


def test_huge_photos_are_scaled_down():
    cleaned = clean(files.photo_jpeg(size=(4000, 100)), "wide.jpg")
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert max(image.size) == 3000
