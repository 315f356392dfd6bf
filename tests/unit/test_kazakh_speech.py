"""Kazakh questions are read aloud by espeak-ng's Kazakh voice, which reads Cyrillic only: every
letter of the Arabic-based alphabet has its Cyrillic reading, in back- and front-vowel words,
and every question of every programme comes out with no Arabic letter left."""

import re
import shutil
import subprocess

import pytest
from flask_babel import force_locale

from app.listen import voices
from app.listen.ahead import _question_texts
from app.listen.kazakh import to_cyrillic

ARABIC = re.compile(r"[\u0600-\u06ff]")

# Each consonant between two back vowels (ا…ا), then between two front ones (ٴا…ا: ә…ә).
CONSONANTS = {
    "ب": "б", "پ": "п", "ت": "т", "ج": "ж", "چ": "ч", "ح": "х", "د": "д", "ر": "р",
    "ز": "з", "س": "с", "ش": "ш", "ع": "ғ", "ف": "ф", "ق": "қ", "ل": "л", "م": "м",
    "ن": "н", "ھ": "һ", "ۆ": "в", "ۋ": "у", "ڭ": "ң",
}  # fmt: skip


@pytest.mark.parametrize("letter", CONSONANTS)
def test_every_consonant_has_its_cyrillic_reading(letter):
    assert to_cyrillic(f"ا{letter}ا") == f"а{CONSONANTS[letter]}а"
    if letter not in "قع":  # қ and ғ go with back vowels only
        assert to_cyrillic(f"ٴا{letter}ا") == f"ә{CONSONANTS[letter]}ә"


def test_each_vowel_letter_is_back_or_front_by_the_word():
    assert to_cyrillic("اتا ونى ۇلى قىز") == "ата оны ұлы қыз"
    # The high hamza marks a front-vowel word; ك, گ and ە need no mark.
    assert to_cyrillic("ٴبىز ٴوتىنىش ٴۇي") == "біз өтініш үй"
    assert to_cyrillic("كومەك مۇگەدەك ەلى") == "көмек мүгедек елі"
    # The precomposed letters some keyboards type for the hamza and a vowel.
    assert to_cyrillic("ٵدەت ٶمىر ٷي ٸز") == "әдет өмір үй із"


def test_k_g_e_y_and_loanwords():
    assert to_cyrillic("كىرۋ كىلتى") == "кіру кілті"
    assert to_cyrillic("ايماق ٴۇيى ياعني") == "аймақ үйі йағни"
    # қ beside a vowel makes it back even in a word with е: қызмет, жәрдемақы
    assert to_cyrillic("قىزمەت جاردەماقى") == "қызмет жәрдемақы"


def test_numbers_punctuation_and_other_scripts_stay_readable():
    assert to_cyrillic("2026-جىلى، 5000 يۋان؟ 昌吉 ID") == "2026-жылы, 5000 йуан? 昌吉 ID"


def test_every_kazakh_question_reaches_espeak_in_cyrillic(app):
    with app.test_request_context(), force_locale("kk_Arab_CN"):
        texts = list(_question_texts())
    assert len(texts) > 50
    left = [text for text in texts if ARABIC.search(voices.as_read(text, "kk"))]
    assert left == []


LETTER_NAMES = "'ar@bIk"  # "arabic", as espeak-ng writes it when it names a letter


def phonemes(text: str) -> str:
    """What espeak-ng's Kazakh voice makes of `text`, as phonemes (no sound)."""
    return subprocess.run(
        ["espeak-ng", "-v", "kk", "-q", "-x"], input=text.encode(), capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_espeak_reads_every_kazakh_question_as_kazakh_not_as_letter_names(app):
    """Given Arabic letters, the voice switches to English to say their names ("arabic letter
    alef..."); given what `as_read` makes of each question, it never does (a Latin X or MB in a
    question is read in English, as it should be)."""
    question = "ٴسىزدىڭ مۇگەدەكتىك كۋالىگىڭىز بار ما؟"
    assert LETTER_NAMES in phonemes(question)
    assert LETTER_NAMES not in phonemes(voices.as_read(question, "kk"))
    with app.test_request_context(), force_locale("kk_Arab_CN"):
        texts = list(_question_texts())
    spelled = [text for text in texts if LETTER_NAMES in phonemes(voices.as_read(text, "kk"))]
    assert spelled == []
