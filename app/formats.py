"""How each language writes a date, a time, a list and two sentences side by side: one set of
formats, used by every page, text message and notice.

CLDR's Uyghur data writes a date three ways (`2026 2-دېكابىر، چارشەنبە`, `2-دېكابىر، 2026`,
`2026-12-02`) and joins lists with English words, so the project writes its own here. A
language without an entry (a third one, say) falls back to CLDR's formats.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache

from babel import Locale, dates
from flask_babel import format_date, format_datetime, format_time, get_locale, get_timezone
from markupsafe import Markup

# day: the date; weekday: with the day of the week; moment: a date and a time, without seconds;
# clock: a time of day, without seconds.
PATTERNS = {
    "zh": {
        "day": "y年M月d日",
        "weekday": "y年M月d日EEEE",
        "moment": "y年M月d日 HH:mm",
        "clock": "HH:mm",
    },
    "ug": {
        "day": "y-'يىلى' d-MMMM",
        "weekday": "y-'يىلى' d-MMMM، EEEE",
        "moment": "y-'يىلى' d-MMMM، HH:mm",
        "clock": "HH:mm",
    },
    # CLDR's Kazakh in Arabic script writes `2026، 2-جەلتوقسان` and a moment as `02-12-2026,
    # 14:30`; Kazakh readers in China write the year as the Uyghur do, with its word.
    "kk_Arab_CN": {
        "day": "y-'جىلى' d-MMMM",
        "weekday": "y-'جىلى' d-MMMM، EEEE",
        "moment": "y-'جىلى' d-MMMM، HH:mm",
        "clock": "HH:mm",
    },
}
CLDR = {"day": "long", "weekday": "full", "moment": "short", "clock": "short"}

# The mark between items of a list of choices (CLDR's Uyghur one is English's), and between two
# sentences (Chinese needs none).
SEPARATORS = {"zh": "、", "ug": "، "}
SENTENCE_GAPS = {"zh": ""}


def _pattern(name: str) -> str:
    return PATTERNS.get(str(get_locale()), CLDR).get(name, CLDR[name])


FORMATTERS = {"day": format_date, "weekday": format_date, "moment": format_datetime}


@lru_cache(maxsize=4096)
def _cached(name: str, locale: Locale, zone: tzinfo, kind: type, value: date | datetime) -> str:
    """As Flask-Babel's format_date, format_datetime and format_time write `value` in `locale`
    and `zone` (without a date format of the app's own: it has none). `kind` apart from
    `value`: a date and a datetime of the same day are written differently."""
    pattern = PATTERNS.get(str(locale), CLDR).get(name, CLDR[name])
    if name in ("day", "weekday"):
        if isinstance(value, datetime):
            value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone)
            value = zone.normalize(value) if hasattr(zone, "normalize") else value  # pytz
        return dates.format_date(value, pattern, locale=locale)
    if name == "moment":
        return dates.format_datetime(value, pattern, locale=locale, tzinfo=zone)
    return dates.format_time(value, pattern, locale=locale, tzinfo=zone)


class Writer:
    """Dates and times in the reader's language and time zone, looked up once: for a page that
    writes many (a page of times).

    The same value in the same language and zone is always written the same way, so each is
    worked out through Babel once (a page of times writes the same days and hours again)."""

    def __init__(self):
        self.locale = get_locale()
        self.zone = get_timezone() if self.locale is not None else None

    def _written(self, name: str, value: date | datetime) -> str:
        if self.locale is None:  # outside a request or an app context: as Flask-Babel does
            return FORMATTERS.get(name, format_time)(value, _pattern(name))
        return _cached(name, self.locale, self.zone, type(value), value)

    def day(self, value: date | datetime) -> str:
        """`2026年12月2日`, `2026-يىلى 2-دېكابىر`."""
        return self._written("day", value)

    def day_with_weekday(self, value: date | datetime) -> str:
        """`2026年12月2日星期三`, `2026-يىلى 2-دېكابىر، چارشەنبە`."""
        return self._written("weekday", value)

    def moment(self, value: datetime) -> str:
        """A date and a time of day (Beijing time), without seconds."""
        return self._written("moment", value)

    def clock(self, value: datetime) -> str:
        """A time of day (Beijing time), without seconds: `10:00`."""
        return self._written("clock", value)


def day(value: date | datetime) -> str:
    """`2026年12月2日`, `2026-يىلى 2-دېكابىر`."""
    return Writer().day(value)


def day_with_weekday(value: date | datetime) -> str:
    """`2026年12月2日星期三`, `2026-يىلى 2-دېكابىر، چارشەنبە`."""
    return Writer().day_with_weekday(value)


def moment(value: datetime) -> str:
    """A date and a time of day (Beijing time), without seconds."""
    return Writer().moment(value)


def clock(value: datetime) -> str:
    """A time of day (Beijing time), without seconds: `10:00`."""
    return Writer().clock(value)


def joined(items: Iterable) -> str:
    """A list of chosen options: `助餐、助洁`, `تاماق، تازىلىق`."""
    locale = get_locale()
    middle = locale.list_patterns["standard"]["middle"].format("", "")
    return _join(SEPARATORS.get(str(locale), middle), list(items))


def sentences(*parts) -> str:
    """Sentences side by side, as the language writes them (no space after `。`)."""
    return _join(SENTENCE_GAPS.get(str(get_locale()), " "), [part for part in parts if part])


def _join(mark: str, parts: list) -> str | Markup:
    """Text stays text (a text message); with any HTML among the parts, the rest is escaped."""
    if any(hasattr(part, "__html__") for part in parts):
        return Markup(mark).join(parts)
    return mark.join(str(part) for part in parts)
