"""Words for what can be booked, and data texts kept in several languages (station names,
addresses), shown in the reader's language."""

from flask_babel import get_locale
from sqlalchemy import select
from wtforms import SelectChoice

from app.districts import DISTRICTS
from app.extensions import db
from app.forms.fields import options
from app.models import BookingStatus, DeviceKind, Service, Station, StationKind
from app.translations import lazy_gettext as _l

SERVICE_LABELS = {
    Service.MEAL_HELP: _l("meal help at home"),
    Service.PERSONAL_CARE: _l("cleaning and personal care at home"),
    Service.ESCORT: _l("an escort to walk out or to the doctor"),
    Service.HOUSEKEEPING: _l("housekeeping at home"),
    Service.REHAB: _l("a rehabilitation session at a station"),
    Service.DEVICE_LOAN: _l("an assistive device to borrow"),
    Service.TRAINING: _l("a skills training course"),
    Service.JOB_FAIR: _l("a job fair"),
}

# The same, as the name of a thing on its own (a heading, a list).
SERVICE_TITLES = {
    Service.MEAL_HELP: _l("Meal help at home"),
    Service.PERSONAL_CARE: _l("Cleaning and personal care at home"),
    Service.ESCORT: _l("An escort to walk out or to the doctor"),
    Service.HOUSEKEEPING: _l("Housekeeping at home"),
    Service.REHAB: _l("Rehabilitation session"),
    Service.DEVICE_LOAN: _l("Borrowing an assistive device"),
    Service.TRAINING: _l("Skills training course"),
    Service.JOB_FAIR: _l("Job fair"),
}

DEVICE_LABELS = {
    DeviceKind.WHEELCHAIR: _l("wheelchair"),
    DeviceKind.WALKER: _l("walking frame"),
    DeviceKind.CRUTCHES: _l("pair of crutches"),
    DeviceKind.SHOWER_CHAIR: _l("shower chair"),
    DeviceKind.COMMODE: _l("commode chair"),
    DeviceKind.WHITE_CANE: _l("white cane"),
}

DEVICE_TITLES = {
    DeviceKind.WHEELCHAIR: _l("Wheelchair"),
    DeviceKind.WALKER: _l("Walking frame"),
    DeviceKind.CRUTCHES: _l("Crutches"),
    DeviceKind.SHOWER_CHAIR: _l("Shower chair"),
    DeviceKind.COMMODE: _l("Commode chair"),
    DeviceKind.WHITE_CANE: _l("White cane"),
}

STATION_KIND_LABELS = {
    StationKind.REHAB: _l("Rehabilitation station"),
    StationKind.LENDING: _l("Assistive-device lending station"),
    StationKind.HOME_CARE: _l("Home-care provider"),
    StationKind.VENUE: _l("Training and job fair venue"),
}

BOOKING_STATUS_LABELS = {
    BookingStatus.BOOKED: _l("Booked"),
    BookingStatus.CANCELLED: _l("Cancelled"),
    BookingStatus.ATTENDED: _l("Attended"),
    BookingStatus.MISSED: _l("Missed"),
    BookingStatus.LENT: _l("Borrowed"),
    BookingStatus.RETURNED: _l("Returned"),
}


def local(texts: dict | None) -> str:
    """A data text in the reader's language; Chinese when it has none in theirs."""
    if not texts:
        return ""
    return texts.get(str(get_locale())) or texts.get("zh") or next(iter(texts.values()))


def station_choices() -> list[SelectChoice]:
    """Every station, as a choice for staff forms: its name and its district."""
    stations = db.session.scalars(select(Station).order_by(Station.district, Station.code))
    return options((s.code, f"{local(s.name)} ({DISTRICTS[s.district]})") for s in stations)
