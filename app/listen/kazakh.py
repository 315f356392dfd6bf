"""Kazakh in Arabic script (as written in China) into Cyrillic Kazakh, for espeak-ng: its Kazakh
voice `kk` reads Cyrillic only, and given Arabic letters it spells their names.

The Arabic-based alphabet writes a vowel letter for two vowels: ا is а or ә, و is о or ө, ۇ is
ұ or ү, ى is ы or і. Which one is the word's: a word with the front vowels (ә ө ү і) starts with
the high hamza ٴ (U+0674), unless it holds ك, گ or ە, which are only ever in front-vowel words
and make the mark needless. Sources: docs/translating.md ("Kazakh in Arabic script").
"""

import re

HIGH_HAMZA = "\u0674"
# Letters that only front-vowel words have (so no high hamza is written in them).
FRONT_MARKERS = frozenset("كگە")
# Beside a vowel, these tell its kind whatever the word's others are (a loanword or a compound
# mixes them: قىزمەت қызмет, جاردەماقى жәрдемақы): қ and ғ go with back vowels, к and г with
# front ones.
BACK_NEIGHBOURS = frozenset("قع")
FRONT_NEIGHBOURS = frozenset("كگ")

# Vowel letters: (in a back-vowel word, in a front-vowel word).
VOWELS = {"ا": ("а", "ә"), "و": ("о", "ө"), "ۇ": ("ұ", "ү"), "ى": ("ы", "і")}
# The precomposed letters some keyboards type for ٴ + a vowel at a word's start.
PRECOMPOSED = {"ٵ": "ا", "ٶ": "و", "ٷ": "ۇ", "ٸ": "ى"}
CONSONANTS = {
    "ب": "б",
    "پ": "п",
    "ت": "т",
    "ج": "ж",
    "چ": "ч",
    "ح": "х",
    "د": "д",
    "ر": "р",
    "ز": "з",
    "س": "с",
    "ش": "ш",
    "ع": "ғ",
    "ف": "ф",
    "ق": "қ",
    "ك": "к",
    "گ": "г",
    "ڭ": "ң",
    "ل": "л",
    "م": "м",
    "ن": "н",
    "ھ": "һ",
    "ە": "е",
    "ۆ": "в",
    "ۋ": "у",
    "ي": "и",
    "ء": "",  # the hamza on the line, in a few loanwords: not a sound of its own
}
# Arabic punctuation as Cyrillic text writes it, so that espeak-ng pauses where it should.
PUNCTUATION = {"،": ",", "؛": ";", "؟": "?", "٪": "%"}
ARABIC_LETTERS = re.compile(r"[\u0621-\u064a\u0674-\u06d5]+")


def _word(word: str) -> str:
    front = word.startswith(HIGH_HAMZA) or word[0] in PRECOMPOSED
    word = "".join(PRECOMPOSED.get(letter, letter) for letter in word.lstrip(HIGH_HAMZA))
    front = front or bool(FRONT_MARKERS & set(word))
    spoken = []
    for index, letter in enumerate(word):
        if letter in VOWELS:
            spoken.append(VOWELS[letter][_is_front(word, index, front)])
        elif letter == "ي" and _next_to_vowel(word, index):
            spoken.append("й")  # ي is и between consonants, й beside a vowel
        else:
            spoken.append(CONSONANTS.get(letter, letter))
    return "".join(spoken)


def _is_front(word: str, index: int, word_is_front: bool) -> bool:
    neighbours = {word[index - 1] if index else "", word[index + 1 : index + 2]}
    if neighbours & BACK_NEIGHBOURS:
        return False
    if neighbours & FRONT_NEIGHBOURS:
        return True
    return word_is_front


def _next_to_vowel(word: str, index: int) -> bool:
    before = word[index - 1] if index else ""
    after = word[index + 1 : index + 2]
    return before in VOWELS or before == "ە" or (not before and (after in VOWELS or after in "ەۋ"))


def to_cyrillic(text: str) -> str:
    """`ٴوتىنىش بەرۋ` → `өтініш беру`; digits, Latin and Chinese letters stay as they are."""
    text = "".join(PUNCTUATION.get(mark, mark) for mark in text)
    return ARABIC_LETTERS.sub(lambda found: _word(found.group(0)), text.replace("\u200c", ""))
