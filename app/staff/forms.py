from wtforms import StringField
from wtforms.validators import DataRequired, ValidationError

from app.districts import district_choices
from app.forms import validators as check
from app.forms.fields import Radios, strip_spaces
from app.forms.question import QuestionForm
from app.models import Role
from app.translations import lazy_gettext as _l


class Invite(QuestionForm):
    heading = _l("Invite a member of staff")
    group_fields = False
    name = StringField(
        _l("Full name"),
        filters=[strip_spaces],
        validators=[
            DataRequired(_l("Enter the full name of the member of staff")),
            check.max_length(60, _l("Full name must be 60 characters or fewer")),
        ],
        render_kw={"dir": "auto", "autocomplete": "off"},
    )
    role = Radios(
        _l("Role"),
        choices=[
            (Role.CASEWORKER.value, _l("Caseworker of a county or city federation")),
            (Role.STATION_STAFF.value, _l("Staff of a rehabilitation or lending station")),
            (Role.ADMIN.value, _l("Administrator of the prefecture federation")),
        ],
        required=_l("Select a role"),
    )
    district = Radios(
        _l("District (for caseworkers)"),
        choices=district_choices(),
        required=_l("Select the caseworker's district"),
        validate_choice=False,
    )
    station = Radios(
        _l("Station (for station staff)"),
        choices=[],
        required=_l("Select the station of the member of staff"),
        validate_choice=False,
    )

    def validate_district(self, field):
        if self.role.data == Role.CASEWORKER and field.data not in dict(district_choices()):
            raise ValidationError(_l("Select the caseworker's district"))

    def validate_station(self, field):
        offered = {choice.value for choice in field.iter_choices()}
        if self.role.data == Role.STATION_STAFF and field.data not in offered:
            raise ValidationError(_l("Select the station of the member of staff"))
