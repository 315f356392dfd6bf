"""The time, as the prefecture counts it.

Residents, staff and payments keep Beijing time while a server may run in any zone (often UTC):
between 00:00 and 08:00 in Beijing a server in UTC still shows yesterday. Every "now" and
"today" of the app comes from here; ruff's banned-API rule (TID251 in pyproject.toml) forbids
`date.today()` and `datetime.now()` elsewhere. Plain functions of the system clock, so that tests
move it with time-machine (the `beijing_morning` fixture) and nothing else needs to know.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# The prefecture keeps Beijing time: days, years and reference numbers are counted in it.
LOCAL_TIME = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    """Now, as an aware UTC datetime: what the database stores."""
    return datetime.now(UTC)


def local_now() -> datetime:
    """Now in Beijing, aware: for the hour, the year, the day."""
    return utcnow().astimezone(LOCAL_TIME)


def local_today() -> date:
    """Today in Beijing, whatever the server's zone."""
    return local_now().date()
