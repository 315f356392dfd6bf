from datetime import timedelta

import pytest

from app.identifiers import (
    InvalidIdentifier,
    check_bank_account,
    check_certificate_number,
    check_credit_code,
    check_id_number,
    check_mobile,
    id_check_char,
    mask_id_number,
    mask_mobile,
)

# Real-format numbers with correct check characters (none belongs to a real person).
ID_WITH_X = "11010519491231002X"
ID_WITH_DIGIT = "652301198503151233"
ID_BORN_2000_02_29 = "110101200002290018"


def full_width(text: str) -> str:
    """Digits as some Chinese input methods type them, full-width."""
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


def reason(check, value, **kwargs) -> str:
    with pytest.raises(InvalidIdentifier) as raised:
        check(value, **kwargs)
    return raised.value.reason


class TestIdNumber:
    @pytest.mark.parametrize("number", [ID_WITH_X, ID_WITH_DIGIT, ID_BORN_2000_02_29])
    def test_valid_numbers_pass(self, number):
        assert check_id_number(number) == number

    def test_check_character_is_mod_11_2(self):
        assert id_check_char("11010519491231002") == "X"
        assert id_check_char("65230119850315123") == "3"

    def test_lower_case_x_spaces_and_full_width_digits_are_normalised(self):
        assert check_id_number("110105 19491231 002x") == ID_WITH_X
        assert check_id_number(full_width(ID_WITH_X)) == ID_WITH_X

    @pytest.mark.parametrize("number", ["", "1101051949123100", "11010519491231002X1"])
    def test_wrong_length(self, number):
        assert reason(check_id_number, number) == "length"

    @pytest.mark.parametrize(
        "number", ["1101051949123100XX", "11010519491231A02X", "X10105194912310021"]
    )
    def test_x_only_as_last_character(self, number):
        assert reason(check_id_number, number) == "characters"

    def test_wrong_check_character(self):
        assert reason(check_id_number, "110105194912310021") == "check_digit"
        assert reason(check_id_number, "652301198503151234") == "check_digit"

    @pytest.mark.parametrize(
        "birth",
        ["19490230", "19491301", "20010229", "18991231", "19490000"],
        ids=["30 February", "month 13", "29 February of a common year", "before 1900", "day 0"],
    )
    def test_impossible_birth_dates(self, birth):
        first17 = "110105" + birth + "002"
        number = first17 + id_check_char(first17)  # right check character, wrong date
        assert reason(check_id_number, number) == "birth_date"

    def test_birth_date_in_the_future(self, beijing_morning):
        number = born_on(beijing_morning + timedelta(days=1))
        assert reason(check_id_number, number) == "birth_date"

    def test_born_today_in_beijing_while_a_server_in_utc_is_still_on_yesterday(
        self, beijing_morning
    ):
        number = born_on(beijing_morning)
        assert check_id_number(number) == number


def born_on(day) -> str:
    """An ID number with a right check character, for someone born on `day`."""
    first17 = "110105" + day.strftime("%Y%m%d") + "002"
    return first17 + id_check_char(first17)


class TestCertificateNumber:
    def test_id_then_category_then_grade(self):
        assert check_certificate_number(ID_WITH_X + "11") == ID_WITH_X + "11"
        assert check_certificate_number(ID_WITH_DIGIT + "74") == ID_WITH_DIGIT + "74"

    def test_must_match_the_applicants_id(self):
        assert check_certificate_number(ID_WITH_X + "42", id_number="11010519491231002x")
        assert (
            reason(check_certificate_number, ID_WITH_X + "42", id_number=ID_WITH_DIGIT)
            == "not_yours"
        )

    @pytest.mark.parametrize(
        ("number", "why"),
        [
            (ID_WITH_X, "length"),
            (ID_WITH_X + "123", "length"),
            (ID_WITH_X + "1A", "characters"),
            ("110105194912310021" + "11", "id_part"),
            (ID_WITH_X + "01", "category"),
            (ID_WITH_X + "81", "category"),
            (ID_WITH_X + "10", "grade"),
            (ID_WITH_X + "15", "grade"),
        ],
    )
    def test_each_part_is_checked(self, number, why):
        assert reason(check_certificate_number, number) == why


class TestMobile:
    @pytest.mark.parametrize(
        "typed",
        [
            "13912345678",
            "139 1234 5678",
            "139-1234-5678",
            "+86 139 1234 5678",
            full_width("13912345678"),
        ],
    )
    def test_usual_ways_of_typing(self, typed):
        assert check_mobile(typed) == "13912345678"

    @pytest.mark.parametrize(
        ("typed", "why"),
        [
            ("1391234567", "length"),
            ("139123456789", "length"),
            ("12912345678", "prefix"),
            ("23912345678", "prefix"),
            ("1391234567a", "characters"),
            ("", "characters"),
        ],
    )
    def test_bad_numbers(self, typed, why):
        assert reason(check_mobile, typed) == why


class TestCreditCode:
    def test_valid_code(self):
        assert check_credit_code("91350100M000100Y43") == "91350100M000100Y43"
        assert check_credit_code("91350100m000100y43") == "91350100M000100Y43"

    @pytest.mark.parametrize(
        ("code", "why"),
        [
            ("91350100M000100Y4", "length"),
            ("91350100M000100Y4I", "characters"),
            ("91350100M000100Y44", "check_digit"),
        ],
    )
    def test_bad_codes(self, code, why):
        assert reason(check_credit_code, code) == why


class TestBankAccount:
    def test_digits_with_spaces(self):
        assert check_bank_account("6228 4800 1234 5678 901") == "6228480012345678901"

    @pytest.mark.parametrize(
        ("number", "why"),
        [("62284800", "length"), ("6" * 31, "length"), ("6228-48OO-1234", "characters")],
    )
    def test_bad_numbers(self, number, why):
        assert reason(check_bank_account, number) == why


def test_masks_show_only_the_ends():
    assert mask_id_number(ID_WITH_X) == "110***********002X"
    assert mask_mobile("13912345678") == "139****5678"
