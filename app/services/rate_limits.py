"""Counters that limit how often something may be asked for (sign-in codes, for one).

Counters live in Redis when REDIS_URL is set, so that every web process counts together;
otherwise in this process's memory, which is right for one process and for tests.
"""

from dataclasses import dataclass

from flask import current_app
from limits import RateLimitItem, parse, storage, strategies

from app.models.base import utcnow

CODES_PER_NUMBER = parse("5/hour")
CODES_PER_ADDRESS = parse("20/hour")


@dataclass(frozen=True)
class Limited(Exception):
    """Asked too often: try again after `seconds`."""

    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))


def init_app(app) -> None:
    url = app.config.get("REDIS_URL") or "memory://"
    app.extensions["rate_limit_storage"] = storage.storage_from_string(url)
    app.extensions["rate_limiter"] = strategies.MovingWindowRateLimiter(
        app.extensions["rate_limit_storage"]
    )


def hit(limit: RateLimitItem, *key: str) -> None:
    """Counts one more request for `key`; raises Limited when there have been too many."""
    limiter = current_app.extensions["rate_limiter"]
    if not limiter.hit(limit, *key):
        reset_at = limiter.get_window_stats(limit, *key).reset_time
        raise Limited(max(1, int(reset_at - utcnow().timestamp())))


def reset() -> None:
    current_app.extensions["rate_limit_storage"].reset()
