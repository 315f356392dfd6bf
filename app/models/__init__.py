"""SQLAlchemy models, one module per aggregate."""

from app.models.application import Application, ApplicationEvent, Document, Status, Step
from app.models.audit import AuditEvent
from app.models.base import Base
from app.models.booking import (
    EVENTS,
    HOME_CARE,
    STATION_FOR,
    Booking,
    BookingStatus,
    DeviceKind,
    DeviceStock,
    PausedService,
    Reminder,
    Service,
    Slot,
    Station,
    StationKind,
)
from app.models.consent import Consent
from app.models.family import FamilyLink, LinkStatus, StaffInvitation
from app.models.notification import Notification
from app.models.programme_window import ProgrammeWindow
from app.models.sent_form import SentForm
from app.models.user import Passkey, Role, SignInCode, User
from app.models.web_session import PasskeyChallenge, WebSession

__all__ = [
    "EVENTS",
    "HOME_CARE",
    "STATION_FOR",
    "Application",
    "ApplicationEvent",
    "AuditEvent",
    "Base",
    "Booking",
    "BookingStatus",
    "Consent",
    "DeviceKind",
    "DeviceStock",
    "Document",
    "FamilyLink",
    "LinkStatus",
    "Notification",
    "Passkey",
    "PasskeyChallenge",
    "PausedService",
    "ProgrammeWindow",
    "Reminder",
    "Role",
    "SentForm",
    "Service",
    "SignInCode",
    "Slot",
    "StaffInvitation",
    "Station",
    "StationKind",
    "Status",
    "Step",
    "User",
    "WebSession",
]
