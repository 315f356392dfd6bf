"""Counters that limit how often something may be asked for: sign-in codes, family link requests.

Counters live in Redis when REDIS_URL is set, so that every web process counts together;
otherwise in this process's memory, which is right for the demo and for tests.

Sign-in codes are counted three ways, and whoever is refused is told which count was reached.

- Per number (5 an hour) protects the person who owns the number: at most 5 texts an hour reach
  their phone however many people type it in (no SMS bombing), and with 5 tries a code, at most
  25 guesses an hour are compared against their codes (a six-digit code then takes about
  40,000 hours of guessing on average, with 5 texts an hour warning its owner all along).
- Per device (10 an hour): a long-lived random cookie set by the app (`app.devices`), so that
  someone who asked many times on this phone or computer is told exactly that. An attacker can
  drop the cookie, so this count is for telling honest people the truth, not a defence.
- Per network (300 an hour): an IPv4 address, or an IPv6 /64 (one home or office gets a whole
  /64, so counting single IPv6 addresses would count nothing). High, because a community
  centre's Wi-Fi or a mobile operator's carrier-grade NAT puts hundreds of honest people behind
  one address; it only stops one machine from sending codes to thousands of numbers.

The tension: a limit per number that stops SMS bombing is also a limit that a stranger can use
up, keeping the owner from getting a code for up to an hour. We accept that hour, and keep it
short and visible: the stranger must send the owner's phone 5 texts to do it (so the owner sees
something is wrong), the limit is a moving hour (never a long lock), wrong guesses lock nothing
but the code guessed (`services.sign_in`), a request refused by one limit counts against none
(a stranger refused on their own device or network does not use up the owner's codes), and a
passkey signs in with no code and no limit at all. The message for the per-number limit says
the number has had its codes, not "you asked too many times": it may not have been them.
"""

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass

from flask import current_app
from limits import RateLimitItem, parse, storage, strategies

from app.models.base import utcnow

CODES_PER_NUMBER = parse("5/hour")
CODES_PER_DEVICE = parse("10/hour")
CODES_PER_NETWORK = parse("300/hour")
LINK_REQUESTS_PER_PERSON = parse("10/hour")
# Each passkey sign-in begins by asking for a challenge, which is kept for five minutes: a
# network asking for thousands would fill the table with nothing.
PASSKEY_CHALLENGES_PER_NETWORK = parse("600/hour")


@dataclass(frozen=True)
class Counter:
    """One count to make: which limit (its name says which to tell the person), for whom."""

    name: str
    limit: RateLimitItem
    key: str


@dataclass(frozen=True)
class Limited(Exception):
    """Asked too often by the count named `counter`: try again after `seconds`."""

    seconds: int
    counter: str = ""

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))


def init_app(app) -> None:
    url = app.config.get("REDIS_URL") or "memory://"
    app.extensions["rate_limit_storage"] = storage.storage_from_string(url)
    app.extensions["rate_limiter"] = strategies.MovingWindowRateLimiter(
        app.extensions["rate_limit_storage"]
    )


def hit(*counters: Counter) -> None:
    """Counts one more request on every counter, or on none: when any counter has reached its
    limit, raises Limited for the first such and counts nothing, so that a refused request
    uses up no one's allowance."""
    limiter = current_app.extensions["rate_limiter"]
    for counter in counters:
        if not limiter.test(counter.limit, counter.name, counter.key):
            raise _limited(limiter, counter)
    for counter in counters:
        if not limiter.hit(counter.limit, counter.name, counter.key):  # filled a moment ago
            raise _limited(limiter, counter)


def _limited(limiter, counter: Counter) -> Limited:
    reset_at = limiter.get_window_stats(counter.limit, counter.name, counter.key).reset_time
    return Limited(max(1, int(reset_at - utcnow().timestamp())), counter.name)


def network_of(address: str) -> str:
    """The network an address is counted by: an IPv4 address itself, an IPv6 address's /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def pseudonym(value: str) -> str:
    """A mobile number as counters see it: keyed and hashed, so no store holds phone numbers."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:24]


def reset() -> None:
    current_app.extensions["rate_limit_storage"].reset()
