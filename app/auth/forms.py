from flask_babel import lazy_gettext as _l
from wtforms import StringField, TelField
from wtforms.validators import DataRequired, Regexp

from app.forms import validators as check
from app.forms.fields import strip_spaces
from app.identifiers import ascii_digits
from app.programmes.journey import QuestionForm


class MobileNumber(QuestionForm):
    mobile = TelField(
        _l("What is your mobile number?"),
        description=_l("We will send a 6-digit code to this number by text message."),
        filters=[strip_spaces],
        validators=[DataRequired(_l("Enter your mobile number")), check.mobile()],
        render_kw={
            "dir": "ltr",
            "autocomplete": "tel-national",
            "inputmode": "numeric",
            "class": "width-11",
        },
    )


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
