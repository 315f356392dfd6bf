"""Checks for the identifiers residents type: pure functions, no Flask, one reason per failure.

Each check returns the normalised value or raises InvalidIdentifier with a short reason code;
the forms turn reason codes into messages in the user's language.
"""

import re
import unicodedata
from datetime import date

from app.clock import local_today

ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
ID_CHECK_CHARS = "10X98765432"

# Unified social credit code (GB 32100-2015): 31 characters, no I, O, S, V or Z.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = [3**i % 31 for i in range(17)]

DISABILITY_CATEGORIES = range(1, 8)  # 1 visual … 7 multiple
DISABILITY_GRADES = range(1, 5)  # 1 most severe … 4


class InvalidIdentifier(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def ascii_digits(value: str) -> str:
    """Full-width and other decimal digits, as some phone keyboards type them, as 0-9."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in value)


def compact(value: str) -> str:
    """Drop the spaces and hyphens people type to group digits, and upper-case an x."""
    return re.sub(r"[\s\-]", "", ascii_digits(value)).upper()


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def birth_date_of(id_number: str) -> date:
    digits = id_number[6:14]
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def check_id_number(value: str) -> str:
    """Resident identity card number: 17 digits and a MOD 11-2 check character (0-9 or X)."""
    number = compact(value)
    if len(number) != 18:
        raise InvalidIdentifier("length")
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise InvalidIdentifier("characters")
    try:
        born = birth_date_of(number)
    except ValueError:
        raise InvalidIdentifier("birth_date") from None
    if born.year < 1900 or born > local_today():
        raise InvalidIdentifier("birth_date")
    if id_check_char(number[:17]) != number[17]:
        raise InvalidIdentifier("check_digit")
    return number


def check_certificate_number(value: str, id_number: str | None = None) -> str:
    """Second-generation disability certificate: the ID number, then category and grade digits."""
    number = compact(value)
    if len(number) != 20:
        raise InvalidIdentifier("length")
    if not re.fullmatch(r"\d{17}[\dX]\d\d", number):
        raise InvalidIdentifier("characters")
    try:
        check_id_number(number[:18])
    except InvalidIdentifier:
        raise InvalidIdentifier("id_part") from None
    if int(number[18]) not in DISABILITY_CATEGORIES:
        raise InvalidIdentifier("category")
    if int(number[19]) not in DISABILITY_GRADES:
        raise InvalidIdentifier("grade")
    if id_number is not None and number[:18] != compact(id_number):
        raise InvalidIdentifier("not_yours")
    return number


def certificate_category(number: str) -> int:
    return int(number[18])


def certificate_grade(number: str) -> int:
    return int(number[19])


def check_mobile(value: str) -> str:
    """A mainland mobile number: 11 digits from 13x to 19x. A +86 prefix is dropped."""
    number = re.sub(r"[\s\-()]", "", ascii_digits(value))
    number = re.sub(r"^(\+86|0086)", "", number)
    if not number.isdigit() or not number.isascii():
        raise InvalidIdentifier("characters")
    if len(number) != 11:
        raise InvalidIdentifier("length")
    if not re.fullmatch(r"1[3-9]\d{9}", number):
        raise InvalidIdentifier("prefix")
    return number


def credit_code_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def check_credit_code(value: str) -> str:
    """The unified social credit code printed on a business licence: 18 characters."""
    code = compact(value)
    if len(code) != 18:
        raise InvalidIdentifier("length")
    if any(c not in CREDIT_CODE_CHARS for c in code):
        raise InvalidIdentifier("characters")
    if credit_code_check_char(code[:17]) != code[17]:
        raise InvalidIdentifier("check_digit")
    return code


def check_bank_account(value: str) -> str:
    """A bank card or account number: digits only, 12 to 30 of them (banks differ in length)."""
    number = compact(value)
    if not number.isdigit() or not number.isascii():
        raise InvalidIdentifier("characters")
    if not 12 <= len(number) <= 30:
        raise InvalidIdentifier("length")
    return number


def mask_id_number(number: str) -> str:
    """Shown where the whole number is not needed: the first 3 and the last 4 characters."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_mobile(number: str | None) -> str:
    if not number:  # a closed account keeps no number
        return "***********"
    return number[:3] + "****" + number[-4:]
