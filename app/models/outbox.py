"""What every queued text message keeps about its sending (reminders, messages about
applications): how often it was tried, when it is tried next, the provider's id for it, and
how it ended. See app/services/messaging.py."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Outbox:
    """Columns shared by the tables of queued text messages."""

    # When the message went out (or was taken by a sender); empty until then.
    sent_at: Mapped[datetime | None]
    # Provider errors so far, and when the next try may be made after one that may pass.
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]
    # The provider's id for the message (Alibaba's BizId, Tencent's SerialNo), for receipts.
    provider_id: Mapped[str | None] = mapped_column(String(80), index=True)
    # The receipt: the phone has it. Or the end: the provider refused it for good, or gave up.
    delivered_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    # The provider's last error code (kept for staff when the message failed for good).
    failure_code: Mapped[str | None] = mapped_column(String(80))

    def queue_again(self) -> None:
        """Forgets how an earlier sending went: the message goes again, as a new one."""
        self.sent_at = self.next_attempt_at = self.provider_id = None
        self.delivered_at = self.failed_at = self.failure_code = None
        self.attempts = 0
