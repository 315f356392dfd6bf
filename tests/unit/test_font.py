"""The self-hosted font subset (pwa/make_font.py) holds every Arabic-script letter each
catalogue writes, and the CSS sends those letters to it: a letter missing from the subset
would fall back to whatever font the phone has, or to an empty box."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from app.config import LANGUAGES, TRANSLATIONS

ROOT = Path(__file__).resolve().parents[2]
FONTS = sorted((ROOT / "static" / "fonts").glob("uyghur-*.woff2"))
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
RANGE = re.compile(r"U\+([0-9A-F]{4})(?:-([0-9A-F]{4}))?")
ARABIC_SCRIPT = [code for code, language in LANGUAGES.items() if language["dir"] == "rtl"]


def letters_written(code: str) -> set[str]:
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalogue = read_po(file)
    written = set()
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            written |= set(ARABIC.findall(string))
    return written


def unicode_range() -> set[int]:
    css = (ROOT / "static" / "css" / "app.css").read_text(encoding="utf-8")
    covered = set()
    for declaration in re.findall(r"unicode-range:([^;]+);", css):
        for start, end in RANGE.findall(declaration):
            covered |= set(range(int(start, 16), int(end or start, 16) + 1))
    return covered


@pytest.mark.parametrize("font", FONTS, ids=lambda path: path.name)
@pytest.mark.parametrize("code", ARABIC_SCRIPT)
def test_the_subset_has_every_letter_the_catalogue_writes(code, font):
    in_font = set(TTFont(font).getBestCmap())
    missing = sorted(letter for letter in letters_written(code) if ord(letter) not in in_font)
    assert missing == []


@pytest.mark.parametrize("code", ARABIC_SCRIPT)
def test_the_css_sends_every_letter_to_the_subset(code):
    missing = sorted(c for c in letters_written(code) if ord(c) not in unicode_range())
    assert missing == []


def test_the_kazakh_catalogue_writes_the_high_hamza_the_subset_has():
    assert "\u0674" in letters_written("kk_Arab_CN")
