"""The definition loader and checker: every programme loads; each kind of mistake stops with
a message naming the file and the place."""

import shutil
import textwrap
from pathlib import Path

import pytest

from app.config import LANGUAGES
from app.programmes.definitions import (
    FOLDER,
    DefinitionError,
    check_all,
    check_translations,
    load_all,
    texts_in,
)
from app.programmes.extract import extract

ROOT = Path(__file__).resolve().parents[3]
TRANSLATIONS = ROOT / "translations"
LANGS = list(LANGUAGES)

GOOD = """
code = "test-programme"
title = "One-off startup subsidy"
summary = "A payment once, to help a business of your own get going."
payment = "one-off"

[start]
lead = "Who can apply"

[[eligibility]]
fact = "grade"
in = ["1", "2"]
yes = "You have a disability certificate."
no = "You need a disability certificate. Your county federation can help you get one."

[[pages]]
use = "full_name"

[[pages]]
name = "has_licence"
type = "yes_no"
label = "Do you have a business licence?"
required = "Select yes if you have a business licence"

[[pages]]
name = "licence_code"
type = "credit_code"
when = { has_licence = "yes" }
label = "What is the unified social credit code on your business licence?"
required = "Enter the unified social credit code on your business licence"
"""


@pytest.fixture
def folder(tmp_path):
    """A programmes folder with the shared files and one programme, to break in each test."""
    for name in ("_common.toml", "_checker.toml"):
        shutil.copy(FOLDER / name, tmp_path / name)
    (tmp_path / "test.toml").write_text(GOOD)
    return tmp_path


def broken(folder: Path, old: str, new: str) -> str:
    """Writes the programme with `old` replaced by `new` and returns the loader's complaint."""
    text = GOOD.replace(old, new)
    assert text != GOOD, f"{old!r} not in the definition"
    (folder / "test.toml").write_text(text)
    with pytest.raises(DefinitionError) as raised:
        check_all(folder, TRANSLATIONS, LANGS)
    return str(raised.value)


def test_every_programme_of_the_service_loads_with_its_translations():
    programmes = check_all(FOLDER, TRANSLATIONS, LANGS)
    assert len(programmes) == 7
    assert programmes[0].code == "startup-subsidy"
    assert len({p.code for p in programmes}) == 7


def test_a_good_definition_loads(folder):
    (programme,) = load_all(folder)
    assert [p.slug for p in programme.pages] == ["full-name", "has-licence", "licence-code"]
    assert programme.pages[2].when.holds({"has_licence": "yes"})
    assert not programme.pages[2].when.holds({"has_licence": "no"})


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        (
            'type = "yes_no"',
            'type = "yesno"',
            "test.toml: pages[1].type: unknown question type 'yesno'",
        ),
        (
            'when = { has_licence = "yes" }',
            'when = { licence = "yes" }',
            "test.toml: pages[2].when: names 'licence', which no earlier question asks",
        ),
        (
            'use = "full_name"',
            'use = "fullname"',
            "test.toml: pages[0].use: uses 'fullname', which _common.toml does not define",
        ),
        (
            'label = "Do you have a business licence?"',
            'lable = "Do you have a business licence?"',
            "test.toml: pages[1]: unknown key 'lable'",
        ),
        (
            'required = "Select yes if you have a business licence"\n',
            "",
            "test.toml: pages[1].required: must say what to do when the question is left out",
        ),
        (
            'fact = "grade"',
            'fact = "shoe_size"',
            "test.toml: eligibility[0]: the fact 'shoe_size' is neither asked nor known",
        ),
        (
            'payment = "one-off"',
            'payment = "weekly"',
            "test.toml: payment: must be one of one-off, monthly, service",
        ),
        (
            'code = "test-programme"',
            'code = "Test Programme"',
            "test.toml: code: must be lower case letters, digits and -",
        ),
        (
            'name = "licence_code"',
            'name = "has_licence"',
            "the answer name 'has_licence' is used twice",
        ),
        ("[[pages]]\nuse", "[[pages]\nuse", "test.toml: not valid TOML"),
    ],
    ids=[
        "unknown type",
        "condition on a missing question",
        "unknown shared page",
        "misspelt key",
        "no required message",
        "unknown fact",
        "unknown payment",
        "bad code",
        "name twice",
        "bad TOML",
    ],
)
def test_mistakes_name_the_file_and_the_place(folder, old, new, complaint):
    assert complaint in broken(folder, old, new)


def test_a_condition_on_a_later_question_is_refused(folder):
    # Moving the condition to the first page: it names a question not asked yet.
    text = GOOD.replace(
        '[[pages]]\nuse = "full_name"',
        '[[pages]]\nuse = "full_name"\nwhen = { has_licence = "yes" }',
    )
    (folder / "test.toml").write_text(text)
    with pytest.raises(DefinitionError, match=r"pages\[0\]\.when: names 'has_licence'"):
        load_all(folder)


def test_a_text_without_translation_is_refused(folder):
    complaint = broken(
        folder, 'label = "Do you have a business licence?"', 'label = "Do you own a camel?"'
    )
    assert (
        "test.toml: pages[1].label: the text 'Do you own a camel?' has no zh translation"
        in complaint
    )


def test_a_group_needs_its_item_number(folder):
    group = textwrap.dedent("""
        [[pages]]
        name = "household"
        type = "group"
        label = "Who lives with you?"
        item = "Household member"
        add_another = "Do you need to add another household member?"
        add_required = "Select yes if you need to add another household member"
        too_few = "Add at least one household member"
        [[pages.fields]]
        name = "member_name"
        type = "text"
        label = "Full name"
    """)
    (folder / "test.toml").write_text(GOOD + group)
    with pytest.raises(DefinitionError, match=r"pages\[3\]\.item: must contain %\(num\)s"):
        load_all(folder)
    (folder / "test.toml").write_text(
        GOOD + group.replace('"Household member"', '"Household member %(num)s"')
    )
    (programme,) = load_all(folder)
    assert programme.pages[3].group.min == 1


def test_the_extractor_finds_every_text_with_its_place(folder):
    with open(folder / "test.toml", "rb") as f:
        found = list(extract(f, [], [], {}))
    texts = {message for _, _, message, _ in found}
    assert "Do you have a business licence?" in texts
    assert "Select yes if you have a business licence" in texts
    assert "has_licence" not in texts and "yes" not in texts  # names and values are not texts
    line, _, _, comments = next(
        item for item in found if item[2] == "Do you have a business licence?"
    )
    assert comments == ["pages[1].label"]
    assert GOOD.splitlines()[line - 1].startswith("label = ")


def test_the_translation_check_reads_every_definition_file():
    # The shared files' texts are checked too, not only the programmes'.
    places = {
        place for place, _ in texts_in({"pages": [{"label": "x", "hint": "y", "when": {"a": "b"}}]})
    }
    assert places == {"pages[0].label", "pages[0].hint"}
    check_translations(FOLDER, TRANSLATIONS, LANGS)


def test_the_check_command_lists_every_programme(app):
    result = app.test_cli_runner().invoke(args=["programmes", "check"])
    assert result.exit_code == 0
    assert "living_allowance.toml: living-allowance" in result.output
    assert "Every programme definition is correct." in result.output


def test_the_service_does_not_start_with_a_wrong_definition(folder):
    from app import create_app

    (folder / "test.toml").write_text(GOOD.replace('type = "yes_no"', 'type = "yesno"'))
    with pytest.raises(SystemExit) as stopped:
        create_app({"PROGRAMMES_FOLDER": str(folder), "TESTING": True})
    assert "test.toml: pages[1].type: unknown question type 'yesno'" in str(stopped.value)
