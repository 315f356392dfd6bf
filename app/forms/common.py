"""Questions asked in more than one place, defined once so that they read and check the same."""

from flask_babel import lazy_gettext as _l
from wtforms import TelField
from wtforms.validators import DataRequired

from app.forms import validators as check
from app.forms.fields import strip_spaces

MOBILE_LABEL = _l("What is your mobile number?")
MOBILE_REQUIRED = _l("Enter your mobile number")


def mobile_number(hint, label=MOBILE_LABEL, required=MOBILE_REQUIRED) -> TelField:
    return TelField(
        label,
        description=hint,
        filters=[strip_spaces],
        validators=[DataRequired(required), check.mobile()],
        render_kw={
            "dir": "ltr",
            "autocomplete": "tel-national",
            "inputmode": "numeric",
            "spellcheck": "false",
            "class": "width-11",
        },
    )
