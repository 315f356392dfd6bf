"""A bar chart drawn on the server as SVG: the figures' table describes it, so the chart
itself is a picture for those who see it, with one text alternative for those who do not."""

from dataclasses import dataclass

WIDTH = 640
LABEL_HEIGHT = 22
BAR_HEIGHT = 18
GAP = 14
VALUE_ROOM = 90  # room after the longest bar for its number


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    shown: str  # the value as the locale writes it
    label_y: int
    bar_y: int
    bar_x: int
    bar_width: int
    value_x: int
    bar_height: int = BAR_HEIGHT


def bars(rows: list[tuple[str, int, str]], rtl: bool) -> tuple[list[Bar], int]:
    """Bars for (label, value, value as shown), longest to scale; mirrored for right-to-left
    pages, so that bars grow from the side where reading starts. Returns them and the height."""
    largest = max((value for _label, value, _shown in rows), default=0) or 1
    room = WIDTH - VALUE_ROOM
    drawn = []
    y = 0
    for label, value, shown in rows:
        width = round(room * value / largest)
        bar_x = WIDTH - width if rtl else 0
        value_x = WIDTH - width - 6 if rtl else width + 6
        drawn.append(Bar(label, value, shown, y + 16, y + LABEL_HEIGHT, bar_x, width, value_x))
        y += LABEL_HEIGHT + BAR_HEIGHT + GAP
    return drawn, max(y, 1)
