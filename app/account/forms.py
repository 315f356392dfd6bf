import json

from flask_babel import gettext as _
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired

from app.forms import validators as check
from app.forms.common import long_text, mobile_number
from app.forms.fields import Radios, strip_spaces
from app.forms.question import QuestionForm
from app.services import passkeys
from app.services.family import RELATIONSHIPS
from app.translations import lazy_gettext as _l

RELATIONSHIP_LABELS = {
    "spouse": _l("Husband or wife"),
    "child": _l("Son or daughter"),
    "parent": _l("Father or mother"),
    "sibling": _l("Brother or sister"),
    "carer": _l("Carer"),
    "other": _l("Someone else"),
}


class NewPasskey(QuestionForm):
    """Names a new passkey; the browser's script fills in `credential` from the authenticator."""

    name = StringField(
        _l("Name this passkey"),
        description=_l("So that you can tell your passkeys apart, for example: my phone."),
        default=_l("My phone"),
        filters=[strip_spaces],
        validators=[
            DataRequired(_l("Enter a name for the passkey")),
            check.max_length(60, _l("The name must be 60 characters or fewer")),
        ],
        render_kw={"dir": "auto", "autocomplete": "off"},
    )
    credential = HiddenField()


class PasskeySignIn(QuestionForm):
    credential = HiddenField()


class LinkRequest(QuestionForm):
    heading = _l("Ask to act for someone")
    mobile = mobile_number(
        _l("The number they sign in with. They will see your request in their account."),
        label=_l("What is their mobile number?"),
        required=_l("Enter their mobile number"),
    )
    relationship = Radios(
        _l("Who are they to you?"),
        choices=[(value, RELATIONSHIP_LABELS[value]) for value in RELATIONSHIPS],
        required=_l("Select who they are to you"),
    )


class ActingFor(QuestionForm):
    resident = Radios(
        _l("Who are you acting for?"),
        choices=[],
        required=_l("Select who you are acting for"),
    )


class LinkOnProof(QuestionForm):
    heading = _l("Link a family member on proof")
    group_fields = False
    mobile = mobile_number(
        _l("The number the family member signs in with."),
        label=_l("Family member's mobile number"),
        required=_l("Enter the family member's mobile number"),
    )
    relationship = Radios(
        _l("Who is the family member to the resident?"),
        choices=[(value, RELATIONSHIP_LABELS[value]) for value in RELATIONSHIPS],
        required=_l("Select who the family member is to the resident"),
    )
    proof = long_text(
        _l("What proof did you see?"),
        hint=_l("For example: the household register, seen at the office."),
        required=_l("Say what proof you saw"),
        limit=300,
        too_long=_l("The proof must be 300 characters or fewer"),
    )


def new_passkey_from(form: NewPasskey, check) -> bool:
    """Checks the passkey the browser made for the form with `check(credential)`; puts an
    error on the form when it was not made or does not verify."""
    if not form.credential.data:
        form.name.errors.append(
            _(
                "This browser did not make a passkey. Try again, or use another browser. "
                "You can still sign in with a code."
            )
        )
        return False
    try:
        check(json.loads(form.credential.data))
    except (ValueError, passkeys.PasskeyError):
        form.name.errors.append(_("The passkey could not be checked. Try again."))
        return False
    return True
