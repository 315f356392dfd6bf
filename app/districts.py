"""The seven county-level districts of Changji Prefecture, each with its own federation."""

from app.translations import lazy_gettext as _l

DISTRICTS = {
    "changji": _l("Changji City"),
    "fukang": _l("Fukang City"),
    "hutubi": _l("Hutubi County"),
    "manas": _l("Manas County"),
    "qitai": _l("Qitai County"),
    "jimsar": _l("Jimsar County"),
    "mori": _l("Mori Kazakh Autonomous County"),
}


def district_choices() -> list[tuple[str, object]]:
    return list(DISTRICTS.items())
