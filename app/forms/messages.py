"""Validation messages shared by many fields: one place, so that each says the same everywhere.

Messages that belong to one question live with that question.
"""

from app.translations import lazy_gettext as _l

DATE_MISSING = {
    ("day",): _l("The date must include a day"),
    ("month",): _l("The date must include a month"),
    ("year",): _l("The date must include a year"),
    ("day", "month"): _l("The date must include a day and a month"),
    ("day", "year"): _l("The date must include a day and a year"),
    ("month", "year"): _l("The date must include a month and a year"),
}
CHOOSE_FROM_OPTIONS = _l("Select only from the options shown")
DATE_NOT_REAL = _l("The date must be a real date")
DATE_YEAR_DIGITS = _l("The year must have 4 digits")
DATE_TOO_EARLY = _l("The year must be 1900 or later")

ID_NUMBER = {
    "length": _l("ID number must be 18 characters: 17 digits, then a digit or X"),
    "characters": _l("ID number can only contain digits, and X as the last character"),
    "birth_date": _l(
        "The birth date in this ID number (characters 7 to 14) is not a real date. "
        "Check the number on your ID card"
    ),
    "check_digit": _l("This ID number is not right. Check each digit against your ID card"),
}

CERTIFICATE_NUMBER = {
    "length": _l(
        "Disability certificate number must be 20 characters: your ID number, then 2 digits"
    ),
    "characters": _l(
        "Disability certificate number can only contain digits, and X as the 18th character"
    ),
    "id_part": _l(
        "The first 18 characters of the certificate number must be an ID number. "
        "Check the number on your certificate"
    ),
    "category": _l("The 19th digit is the category of disability: it must be from 1 to 7"),
    "grade": _l("The last digit is the grade of disability: it must be from 1 to 4"),
    "not_yours": _l(
        "The first 18 characters must be the same as your ID number. Check both numbers"
    ),
}

MOBILE = {
    "characters": _l("Mobile number can only contain digits"),
    "length": _l("Mobile number must be 11 digits"),
    "prefix": _l("Mobile number must start with 13, 14, 15, 16, 17, 18 or 19"),
}

CREDIT_CODE = {
    "length": _l("The unified social credit code must be 18 characters"),
    "characters": _l(
        "The unified social credit code can only contain digits and capital letters, "
        "but not I, O, S, V or Z"
    ),
    "check_digit": _l("This code is not right. Check each character against your business licence"),
}

BANK_ACCOUNT = {
    "characters": _l("Bank account number can only contain digits"),
    "length": _l("Bank account number must be from 12 to 30 digits"),
}

MONEY = {
    "invalid": _l("Enter the amount in yuan as a whole number, like 1500"),
    "negative": _l("The amount can not be less than 0"),
}


def money_too_large(limit: int):
    return _l("The amount must be %(num)s yuan or less", num=limit)
