"""How a booking's choices read: a station, an event, a time; in the reader's language, each
choice whole on its own for a screen reader."""

from collections import OrderedDict
from datetime import date
from functools import lru_cache

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app import formats
from app.apply.summary import Row
from app.book.steps import JOURNEY
from app.built_urls import kept_url_for
from app.catalogue import DEVICE_TITLES, SERVICE_TITLES, local
from app.districts import DISTRICTS
from app.forms.rendering import choice_label, pause, unseen
from app.i18n import isolated
from app.models import EVENTS, HOME_CARE, Service, Slot
from app.services import bookings


def station_label(station, *more: str) -> object:
    """A station (or its row) as a choice: its name, then where it is, when it opens and how to
    get in."""
    return _station_label(
        str(get_locale()),
        station.district,
        _frozen(station.name),
        _frozen(station.address),
        _frozen(station.opening_hours),
        _frozen(station.accessibility),
        tuple(str(words) for words in more),
    )


def _frozen(texts: dict | None) -> tuple | None:
    return tuple(texts.items()) if texts else None


# Made once a process for the same words in the same language: a station's texts are public and
# the key is what they say, so a station changed by an administrator is another key.
@lru_cache(maxsize=1024)
def _station_label(
    locale: str, district: str, name, address, opening_hours, accessibility, more: tuple
) -> Markup:
    return choice_label(
        typed(dict(name) if name else None),
        Markup("%s · %s") % (DISTRICTS[district], typed(dict(address) if address else None)),
        typed(dict(opening_hours) if opening_hours else None),
        typed(dict(accessibility) if accessibility else None),
        *more,
    )


def typed(texts: dict | None) -> Markup | str:
    """A text staff typed in each language, in the reader's, isolated and marked with its
    language when it is not the page's (a station with no Uyghur name yet)."""
    text = local(texts)
    return isolated(text) if text else ""


def place_question(service: str) -> str:
    if service in HOME_CARE:
        return _("Which home-care provider?")
    if service == Service.DEVICE_LOAN:
        return _("Which lending station?")
    return _("Which rehabilitation station?")


def when(slot) -> str:
    """The whole date with its weekday, and the times, in the reader's language."""
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": formats.day_with_weekday(slot.starts_at),
        "start": formats.clock(slot.starts_at),
        "end": formats.clock(slot.ends_at),
    }


def places_left(number: int) -> str:
    return ngettext("%(num)s place left", "%(num)s places left", number)


def event_label(slot: Slot) -> object:
    """A course or a job fair as a choice: its title, when, where, and the places left."""
    return choice_label(
        typed(slot.title),
        when(slot),
        Markup("%s · %s") % (typed(slot.station.name), DISTRICTS[slot.station.district]),
        places_left(slot.places_left),
    )


# The words of a page of times that are the same for every reader of a language (a day's words
# for a screen reader, an hour, the places left), each isolated once a process: nothing in them
# is anyone's, and what they are made of (dates, translations) does not change.
@lru_cache(maxsize=4096)
def _isolated_once(text: str, locale: str) -> Markup:
    return isolated(text)


@lru_cache(maxsize=1024)
def _hidden_day(day: str, gap: str, locale: str) -> Markup:
    return isolated(unseen(day + gap))


@lru_cache(maxsize=256)
def _places_left_once(number: int, locale: str) -> Markup:
    return isolated(places_left(number))


def time_choices(slots: list) -> tuple[list, "OrderedDict[str, list[str]]"]:
    """Choices for the time step (`slots`: bookings.open_times's rows), grouped by day. Each
    choice's words hold the whole date, the weekday, the time and the places left: what a
    screen reader reads for the option alone, with a pause between the day (hidden: its group's
    legend shows it) and the time."""
    choices, days = [], OrderedDict()
    # As `with_names` writes it; a page of times holds the same days, hours and numbers again
    # and again, so each is translated, written and isolated once. Each part is Markup already
    # (isolated): put in as it is, as Markup's % would.
    sentence, gap = str(escape(_("%(day)s %(start)s to %(end)s, %(places)s"))), pause()
    write = formats.Writer()
    locale = str(write.locale)
    hours: dict = {}

    def hour(moment) -> Markup:
        if moment not in hours:
            hours[moment] = _isolated_once(write.clock(moment), locale)
        return hours[moment]

    for slot in slots:
        day = write.day_with_weekday(slot.starts_at)
        label = Markup(
            sentence
            % {
                "day": _hidden_day(day, gap, locale),
                "start": hour(slot.starts_at),
                "end": hour(slot.ends_at),
                "places": _places_left_once(slot.places_left, locale),
            }
        )
        value = str(slot.id)
        choices.append((value, label))
        days.setdefault(day, []).append(value)
    return choices, days


def check_rows(draft) -> list[Row]:
    """ "Check your booking": one row a step answered, each with its Change link."""
    slot = bookings.slot_and_place(draft["slot_id"]) if "slot_id" in draft else None
    if slot is not None and slot.station_id == draft["station_id"]:
        place = slot.station_name
    else:
        place = bookings.station(draft["station_id"]).name
    rows = [Row.value(_("Service"), SERVICE_TITLES[draft.service], kept_url_for("book.service"))]
    if JOURNEY.step("for-whom").applies(draft):
        rows.append(Row.value(_("For"), draft.resident.display_name, kept_url_for("book.for_whom")))
    if "device" in draft:
        device = DEVICE_TITLES[draft["device"]]
        rows.append(Row.value(_("Device"), device, kept_url_for("book.device")))
    rows.append(Row.value(_("Place"), local(place), kept_url_for("book.place")))
    if "slot_id" in draft:
        change = kept_url_for("book.place" if draft.service in EVENTS else "book.time")
        rows.append(Row.value(_("When"), when(slot), change))
    if "collect_on" in draft:
        day = formats.day_with_weekday(date.fromisoformat(draft["collect_on"]))
        rows.append(Row.value(_("Collect on"), day, kept_url_for("book.time")))
    for key, label in (
        ("address", _("Address for the visit")),
        ("needs", _("Help needed")),
        ("access_notes", _("Getting in")),
    ):
        if draft.get(key):
            rows.append(Row.value(label, draft[key], kept_url_for("book.details")))
    return rows


def radio_items(field) -> dict[str, str]:
    """A Radios field's choices as its templates write them (components/fields.html; each input
    as WTForms' RadioInput writes it: the same attributes in the same order, the same escaping),
    by value: without a subfield, a widget and a macro call a choice."""
    name, prefix = escape(field.name), escape(field.id)
    items = {}
    for number, choice in enumerate(field.iter_choices()):
        checked = " checked" if choice.selected else ""
        value = str(escape(choice.value)).replace('"', "&quot;")
        label = escape(choice.label or choice.value)
        items[choice.value] = (
            f'<div class="choice"><input{checked} class="choice-input" id="{prefix}-{number}"'
            f' name="{name}" type="radio" value="{value}"><label class="choice-label"'
            f' for="{prefix}-{number}">{label}</label></div>'
        )
    return items


def radio_choices(field) -> Markup:
    """The choices of book/choose.html, each on its line."""
    return Markup("".join("\n    " + item for item in radio_items(field).values()))


def radio_days(field, days: "OrderedDict[str, list[str]]") -> "OrderedDict[str, Markup]":
    """The choices of book/time.html, each day's on their lines (`days` from time_choices)."""
    items = radio_items(field)
    return OrderedDict(
        (day, Markup("".join("\n          " + items[value] for value in values)))
        for day, values in days.items()
    )
