from wtforms import StringField
from wtforms.validators import DataRequired, Regexp

from app.forms.common import mobile_number
from app.forms.question import QuestionForm
from app.identifiers import ascii_digits
from app.translations import lazy_gettext as _l


class MobileNumber(QuestionForm):
    mobile = mobile_number(_l("We will send a 6-digit code to this number by text message."))


def _code_digits(value):
    return "".join(ascii_digits(value).split()) if isinstance(value, str) else value


class SignInCode(QuestionForm):
    code = StringField(
        _l("Enter the code we sent you"),
        filters=[_code_digits],
        validators=[
            DataRequired(_l("Enter the 6-digit code")),
            Regexp(r"^\d{6}$", message=_l("The code must be 6 digits")),
        ],
        render_kw={
            "dir": "ltr",
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "class": "width-6",
        },
    )
