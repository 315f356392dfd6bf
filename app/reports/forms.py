"""The report's choices, read from the address: a search changes nothing."""

from flask_wtf import FlaskForm
from wtforms import SelectField

from app.forms.fields import options
from app.translations import lazy_gettext as _l

PARTS = [
    ("year", _l("The whole year")),
    ("q1", _l("January to March")),
    ("q2", _l("April to June")),
    ("q3", _l("July to September")),
    ("q4", _l("October to December")),
]


class ReportChoices(FlaskForm):
    class Meta:
        csrf = False

    programme = SelectField(_l("Programme"), choices=[])
    district = SelectField(_l("County or city"), choices=[])
    year = SelectField(_l("Year"), choices=[])
    part = SelectField(_l("Months"), choices=options(PARTS), default="year")
