"""The questions of booking a service."""

from datetime import timedelta

from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, ValidationError

from app.catalogue import DEVICE_TITLES, SERVICE_TITLES
from app.clock import local_today
from app.forms import validators as check
from app.forms.common import long_text
from app.forms.fields import DatePartsField, Radios, strip_spaces
from app.forms.question import QuestionForm
from app.models import DeviceKind, Service
from app.translations import lazy_gettext as _l

LATEST_COLLECTION = timedelta(days=30)


class ChooseService(QuestionForm):
    service = Radios(
        _l("What would you like to book?"),
        choices=[(s.value, SERVICE_TITLES[s]) for s in Service],
        required=_l("Select what you would like to book"),
    )


class ForWhom(QuestionForm):
    resident = Radios(
        _l("Who is it for?"), choices=[], required=_l("Select who the booking is for")
    )


class Certificate(QuestionForm):
    certificate_number = StringField(
        _l("What is the disability certificate number?"),
        description=_l(
            "The 20 characters on the disability certificate. We keep it for the next booking."
        ),
        filters=[strip_spaces],
        validators=[
            DataRequired(_l("Enter the disability certificate number")),
            check.certificate_number("id_number"),
        ],
        render_kw={"dir": "ltr", "autocomplete": "off", "spellcheck": "false", "class": "width-20"},
    )


class Device(QuestionForm):
    device = Radios(
        _l("Which device would you like to borrow?"),
        choices=[(d.value, DEVICE_TITLES[d]) for d in DeviceKind],
        required=_l("Select a device"),
    )


class Place(QuestionForm):
    station = Radios(_l("Where?"), choices=[], required=_l("Select a place"))


class Event(QuestionForm):
    slot = Radios(_l("Which one?"), choices=[], required=_l("Select one"))


class Time(QuestionForm):
    slot = Radios(
        _l("When?"),
        description=_l("Times that are full are not shown."),
        choices=[],
        required=_l("Select a time"),
    )


class CollectOn(QuestionForm):
    collect_on = DatePartsField(
        _l("When would you like to collect it?"),
        description=_l("Any day in the next 30 days."),
        required=_l("Enter the day you would like to collect it"),
        not_past=_l("The day must be today or later"),
    )

    def validate_collect_on(self, field):
        if field.data and field.data > local_today() + LATEST_COLLECTION:
            raise ValidationError(_l("The day must be in the next 30 days"))


class Details(QuestionForm):
    heading = _l("Anything we should know?")
    group_fields = False
    address = long_text(
        _l("Address for the visit"),
        hint=_l("The township or street, the building and the door number."),
        required=_l("Enter the address for the visit"),
        limit=200,
        too_long=_l("The address must be 200 characters or fewer"),
        autocomplete="street-address",
    )
    needs = long_text(
        _l("What help is needed? (optional)"),
        hint=_l("For example: a meal without salt, help to bathe, a doctor's appointment at 10."),
        limit=500,
        too_long=_l("This must be 500 characters or fewer"),
    )
    access_notes = long_text(
        _l("How do we get in or around? (optional)"),
        hint=_l("For example: third floor, no lift; call when you arrive; a guide dog at home."),
        limit=300,
        too_long=_l("This must be 300 characters or fewer"),
        rows=2,
    )


class Confirm(QuestionForm):
    """The check page's button; its key makes a double tap one booking."""

    # Never shown: a label of its own, not one WTForms makes from the name through its own
    # catalogue (loaded anew each request).
    key = HiddenField(label="")


class Sure(QuestionForm):
    sure = Radios(
        _l("Are you sure you want to cancel this booking?"),
        choices=[("yes", _l("Yes, cancel it")), ("no", _l("No, keep it"))],
        required=_l("Select yes to cancel the booking, or no to keep it"),
    )
