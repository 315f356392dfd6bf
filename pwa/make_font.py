"""Makes the Uyghur (and Kazakh) font subsets in static/fonts from Debian's Noto Sans Arabic.

The subset keeps only the letters of the Uyghur and Kazakh Arabic-script alphabets and their
punctuation, with every shaping feature, so that a Uyghur page downloads about 18 KB a weight.
Run it when the letters change: `.venv/bin/python pwa/make_font.py` (needs fonttools, brotli and
Debian's fonts-noto-core).
"""

from pathlib import Path

from fontTools import subset

SOURCE = Path("/usr/share/fonts/truetype/noto")
TARGET = Path(__file__).resolve().parent.parent / "static" / "fonts"
UYGHUR = "ئاەبپتجچخدرزژسشغفقكگڭلمنھوۇۆۈۋېىي"
KAZAKH = "ٵٶٷٸحعءٴ"
PUNCTUATION = "،؛؟«»"
JOINERS = [0x200C, 0x200D, 0x0640]  # zero-width non-joiner and joiner, tatweel
VERSION = 1


def codepoints() -> list[int]:
    return sorted({ord(c) for c in UYGHUR + KAZAKH + PUNCTUATION} | set(JOINERS))


def make(weight: str) -> Path:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(SOURCE / f"NotoSansArabic-{weight}.ttf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    target = TARGET / f"uyghur-{weight.lower()}-{VERSION}.woff2"
    subset.save_font(font, str(target), options)
    return target


if __name__ == "__main__":
    for weight in ("Regular", "Bold"):
        made = make(weight)
        print(f"{made.name}: {made.stat().st_size:,} bytes")
    print("unicode-range:", ", ".join(f"U+{c:04X}" for c in codepoints()))
