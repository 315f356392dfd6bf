"""Forms of the administrators' pages."""

from flask_babel import gettext
from markupsafe import escape
from wtforms import StringField
from wtforms.validators import ValidationError

from app.catalogue import STATION_KIND_LABELS
from app.config import LANGUAGES
from app.districts import district_choices
from app.forms import validators as check
from app.forms.common import long_text
from app.forms.fields import DatePartsField, Radios, strip_spaces
from app.forms.question import QuestionForm
from app.i18n import LazyMarkup, language_name
from app.models import Role
from app.staff.forms import Invite
from app.translations import lazy_gettext as _l


class ChangeStaff(Invite):
    heading = _l("Change what this member of staff does")
    role = Radios(
        _l("Role"),
        choices=[
            *Invite.role.kwargs["choices"],
            (Role.RESIDENT.value, _l("No staff access (their sessions end at once)")),
        ],
        required=_l("Select a role"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.name


class ProgrammeDates(QuestionForm):
    heading = _l("When does it take applications?")
    group_fields = False
    opens_on = DatePartsField(
        _l("Opens on (leave empty if it is open already)"),
        required=_l("Enter the opening day"),
        optional=True,
    )
    closes_on = DatePartsField(
        _l("Last day for applications (leave empty if it stays open)"),
        required=_l("Enter the last day"),
        optional=True,
    )

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The last day must be on or after the opening day"))


def _station_text(label, limit=200, area=False):
    too_long = _l("This must be 200 characters or fewer")
    if area:
        return long_text(label, limit=limit, too_long=too_long, autocomplete="off")
    return StringField(
        label,
        filters=[strip_spaces],
        validators=[check.max_length(limit, too_long)],
        render_kw={"dir": "auto", "autocomplete": "off"},
    )


# Each detail's label (with a place for the language's name), and whether it is a longer text.
STATION_TEXTS = {
    "name": (lambda: gettext("Name (%(language)s)"), False),
    "address": (lambda: gettext("Address (%(language)s)"), False),
    "opening_hours": (lambda: gettext("Opening hours (%(language)s)"), False),
    "accessibility": (lambda: gettext("Access to the building (%(language)s)"), True),
}


def _label(text_of, language: dict) -> LazyMarkup:
    return LazyMarkup(lambda: escape(text_of()) % {"language": language_name(language)})


class StationDetails(QuestionForm):
    """A station's details in each language: each language's readers see their own."""

    heading = _l("Station details")
    group_fields = False

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        first = f"name_{next(iter(LANGUAGES))}"
        if not self[first].data:
            self[first].errors.append(_l("Enter the station's name"))
            return False
        return valid


class NewStation(StationDetails):
    """A new place: what kind of place, in which county or city, then its details."""

    heading = _l("Add a station")
    kind = Radios(
        _l("What kind of place is it?"),
        choices=list(STATION_KIND_LABELS.items()),
        required=_l("Select what kind of place it is"),
    )
    district = Radios(
        _l("Which county or city is it in?"),
        choices=district_choices(),
        required=_l("Select the county or city"),
    )


# The details come after what each form asks first: fields are ordered as they are made.
for _form in (StationDetails, NewStation):
    for _code, _language in LANGUAGES.items():
        for _field, (_text_of, _area) in STATION_TEXTS.items():
            setattr(
                _form,
                f"{_field}_{_code}",
                _station_text(_label(_text_of, _language), area=_area),
            )
