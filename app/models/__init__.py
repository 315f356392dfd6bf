"""SQLAlchemy models, one module per aggregate."""

from app.models.application import Application, Status
from app.models.audit import AuditEvent
from app.models.base import Base
from app.models.user import Passkey, SignInCode, User

__all__ = ["Application", "AuditEvent", "Base", "Passkey", "SignInCode", "Status", "User"]
