"""Questions asked in more than one place, defined once so that they read and check the same."""

from wtforms import TelField, TextAreaField
from wtforms.validators import DataRequired

from app.forms import validators as check
from app.forms.fields import strip_spaces
from app.translations import lazy_gettext as _l

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


def long_text(label, *, limit=None, too_long=None, required=None, hint="", rows=3, **render):
    """Several lines typed freely: read in either direction (`dir="auto"`), counted against
    `limit` as they are typed (the character count reads it from `check.max_length`), and,
    when `required` is given, asked for with that message. Without it there is no Optional(),
    which would stop the chain before a form's own `validate_<field>` runs."""
    presence = [DataRequired(required)] if required else []
    length = [check.max_length(limit, too_long)] if limit else []
    return TextAreaField(
        label,
        description=hint,
        filters=[strip_spaces],
        validators=presence + length,
        render_kw={"dir": "auto", "rows": rows, **render},
    )
