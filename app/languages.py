"""The languages the service speaks: one for each catalogue in the translations folder.

A language is added by adding its catalogue (translations/<locale>/LC_MESSAGES/messages.po,
compiled), not by changing code: its code is the folder's name (a Babel locale such as
`kk_Arab_CN`), its direction comes from CLDR, and two entries of the catalogue itself give its
own name for the language switch and its BCP 47 tag for `lang` attributes. The default
language comes first, the others in the order of their own names. Read once, when the app's
settings are read; a catalogue is only read here, never written.
"""

import gettext
import re
from itertools import islice
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

# Whether a native speaker has reviewed the catalogue, as its header comment says
# (`# Reviewed by a native speaker: no`): until one has, every page in the language says so.
NOT_REVIEWED = re.compile(r"^# Reviewed by a native speaker: no\b", re.MULTILINE)


class NoCatalogues(RuntimeError):
    pass


def _catalogue(folder: Path):
    """The compiled catalogue, or the source when it is not compiled yet (a command run before
    `make translations`): either answers pgettext."""
    compiled = folder / "LC_MESSAGES" / "messages.mo"
    if compiled.exists():
        with compiled.open("rb") as file:
            return gettext.GNUTranslations(file)
    with (folder / "LC_MESSAGES" / "messages.po").open("rb") as file:
        source = read_po(file)
    return _SourceCatalogue(source)


class _SourceCatalogue:
    def __init__(self, catalogue):
        self.catalogue = catalogue

    def pgettext(self, context: str, message: str) -> str:
        found = self.catalogue.get(message, context)
        return found.string if found is not None and found.string else message


# The two entries every catalogue translates about itself (docs/translating.md).
def _own_name(catalogue, locale: Locale) -> str:
    name = catalogue.pgettext("the language's own name, in the language switch", "this language")
    return name if name != "this language" else locale.get_display_name(locale)


def _tag(catalogue, code: str) -> str:
    tag = catalogue.pgettext("the language's BCP 47 tag, for lang attributes", "und")
    return tag if tag != "und" else code.replace("_", "-")


def _header_comment(folder: Path) -> str:
    with (folder / "LC_MESSAGES" / "messages.po").open(encoding="utf-8") as file:
        return "".join(line for line in islice(file, 20) if line.startswith("#"))


def discover(translations: Path, default: str) -> dict[str, dict]:
    """{code: {"code", "tag", "dir", "name", "reviewed"}} for each catalogue in `translations`."""
    found = {}
    for folder in sorted(translations.iterdir()):
        if not (folder / "LC_MESSAGES" / "messages.po").exists():
            continue
        try:
            locale = Locale.parse(folder.name)
        except (ValueError, UnknownLocaleError):
            continue  # not a language's folder
        catalogue = _catalogue(folder)
        found[folder.name] = {
            "code": folder.name,
            "tag": _tag(catalogue, folder.name),
            "dir": locale.text_direction,
            "name": _own_name(catalogue, locale),
            "reviewed": not NOT_REVIEWED.search(_header_comment(folder)),
        }
    if default not in found:
        raise NoCatalogues(f"no catalogue for the default language in {translations}")
    others = sorted((code for code in found if code != default), key=lambda c: found[c]["name"])
    return {code: found[code] for code in [default, *others]}
