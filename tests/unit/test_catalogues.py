"""Both languages are complete: every message translated, none fuzzy, placeholders intact,
and the catalogues hold every message the code and templates use."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.config import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|%d")
TAG = re.compile(r"</?\w+[^>]*>")


def catalogue(lang: str):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f)


def messages(lang: str):
    return [m for m in catalogue(lang) if m.id]


def forms(message) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return ids, strings


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    missing = [m.id for m in messages(lang) if m.fuzzy or not all(forms(m)[1])]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_placeholders_and_add_no_markup(lang):
    problems = []
    for message in messages(lang):
        ids, strings = forms(message)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if sorted(PLACEHOLDER.findall(string)) != wanted or TAG.search(string):
                problems.append((ids[0], string))
    assert problems == []


ARABIC_SCRIPT = [code for code, language in LANGUAGES.items() if language["dir"] == "rtl"]


@pytest.mark.parametrize("lang", ARABIC_SCRIPT)
def test_uyghur_and_kazakh_are_written_in_arabic_script(lang):
    latin_words = re.compile(r"\b[A-Za-z]{3,}\b")
    allowed = {"WCAG", "TalkBack", "VoiceOver", "NVDA", "CAPTCHA", "JPEG", "PNG", "HEIC", "PDF"}
    allowed |= {"Arab", "CSV", "Excel"}  # the catalogue's own BCP 47 tag (kk-Arab-CN); names
    problems = []
    for message in messages(lang):
        for string in forms(message)[1]:
            text = PLACEHOLDER.sub("", string)
            if set(latin_words.findall(text)) - allowed:
                problems.append(string)
    assert problems == []


def test_catalogues_hold_every_message_in_the_code(tmp_path):
    """Extracts the messages afresh and compares: a new string must reach the catalogues."""
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "in_default_language",
            "--no-location",
            "-o",
            str(template),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(template, "rb") as f:
        in_code = {m.id for m in read_po(f) if m.id}
    for lang in LANGUAGES:
        in_catalogue = {m.id for m in messages(lang)}
        assert sorted(in_code - in_catalogue, key=str) == [], (
            f"missing from {lang}: run make extract"
        )
        obsolete = in_catalogue - in_code
        assert sorted(obsolete, key=str) == [], f"no longer used in {lang}: run make extract"


@pytest.mark.parametrize("word", ["Change", "Continue your application", "Remove", "Apply"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_accessible_names_contain_the_visible_words(lang, word):
    """A link reading "Change" whose accessible name is "Change full name" must contain the
    visible word in each language, or speech users can not say it to click it."""
    by_id = {m.id: m.string for m in messages(lang)}
    longer = {
        "Change": "Change %(what)s",
        "Continue your application": "Continue your application: %(programme)s",
        "Remove": "Remove %(name)s",
        "Apply": "Apply for %(programme)s",
    }
    assert by_id[word] in by_id[longer[word]]


# Kazakh in Arabic script as Kazakhs in China write it (docs/translating.md): a front-vowel word
# begins with the high hamza, unless it holds one of the letters only such words have; no letter
# of Uyghur's that Kazakh lacks; the precomposed hamza letters are not used in running text.
HIGH_HAMZA = "\u0674"
WORD = re.compile(r"[\u0621-\u064a\u0674-\u06d5]+")
NOT_KAZAKH = re.compile("[\u0626\u06d0\u06c8\u0675-\u0678]")  # ئ ې ۈ ٵ ٶ ٷ ٸ


def test_kazakh_follows_its_own_spelling():
    problems = []
    for message in messages("kk_Arab_CN"):
        for string in forms(message)[1]:
            if NOT_KAZAKH.search(string):
                problems.append(("a letter Kazakh does not write", string))
            for word in WORD.findall(string):
                if HIGH_HAMZA in word[1:]:
                    problems.append(("the hamza inside a word", word))
                if word.startswith(HIGH_HAMZA) and set(word) & set("كگە"):
                    problems.append(("the hamza before a word with ك, گ or ە", word))
    assert problems == []
