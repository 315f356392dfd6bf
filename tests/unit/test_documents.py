"""Files are checked by what they contain, and photos leave without their metadata."""

import contextlib
import io

import pytest
from PIL import Image

from app.services.documents import MAX_BYTES, MAX_PIXELS, Refused, clean, sniff
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


@pytest.mark.parametrize(
    "data",
    [
        files.grey_png(8000, 8000),  # whole and valid: 64 million pixels in 60 KB
        files.grey_png(10_000, 10_000, rows=1),  # over Pillow's warning limit
        files.grey_png(100_000, 100_000, rows=1),  # over Pillow's error limit
        files.jpeg_declaring(8000, 8000),
        files.jpeg_declaring(60_000, 60_000),
        files.heic_declaring(8000, 8000),
        files.heic_declaring(100_000, 100_000),  # over libheif's own limit
    ],
    ids=["png", "png-100M", "png-10G", "jpeg", "jpeg-3.6G", "heic", "heic-10G"],
)
def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(data):
    assert reason(data, "photo.png") == "too_many_pixels"


def test_the_pixel_limit_lets_a_phones_largest_photos_through():
    assert MAX_PIXELS >= 8160 * 6120  # a 50-megapixel camera
    assert clean(files.grey_png(8160, 6120), "big.png").content_type == "image/png"


PHOTOS = {"jpeg": files.photo_jpeg, "png": files.photo_png, "heic": files.photo_heic}


@pytest.mark.filterwarnings("ignore:.*EXIF|Tag data|Truncated File:UserWarning")
@pytest.mark.parametrize("kind", sorted(PHOTOS))
def test_a_photo_damaged_anywhere_in_its_headers_is_refused_never_an_error(kind):
    """Each byte of a photo's first 600 changed in turn: kept or refused, never an error (a
    500 for the resident). A broken EXIF block makes Pillow warn, which does no harm."""
    original = PHOTOS[kind]()
    for place in range(8, min(len(original), 600)):
        for value in (0x00, 0xFF):
            data = bytearray(original)
            data[place] = value
            with contextlib.suppress(Refused):
                clean(bytes(data), "photo")


def test_a_big_jpeg_is_scaled_down_like_any_photo():
    cleaned = clean(files.photo_jpeg(size=(6400, 4800)), "big.jpg")
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert image.size == (2250, 3000)  # turned upright, long side 3000
