"""The questions of the data-rights pages."""

from app.forms.fields import Radios
from app.forms.question import QuestionForm
from app.translations import lazy_gettext as _l


class Consent(QuestionForm):
    answer = Radios(
        _l("Do you agree that we use this information to decide on your applications?"),
        choices=[("agree", _l("Yes, I agree")), ("refuse", _l("No, I do not agree"))],
        required=_l("Select yes if you agree, or no if you do not"),
    )


class CloseAccount(QuestionForm):
    sure = Radios(
        _l("Are you sure you want to close your account?"),
        choices=[("yes", _l("Yes, close my account")), ("no", _l("No, keep my account"))],
        required=_l("Select yes to close your account, or no to keep it"),
    )


class WithdrawConsent(QuestionForm):
    """A button only: withdrawing needs no more than the press."""
