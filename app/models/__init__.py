"""SQLAlchemy models, one module per aggregate."""

from app.models.application import Application, ApplicationEvent, Document, Status, Step
from app.models.audit import AuditEvent
from app.models.base import Base
from app.models.user import Passkey, SignInCode, User

__all__ = [
    "Application",
    "ApplicationEvent",
    "AuditEvent",
    "Base",
    "Document",
    "Passkey",
    "SignInCode",
    "Status",
    "Step",
    "User",
]
