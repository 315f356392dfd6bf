"""Makes the app's icons in static/icons: a white heart on the service's green, plain and maskable
(the maskable one keeps its drawing inside the central safe zone). Run it when the design changes:
`.venv/bin/python pwa/make_icons.py`."""

from pathlib import Path

from PIL import Image, ImageDraw

TARGET = Path(__file__).resolve().parent.parent / "static" / "icons"
GREEN = (0, 112, 60)
WHITE = (255, 255, 255)


def heart(draw: ImageDraw.ImageDraw, centre: float, width: float) -> None:
    """A heart drawn from two circles and a triangle, `width` wide, centred."""
    r = width / 4
    top = centre - width * 0.22
    draw.ellipse((centre - 2 * r, top - r, centre, top + r), fill=WHITE)
    draw.ellipse((centre, top - r, centre + 2 * r, top + r), fill=WHITE)
    draw.polygon(
        [
            (centre - 2 * r + 1, top + r * 0.35),
            (centre + 2 * r - 1, top + r * 0.35),
            (centre, centre + width * 0.45),
        ],
        fill=WHITE,
    )


def icon(size: int, maskable: bool) -> Image.Image:
    image = Image.new("RGB", (size, size), GREEN)
    heart(ImageDraw.Draw(image), size / 2, size * (0.5 if maskable else 0.66))
    return image


if __name__ == "__main__":
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in [
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
        ("apple-touch-icon.png", 180, False),
    ]:
        icon(size, maskable).save(TARGET / name, optimize=True)
        print(name, (TARGET / name).stat().st_size)
