"""WTForms validators built on app.identifiers, with messages in the user's language."""

import re
from collections.abc import Callable, Mapping

from wtforms.validators import Length, ValidationError

from app.forms import messages
from app.identifiers import (
    InvalidIdentifier,
    ascii_digits,
    check_bank_account,
    check_certificate_number,
    check_credit_code,
    check_id_number,
    check_mobile,
)


class Identifier:
    """Checks and normalises an identifier; a failure's reason picks the message.

    `context` takes the form and gives extra arguments for the check, for checks that compare
    with an earlier answer (a certificate number holds the applicant's ID number).
    A `personal` number (ID, certificate, bank account, mobile) flags its field
    `personal_number`: shown back only by its end, and a page with its input is never kept on
    the phone (app/pwa.py).
    """

    def __init__(
        self,
        check: Callable[..., str],
        messages: Mapping[str, object],
        context: Callable[[object], dict] | None = None,
        personal: bool = True,
    ):
        self.check = check
        self.messages = messages
        self.context = context
        self.field_flags = {"personal_number": True} if personal else {}

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        extra = self.context(form) if self.context else {}
        try:
            field.data = self.check(field.data, **extra)
        except InvalidIdentifier as error:
            raise ValidationError(self.messages[error.reason]) from None


def id_number() -> Identifier:
    return Identifier(check_id_number, messages.ID_NUMBER)


def certificate_number(id_answer: str) -> Identifier:
    """The certificate's ID part must match the answer named `id_answer` given earlier."""
    return Identifier(
        check_certificate_number,
        messages.CERTIFICATE_NUMBER,
        context=lambda form: {"id_number": form.answers.get(id_answer)},
    )


def mobile() -> Identifier:
    return Identifier(check_mobile, messages.MOBILE)


def credit_code() -> Identifier:
    # A business's code, printed on its licence and public: not a personal number.
    return Identifier(check_credit_code, messages.CREDIT_CODE, personal=False)


def bank_account() -> Identifier:
    return Identifier(check_bank_account, messages.BANK_ACCOUNT)


def max_length(limit: int, message) -> Length:
    """A length limit; the character-count component reads `max` from it."""
    return Length(max=limit, message=message)


class Money:
    """A whole number of yuan; "1,500", "1 500", "¥1500" and "1500元" all read as 1500."""

    def __init__(self, limit: int | None = None):
        self.limit = limit or 10_000_000

    def __call__(self, form, field) -> None:
        if field.data in (None, ""):
            field.data = None
            return
        text = re.sub(r"[\s,，¥￥元]", "", ascii_digits(str(field.data)))
        if text.startswith("-") and text[1:].isdigit():
            raise ValidationError(messages.MONEY["negative"])
        if not text.isdigit() or not text.isascii():
            raise ValidationError(messages.MONEY["invalid"])
        if int(text) > self.limit:
            raise ValidationError(messages.money_too_large(self.limit))
        field.data = int(text)
