"""How each language writes a date, a time, a list and two sentences side by side: one set of
formats, used by every page, text message and notice.

CLDR's Uyghur data writes a date three ways (`2026 2-دېكابىر، چارشەنبە`, `2-دېكابىر، 2026`,
`2026-12-02`) and joins lists with English words, so the project writes its own here. A
language without an entry (a third one, say) falls back to CLDR's formats.
"""

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache

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
}
CLDR = {"day": "long", "weekday": "full", "moment": "short", "clock": "short"}

# The mark between items of a list of choices (CLDR's Uyghur one is English's), and between two
# sentences (Chinese needs none).
SEPARATORS = {"zh": "、", "ug": "، "}
SENTENCE_GAPS = {"zh": ""}


def _pattern(name: str) -> str:
    return PATTERNS.get(str(get_locale()), CLDR).get(name, CLDR[name])


FORMATTERS = {"day": format_date, "weekday": format_date, "moment": format_datetime}


def _written(name: str, value: date | datetime) -> str:
    """`value` written with the format `name` in the reader's language and time zone. The same
    value in the same language and zone is always written the same way, so it is worked out
    through Babel once (a page of times writes the same days and hours again and again)."""
    locale = get_locale()
    if locale is None:  # outside a request or an app context: Flask-Babel says what it does
        return FORMATTERS.get(name, format_time)(value, _pattern(name))
    return _cached(name, locale, get_timezone(), type(value), value)


@lru_cache(maxsize=4096)
def _cached(name: str, locale, zone, kind: type, value: date | datetime) -> str:
    # `kind` apart from `value`: a date and a datetime of the same day are written differently.
    # The caller's locale and zone are the ones Flask-Babel uses here (same context).
    return FORMATTERS.get(name, format_time)(value, _pattern(name))


def day(value: date | datetime) -> str:
    """`2026年12月2日`, `2026-يىلى 2-دېكابىر`."""
    return _written("day", value)


def day_with_weekday(value: date | datetime) -> str:
    """`2026年12月2日星期三`, `2026-يىلى 2-دېكابىر، چارشەنبە`."""
    return _written("weekday", value)


def moment(value: datetime) -> str:
    """A date and a time of day (Beijing time), without seconds."""
    return _written("moment", value)


def clock(value: datetime) -> str:
    """A time of day (Beijing time), without seconds: `10:00`."""
    return _written("clock", value)


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
