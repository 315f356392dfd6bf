"""The message-sending interface. Backends send a short text to a mobile number.

`console` (the default) writes to the log, for development and the demo; an SMS gateway
backend implements the same one method.
"""

import logging
from typing import Protocol

from flask import current_app

from app.identifiers import mask_mobile

log = logging.getLogger(__name__)


class MessageSender(Protocol):
    def send(self, mobile: str, text: str) -> None: ...


class ConsoleSender:
    """Writes messages to the log. The number is masked: logs must not hold personal data."""

    def send(self, mobile: str, text: str) -> None:
        log.warning("message to %s: %s", mask_mobile(mobile), text)


class MemorySender:
    """Keeps messages in a list, for tests that read what was sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, mobile: str, text: str) -> None:
        self.sent.append((mobile, text))


BACKENDS: dict[str, type] = {"console": ConsoleSender, "memory": MemorySender}


def init_app(app) -> None:
    name = app.config["MESSAGE_BACKEND"]
    if name not in BACKENDS:
        raise RuntimeError(f"MESSAGE_BACKEND={name!r}: choose one of {', '.join(BACKENDS)}")
    app.extensions["message_sender"] = BACKENDS[name]()


def sender() -> MessageSender:
    return current_app.extensions["message_sender"]
