"""Questions asked in more than one place, defined once so that they read and check the same."""

from flask_babel import lazy_gettext as _l
from wtforms import TelField
from wtforms.validators import DataRequired

from app.forms import validators as check
from app.forms.fields import strip_spaces


def mobile_number(hint) -> TelField:
    return TelField(
        _l("What is your mobile number?"),
        description=hint,
        filters=[strip_spaces],
        validators=[DataRequired(_l("Enter your mobile number")), check.mobile()],
        render_kw={
            "dir": "ltr",
            "autocomplete": "tel-national",
            "inputmode": "numeric",
            "spellcheck": "false",
            "class": "width-11",
        },
    )
