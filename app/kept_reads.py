"""What the pages read on every view and an administrator changes now and then (programme
windows, paused services), read in one query and kept by each process for a while.

The process that saves a change forgets its copy at once; other gunicorn workers and other
servers see it when their copy runs out. A time limit rather than a version-check query: the
pages that show it then run no query for it at all, and what is kept is a matter of dates and
of which services take bookings, where a minute's delay changes nothing a resident can tell;
whatever acts on it (starting an application, making a booking) asks the database itself.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from flask import current_app

Value = TypeVar("Value")


@dataclass
class _Copy:
    value: object = None
    read_at: float = 0.0
    changes: int = 0  # how many times a change made the copy stale
    lock: threading.Lock = field(default_factory=threading.Lock)


class KeptRead(Generic[Value]):
    """`read()`'s value, kept for `seconds` by each app (an app on another database keeps its
    own), read again after `forget()`."""

    def __init__(self, name: str, read: Callable[[], Value], seconds: float = 60.0):
        self.name = name
        self.read = read
        self.seconds = seconds

    def _copy(self) -> _Copy:
        found = current_app.extensions.get(self.name)
        if found is None:
            found = current_app.extensions.setdefault(self.name, _Copy())
        return found

    def get(self) -> Value:
        copy = self._copy()
        value, read_at, changes = copy.value, copy.read_at, copy.changes
        if value is None or time.monotonic() - read_at > self.seconds:
            value = self.read()
            with copy.lock:
                # Not kept if a change was saved meanwhile: what was read may predate it.
                if copy.changes == changes:
                    copy.value, copy.read_at = value, time.monotonic()
        return value

    def forget(self) -> None:
        copy = self._copy()
        with copy.lock:
            copy.value = None
            copy.changes += 1
