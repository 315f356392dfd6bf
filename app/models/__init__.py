"""SQLAlchemy models, one module per aggregate."""

from app.models.application import Application, ApplicationEvent, Document, Status, Step
from app.models.audit import AuditEvent
from app.models.base import Base
from app.models.family import FamilyLink, LinkStatus, StaffInvitation
from app.models.user import Passkey, Role, SignInCode, User

__all__ = [
    "Application",
    "ApplicationEvent",
    "AuditEvent",
    "Base",
    "Document",
    "FamilyLink",
    "LinkStatus",
    "Passkey",
    "Role",
    "SignInCode",
    "StaffInvitation",
    "Status",
    "Step",
    "User",
]
