"""Forms of the station staff's pages."""

import re
from datetime import time

from wtforms import StringField
from wtforms.validators import ValidationError

from app.forms.fields import DatePartsField, Radios, strip_spaces
from app.forms.question import QuestionForm
from app.identifiers import ascii_digits
from app.models import EVENTS
from app.translations import lazy_gettext as _l

CLOCK = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")


def clock(value: str) -> time | None:
    """ "9:00", "09:00" or "09：00" (a Chinese colon) as a time of day."""
    found = CLOCK.match(value or "")
    return time(int(found.group(1)), int(found.group(2))) if found else None


class NewSlots(QuestionForm):
    heading = _l("Add times")
    group_fields = False
    service = Radios(_l("What for?"), choices=[], required=_l("Select what the time is for"))
    title = StringField(
        _l("Title (for a training course or job fair)"),
        description=_l("For example: Massage skills, 5 days"),
        filters=[strip_spaces],
        render_kw={"dir": "auto", "autocomplete": "off"},
    )
    day = DatePartsField(
        _l("Day"),
        required=_l("Enter the day"),
        not_past=_l("The day must be today or later"),
    )
    starts = StringField(
        _l("Starts at"),
        description=_l("For example: 09:00"),
        filters=[strip_spaces],
        render_kw={"dir": "ltr", "class": "width-6", "inputmode": "numeric", "autocomplete": "off"},
    )
    ends = StringField(
        _l("Ends at"),
        description=_l("For example: 10:30"),
        filters=[strip_spaces],
        render_kw={"dir": "ltr", "class": "width-6", "inputmode": "numeric", "autocomplete": "off"},
    )
    capacity = StringField(
        _l("How many places?"),
        filters=[strip_spaces],
        render_kw={"dir": "ltr", "class": "width-6", "inputmode": "numeric", "autocomplete": "off"},
    )
    weeks = Radios(
        _l("Repeat every week?"),
        choices=[
            ("1", _l("No, once")),
            ("4", _l("Yes, for 4 weeks")),
            ("8", _l("Yes, for 8 weeks")),
            ("12", _l("Yes, for 12 weeks")),
        ],
        required=_l("Select whether to repeat it"),
    )

    def validate_title(self, field):
        if self.service.data in EVENTS and not field.data:
            raise ValidationError(_l("Enter the title of the course or job fair"))
        if len(field.data or "") > 100:
            raise ValidationError(_l("The title must be 100 characters or fewer"))

    def validate_capacity(self, field):
        number = ascii_digits(field.data or "")
        if not number.isdigit() or not 1 <= int(number) <= 200:
            raise ValidationError(_l("Enter a number of places from 1 to 200"))
        field.data = int(number)

    def validate_starts(self, field):
        if clock(field.data) is None:
            raise ValidationError(_l("Enter the start as hours and minutes, like 09:00"))

    def validate_ends(self, field):
        end, start = clock(field.data), clock(self.starts.data)
        if end is None:
            raise ValidationError(_l("Enter the end as hours and minutes, like 10:30"))
        if start and end <= start:
            raise ValidationError(_l("The end must be after the start"))
