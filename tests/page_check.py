"""Checks every HTML page a test fetches, the way a careful reviewer would read its source.

- it parses without a single error by the HTML5 parsing algorithm;
- it has exactly one h1, and its <title> starts with that h1 ("Error: " first when it shows errors);
- ids are unique, and every id that a label, aria attribute or in-page link points at exists;
- <html> has a known lang and the direction that language is written in;
- no text is left untranslated: outside places marked as another language (`lang`) and
  isolated values (`bdi`), a Chinese page has no Latin words and no Arabic letters, and a
  Uyghur page no Latin words and no Chinese characters;
- text typed by people (`bdi`) written in the script of another language alone (a Chinese
  name in a Uyghur page) is marked with its language, so that a screen reader changes voice.
- dates and times are written one way (app/formats.py): no time with seconds, and on a Uyghur
  page none of CLDR's other date orders (`2026 2-دېكابىر`, `2-دېكابىر، 2026`).
"""

import re
import xml.etree.ElementTree as ET

import html5lib

from app.config import LANGUAGES
from tests.helpers import message

DIRECTIONS = {spec["tag"]: spec["dir"] for spec in LANGUAGES.values()}
CODES = {spec["tag"]: code for code, spec in LANGUAGES.items()}
# Names that stay in Latin letters in every language.
PROPER_NOUNS = {
    "CSV",
    "Excel",
    "WCAG",
    "Web",
    "GB",
    "TalkBack",
    "VoiceOver",
    "NVDA",
    "CAPTCHA",
    "AA",
    "MB",
    # File types, written so on phones in every language.
    "JPEG",
    "PNG",
    "HEIC",
    "PDF",
}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
REFERENCE = re.compile(r"(CJ|BK)-\d{4}-\d{6}")
CJK = re.compile(r"[\u3400-\u9fff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
UYGHUR_ONLY = re.compile("[\u0626\u06d0\u06c8]")  # ئ ې ۈ: Kazakh writes none of them
SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
OLD_UYGHUR_DATES = re.compile(r"\d{4} \d{1,2}-[\u0600-\u06ff]+|\d{1,2}-[\u0600-\u06ff]+، \d{4}")
NOT_TEXT = {"script", "style", "template", "textarea"}  # textarea: what the user typed


class PageProblem(AssertionError):
    pass


def _text(element: ET.Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def _visible_words(element: ET.Element, skip: bool = False):
    """Text nodes outside script, `bdi` and elements that declare their own language."""
    skip = skip or element.tag in NOT_TEXT or element.tag == "bdi" or "lang" in element.attrib
    if not skip and element.text:
        yield element.text
    for child in element:
        yield from _visible_words(child, skip)
        if not skip and child.tail:
            yield child.tail


def _unmarked_text(element: ET.Element) -> str:
    """An element's text, less what elements inside it that declare their language hold."""
    parts = [element.text or ""]
    for child in element:
        if "lang" not in child.attrib:
            parts.append(_unmarked_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _unmarked_typed_texts(element: ET.Element, marked: bool = False):
    """The text of each `bdi` with no language of its own or of an element around it."""
    marked = marked or "lang" in element.attrib
    if element.tag == "bdi" and not marked:
        yield _unmarked_text(element)
    for child in element:
        yield from _unmarked_typed_texts(child, marked)


def check_page(html: str) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        root = parser.parse(html)
    except html5lib.html5parser.ParseError as error:
        line = html.splitlines()[parser.errors[0][0][0] - 1] if parser.errors else ""
        raise PageProblem(f"HTML does not parse: {error}\n{line}") from None

    lang = root.get("lang")
    if lang not in DIRECTIONS:
        raise PageProblem(f"<html lang> is {lang!r}")
    if root.get("dir") != DIRECTIONS[lang]:
        raise PageProblem(f"<html lang={lang}> has dir={root.get('dir')!r}")

    h1s = root.findall(".//h1")
    if len(h1s) != 1:
        raise PageProblem(f"{len(h1s)} h1 elements")
    heading = _text(h1s[0])
    title = _text(root.find(".//title"))
    shows_errors = root.find(".//*[@data-error-summary]") is not None
    expected = (message(CODES[lang], "Error:") + " " if shows_errors else "") + heading
    if not title.startswith(expected):
        raise PageProblem(f"title {title!r} does not start with {expected!r}")

    ids = [e.get("id") for e in root.iter() if e.get("id")]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise PageProblem(f"duplicate ids: {sorted(duplicates)}")
    targets = []
    for element in root.iter():
        for attribute in ("aria-describedby", "aria-labelledby", "aria-controls"):
            targets += (element.get(attribute) or "").split()
        if element.tag == "label" and element.get("for"):
            targets.append(element.get("for"))
        href = element.get("href") or ""
        if element.tag == "a" and href.startswith("#") and len(href) > 1:
            targets.append(href[1:])
    missing = set(targets) - set(ids)
    if missing:
        raise PageProblem(f"references to missing ids: {sorted(missing)}")

    # The title may name people and references, which have no <bdi> there: their scripts are
    # not checked, but a reference aside, nothing in it may be left in English.
    text = " ".join(_visible_words(root.find("body")))
    latin = set(LATIN_WORD.findall(text + " " + REFERENCE.sub("", title))) - PROPER_NOUNS
    if latin:
        raise PageProblem(f"untranslated text on a {lang} page: {sorted(latin)[:10]}")
    foreign, own = (CJK, ARABIC) if DIRECTIONS[lang] == "rtl" else (ARABIC, CJK)
    if CODES[lang] == "kk_Arab_CN" and UYGHUR_ONLY.search(text):
        raise PageProblem(f"Uyghur letters on a Kazakh page: {UYGHUR_ONLY.findall(text)[:10]}")
    if foreign.search(text):
        raise PageProblem(
            f"text of another language on a {lang} page: {foreign.findall(text)[:10]}"
        )
    for typed in _unmarked_typed_texts(root.find("body")):
        if foreign.search(typed) and not own.search(typed):
            raise PageProblem(f"typed text {typed!r} on a {lang} page has no lang")
    if SECONDS.search(text):
        raise PageProblem(f"a time with seconds: {SECONDS.findall(text)[:3]}")
    if lang == "ug" and OLD_UYGHUR_DATES.search(text):
        raise PageProblem(f"a date not in the one order: {OLD_UYGHUR_DATES.findall(text)[:3]}")
