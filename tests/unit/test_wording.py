"""Words residents read, checked in both catalogues: plain words instead of jargon, the
prefecture's terms, errors that say what is missing, and Uyghur and Chinese written as they
are written (suffixes, ordinals, the space between sentences)."""

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PROGRAMMES = ROOT / "app" / "programmes"


def translations(lang: str) -> dict[str, str]:
    """Every message id (singular) and each of its translations, joined."""
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalogue = read_po(f)
    found = {}
    for m in catalogue:
        if m.id:
            singular = m.id[0] if isinstance(m.id, tuple) else m.id
            found[singular] = " | ".join(m.string) if isinstance(m.string, tuple) else m.string
    return found


@pytest.mark.parametrize(("lang", "jargon"), [("zh", "cookie"), ("ug", "كۇكى")])
def test_no_entry_says_cookie(lang, jargon):
    said = [
        msgid
        for msgid, text in translations(lang).items()
        if jargon in text.lower() or "cookie" in text.lower()
    ]
    assert said == []


def test_chinese_sentences_follow_each_other_without_a_space():
    end_then_space = re.compile(r"[。\uff1f\uff01；] ")  # full-width . ? ! ;
    spaced = [text for text in translations("zh").values() if end_then_space.search(text)]
    assert spaced == []


def test_uyghur_suffixes_join_the_placeholder_or_number_before_them():
    """`%(num)s-`, `%(name)s-نىڭ`, `%(programme)sنىڭ`, `0-نى`, `«ھەئە»نى`: never a suffix
    standing alone."""
    suffix = r"(?:نىڭ|نى|دىن|تىن|دا|دە|تا|تە|غا|قا|گە|كە|گىچە|غىچە|قىچە|كىچە)"
    alone = re.compile(r"(?:%\(\w+\)s|\d|MB|») " + suffix + r"(?=[\s.,،:؟|]|$)")
    assert [text for text in translations("ug").values() if alone.search(text)] == []


def test_uyghur_ordinals_come_before_the_word():
    assert translations("ug")["Household member %(num)s"] == "%(num)s-ئائىلە ئەزاسى"


def test_uyghur_uses_the_glossarys_terms():
    ug = translations("ug")
    assert "ئالدىن بەلگىلە" in ug["Apply for aid and book services for disabled residents."]
    assert ug["Job fair"] == "خىزمەت يەرمەنكىسى"
    older_words = ("زاكاز", "خىزمەتچى قوبۇل قىلىش يىغىن")
    assert [t for t in ug.values() if any(word in t for word in older_words)] == []


def yes_no_errors() -> list[str]:
    """The error of every yes/no question in the programme definitions and the checker."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "yes_no" and "required" in node:
                found.append(node["required"])
            if "add_required" in node:
                found.append(node["add_required"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in PROGRAMMES.glob("*.toml"):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return found


def test_the_walk_finds_the_yes_no_questions():
    assert "Select whether you have a business licence" in yes_no_errors()
    assert len(yes_no_errors()) >= 6


@pytest.mark.parametrize(
    ("lang", "asks", "as_if_only_yes"),
    [("zh", "是否", "“是”"), ("ug", "تاللاڭ", "«ھەئە»")],
)
def test_a_yes_no_error_says_what_is_missing_not_which_answer(lang, asks, as_if_only_yes):
    """ "Select whether...", never "Select yes if...": either answer is allowed."""
    translated = translations(lang)
    problems = [
        error
        for error in yes_no_errors()
        if not error.startswith("Select whether")
        or asks not in translated[error]
        or as_if_only_yes in translated[error]
    ]
    assert problems == []
