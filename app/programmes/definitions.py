"""Programme definitions: one TOML file per programme, read and checked here.

A definition that is wrong stops the service with a message naming the file and the place,
so that a mistake is found when it is made, not by a resident. The format is described in
docs/programmes.md. Texts are English message ids, translated in the .po catalogues.
"""

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import Field, dataclass, field, fields
from pathlib import Path
from typing import Any

from babel.support import Translations

FOLDER = Path(__file__).parent
COMMON_FILE = FOLDER / "_common.toml"
CHECKER_FILE = FOLDER / "_checker.toml"

FIELD_TYPES = {
    "text": "a line of text",
    "textarea": "several lines of text",
    "money": "an amount in yuan",
    "choice": "one of several options (radio buttons)",
    "choices": "any of several options (checkboxes)",
    "yes_no": "yes or no",
    "date": "a date as day, month and year",
    "id_number": "a resident identity card number",
    "certificate_number": "a disability certificate number",
    "mobile": "a mobile phone number",
    "credit_code": "a unified social credit code",
    "bank_account": "a bank account number",
    "district": "one of the seven districts",
    "file": "photos or files of a document",
}
# Answers of these types are encrypted at rest (decision 13): they identify a person or reach
# their money. (A business's credit code is public, on the national credit register.)
ENCRYPTED_TYPES = {"id_number", "certificate_number", "bank_account"}
# Questions that may be left out when they have no `required` message.
OPTIONAL_TYPES = {"text", "textarea", "money", "choices", "file"}
PAYMENTS = ("one-off", "monthly", "service")
# Facts that are worked out from answers rather than asked, and the answer they come from.
DERIVED_FACTS = {
    "has_certificate": "certificate_number",
    "grade": "certificate_number",
    "category": "certificate_number",
}

# The keys each part of a definition may have; any other key is a mistake (a typo, say). A
# question's keys are FieldSpec's attributes (FIELD_KEYS, below it).
PROGRAMME_KEYS = {
    "code",
    "title",
    "summary",
    "minutes",
    "order",
    "payment",
    "yuan",
    "amount_note",
    "start",
    "eligibility",
    "pages",
}
START_KEYS = {"lead", "who", "need"}
RULE_KEYS = {"fact", "is", "in", "yes", "no"}
# Keys whose values are texts for people, to be translated.
TEXT_KEYS = {
    "title",
    "summary",
    "amount_note",
    "lead",
    "who",
    "need",
    "label",
    "hint",
    "short",
    "required",
    "too_long",
    "not_future",
    "not_past",
    "yes_label",
    "no_label",
    "heading",
    "item",
    "add_another",
    "add_required",
    "too_few",
    "yes",
    "no",
}


class DefinitionError(Exception):
    """A mistake in a definition file, with where it is."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Condition:
    """Earlier answers a page needs before it is asked: every name must have one of its values."""

    needs: tuple[tuple[str, tuple[str, ...]], ...]

    def holds(self, answers) -> bool:
        for name, values in self.needs:
            given = answers.get(name)
            given = given if isinstance(given, list) else [given]
            if not any(str(g) in values for g in given if g is not None):
                return False
        return True


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    label: str
    hint: str | None = None
    short: str | None = None
    required: str | None = None
    options: tuple[Option, ...] = ()
    max: int | None = None
    too_long: str | None = None
    rows: int | None = None
    autocomplete: str | None = None
    not_future: str | None = None
    not_past: str | None = None
    yes_label: str | None = None
    no_label: str | None = None
    reuse: bool = False


# A question may have every attribute of FieldSpec, and a condition. Those after `options` are
# read by their type (_read_attribute); one that is a text for people goes in TEXT_KEYS too.
FIELD_KEYS = {attribute.name for attribute in fields(FieldSpec)} | {"when"}
PAGE_KEYS = FIELD_KEYS | {
    "use",
    "slug",
    "heading",
    "fields",
    "item",
    "add_another",
    "add_required",
    "min",
    "too_few",
}
READ_BY_TYPE = [a for a in fields(FieldSpec) if a.name not in {"name", "type", "label", "options"}]


@dataclass(frozen=True)
class GroupSpec:
    """Items added one at a time ("add another"), each item answering the same fields."""

    item: str  # the heading of one item's page, with %(num)s
    add_another: str
    add_required: str
    too_few: str | None
    min: int
    max: int


@dataclass(frozen=True)
class PageSpec:
    slug: str
    fields: tuple[FieldSpec, ...]
    heading: str | None = None
    when: Condition | None = None
    group: GroupSpec | None = None
    name: str | None = None  # a group's answer name
    short: str | None = None  # a group's name on "Check your answers"


@dataclass(frozen=True)
class Rule:
    """Who can get a programme: a fact and the values it must have, and why, both ways."""

    fact: str
    values: tuple[str, ...]
    yes: str
    no: str

    def verdict(self, facts) -> bool | None:
        """True or False when the fact is known, None when it is not."""
        value = facts.get(self.fact)
        return None if value is None else str(value) in self.values


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    title: str
    summary: str
    minutes: int
    order: int
    payment: str
    yuan: int | None
    amount_note: str | None
    lead: str
    who: tuple[str, ...]
    need: tuple[str, ...]
    eligibility: tuple[Rule, ...]
    pages: tuple[PageSpec, ...]
    source: Path = field(compare=False)


@dataclass(frozen=True)
class CheckerSpec:
    """The eligibility checker's questions, asked on one page without signing in."""

    fields: tuple[FieldSpec, ...]
    source: Path = field(compare=False)


class _Reader:
    """Reads one table of a definition, knowing where it is for error messages."""

    def __init__(self, data: Any, file: Path, place: str, keys: set[str]):
        self.file, self.place = file, place
        if not isinstance(data, dict):
            self.fail("must be a table of keys and values")
        self.data = data
        unknown = sorted(set(data) - keys)
        if unknown:
            self.fail(f"unknown key {unknown[0]!r}; the keys here are: {', '.join(sorted(keys))}")

    def fail(self, problem: str, key: str | None = None):
        where = ".".join(part for part in (self.place, key) if part) or "top"
        raise DefinitionError(f"{self.file.name}: {where}: {problem}")

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail("is missing", key)
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail("must be a text", key)
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail("must be a list of texts", key)
        return tuple(value)

    def integer(self, key: str, default: int | None = None, least: int = 0) -> int | None:
        value = self.data.get(key, default)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            self.fail(f"must be a whole number, {least} or more", key)
        return value

    def child(self, key: str, keys: set[str], index: int | None = None) -> "_Reader":
        data = self.data.get(key) if index is None else self.data[key][index]
        place = f"{self.place}.{key}" if self.place else key
        return _Reader(data, self.file, place + (f"[{index}]" if index is not None else ""), keys)

    def tables(self, key: str) -> list[int]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.fail("must be a list of tables ([[...]])", key)
        return list(range(len(value)))


def _read_field(reader: _Reader) -> FieldSpec:
    name = reader.text("name")
    if not name.isidentifier() or not name.islower():
        reader.fail("must be lower case letters, digits and _", "name")
    kind = reader.text("type")
    if kind not in FIELD_TYPES:
        known = ", ".join(sorted(FIELD_TYPES))
        reader.fail(f"unknown question type {kind!r}; the types are: {known}", "type")
    options = ()
    if kind in ("choice", "choices"):
        indexes = reader.tables("options")
        if len(indexes) < 2:
            reader.fail("a choice needs at least two options", "options")
        options = tuple(
            Option(
                value=reader.child("options", {"value", "label"}, i).text("value"),
                label=reader.child("options", {"value", "label"}, i).text("label"),
            )
            for i in indexes
        )
        values = [o.value for o in options]
        if len(set(values)) != len(values):
            reader.fail("two options have the same value", "options")
    spec = FieldSpec(
        name=name,
        type=kind,
        label=reader.text("label"),
        options=options,
        **{attribute.name: _read_attribute(reader, attribute) for attribute in READ_BY_TYPE},
    )
    if spec.max and kind in ("text", "textarea") and not spec.too_long:
        reader.fail("a text with a max needs a too_long message", "too_long")
    if spec.required is None and kind not in OPTIONAL_TYPES:
        reader.fail("must say what to do when the question is left out", "required")
    return spec


def _read_attribute(reader: _Reader, attribute: Field):
    """An optional attribute of a question, read as its type in FieldSpec says."""
    if attribute.type is bool:
        return bool(reader.data.get(attribute.name, attribute.default))
    if attribute.type == int | None:
        return reader.integer(attribute.name, least=1)
    if attribute.type == str | None:
        return reader.text(attribute.name, required=False)
    raise TypeError(f"FieldSpec.{attribute.name}: no reader for {attribute.type}")


def _read_condition(reader: _Reader, asked: set[str]) -> Condition | None:
    when = reader.data.get("when")
    if when is None:
        return None
    if not isinstance(when, dict) or not when:
        reader.fail('must be a table such as { has_licence = "yes" }', "when")
    needs = []
    for name, values in when.items():
        if name not in asked:
            reader.fail(f"names {name!r}, which no earlier question asks", "when")
        values = values if isinstance(values, list) else [values]
        needs.append((name, tuple(str(v) for v in values)))
    return Condition(tuple(needs))


def _read_page(reader: _Reader, common: dict[str, dict], asked: set[str]) -> PageSpec:
    if "use" in reader.data:
        name = reader.data["use"]
        if name not in common:
            known = ", ".join(sorted(common))
            reader.fail(
                f"uses {name!r}, which _common.toml does not define; it has: {known}", "use"
            )
        # A common page, with this page's own keys (a hint for this programme, say) on top.
        merged = {**common[name], **{k: v for k, v in reader.data.items() if k != "use"}}
        reader = _Reader(merged, reader.file, reader.place, PAGE_KEYS)
    when = _read_condition(reader, asked)
    if reader.data.get("type") == "group":
        return _read_group(reader, when)
    if "fields" in reader.data:
        slug = reader.text("slug")
        fields = tuple(
            _read_field(reader.child("fields", FIELD_KEYS, i)) for i in reader.tables("fields")
        )
        if not fields:
            reader.fail("a page needs at least one field", "fields")
        return PageSpec(slug=slug, fields=fields, heading=reader.text("heading"), when=when)
    data = {k: v for k, v in reader.data.items() if k not in ("when", "slug")}
    field_spec = _read_field(_Reader(data, reader.file, reader.place, FIELD_KEYS))
    slug = reader.data.get("slug") or field_spec.name.replace("_", "-")
    return PageSpec(slug=slug, fields=(field_spec,), when=when)


def _read_group(reader: _Reader, when: Condition | None) -> PageSpec:
    name = reader.text("name")
    fields = tuple(
        _read_field(reader.child("fields", FIELD_KEYS, i)) for i in reader.tables("fields")
    )
    if not fields:
        reader.fail("a group needs at least one field", "fields")
    if any(f.type == "file" for f in fields):
        reader.fail("a group can not hold files", "fields")
    least = reader.integer("min", default=1)
    most = reader.integer("max", default=10, least=max(1, least))
    item = reader.text("item")
    if "%(num)s" not in item:
        reader.fail("must contain %(num)s, the number of the item", "item")
    return PageSpec(
        slug=reader.data.get("slug") or name.replace("_", "-"),
        fields=fields,
        heading=reader.text("label"),
        when=when,
        name=name,
        short=reader.text("short", required=False),
        group=GroupSpec(
            item=item,
            add_another=reader.text("add_another"),
            add_required=reader.text("add_required"),
            too_few=reader.text("too_few", required=least > 0),
            min=least,
            max=most,
        ),
    )


def _read_rule(reader: _Reader) -> Rule:
    if ("is" in reader.data) == ("in" in reader.data):
        reader.fail('needs either is = "value" or in = ["value", ...]')
    values = reader.data.get("in", [reader.data.get("is")])
    return Rule(
        fact=reader.text("fact"),
        values=tuple(str(v) for v in values),
        yes=reader.text("yes"),
        no=reader.text("no"),
    )


def _load_toml(file: Path) -> dict:
    try:
        with open(file, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError(f"{file.name}: not valid TOML: {error}") from None


def load_common(file: Path = COMMON_FILE) -> dict[str, dict]:
    """Pages shared by many programmes (name, ID number, bank account...), by name."""
    data = _load_toml(file)
    pages = {}
    for index, page in enumerate(data.get("pages", [])):
        _Reader(page, file, f"pages[{index}]", PAGE_KEYS)  # no unknown keys
        key = page.get("name") or page.get("slug")
        if not key:
            raise DefinitionError(f"{file.name}: pages[{index}]: needs a name or a slug")
        pages[key] = page
    return pages


def load_programme(file: Path, common: dict[str, dict], known_facts: set[str]) -> ProgrammeSpec:
    reader = _Reader(_load_toml(file), file, "", PROGRAMME_KEYS)
    pages: list[PageSpec] = []
    asked: set[str] = set()
    for index in reader.tables("pages"):
        page = _read_page(reader.child("pages", PAGE_KEYS, index), common, asked)
        names = [page.name] if page.group else [f.name for f in page.fields]
        for name in names:
            if name in asked:
                reader.fail(f"the answer name {name!r} is used twice", f"pages[{index}]")
            asked.add(name)
        if page.slug in {p.slug for p in pages} | {"check", "confirmation", "documents"}:
            reader.fail(
                f"the page name {page.slug!r} is used twice or is reserved", f"pages[{index}]"
            )
        pages.append(page)
    if not pages:
        reader.fail("a programme needs pages", "pages")
    rules = tuple(
        _read_rule(reader.child("eligibility", RULE_KEYS, i)) for i in reader.tables("eligibility")
    )
    for index, rule in enumerate(rules):
        if rule.fact not in asked | known_facts:
            reader.fail(
                f"the fact {rule.fact!r} is neither asked nor known", f"eligibility[{index}]"
            )
    start = reader.child("start", START_KEYS)
    payment = reader.text("payment")
    if payment not in PAYMENTS:
        reader.fail(f"must be one of {', '.join(PAYMENTS)}", "payment")
    code = reader.text("code")
    if not all(c.islower() or c.isdigit() or c == "-" for c in code):
        reader.fail("must be lower case letters, digits and -", "code")
    return ProgrammeSpec(
        code=code,
        title=reader.text("title"),
        summary=reader.text("summary"),
        minutes=reader.integer("minutes", default=10, least=1),
        order=reader.integer("order", default=100),
        payment=payment,
        yuan=reader.integer("yuan", least=1),
        amount_note=reader.text("amount_note", required=False),
        lead=start.text("lead"),
        who=start.texts("who"),
        need=start.texts("need"),
        eligibility=rules,
        pages=tuple(pages),
        source=file,
    )


def load_checker(file: Path = CHECKER_FILE) -> CheckerSpec:
    reader = _Reader(_load_toml(file), file, "", {"questions"})
    fields = tuple(
        _read_field(reader.child("questions", FIELD_KEYS, i)) for i in reader.tables("questions")
    )
    return CheckerSpec(fields=fields, source=file)


def programme_files(folder: Path = FOLDER) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("_"))


def load_all(folder: Path = FOLDER) -> list[ProgrammeSpec]:
    common = load_common(folder / COMMON_FILE.name)
    # Facts a rule may name: the checker's questions and those worked out from answers.
    facts = {f.name for f in load_checker(folder / CHECKER_FILE.name).fields} | set(DERIVED_FACTS)
    programmes = [load_programme(file, common, facts) for file in programme_files(folder)]
    codes = [p.code for p in programmes]
    for programme in programmes:
        if codes.count(programme.code) > 1:
            raise DefinitionError(f"{programme.source.name}: code {programme.code!r} is used twice")
    return sorted(programmes, key=lambda p: (p.order, p.code))


def encrypted_answer_names(programmes: Iterable[ProgrammeSpec]) -> set[str]:
    """The names of every answer, inside "add another" groups too, of an encrypted type."""
    return {
        field.name
        for programme in programmes
        for page in programme.pages
        for field in page.fields
        if field.type in ENCRYPTED_TYPES
    }


def texts_in(data: Any, place: str = "") -> Iterator[tuple[str, str]]:
    """Every text for people in a parsed definition, with its place: what is translated."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{place}.{key}" if place else key
            if key in TEXT_KEYS and isinstance(value, str):
                yield here, value
            elif key in TEXT_KEYS and isinstance(value, list):
                yield from ((f"{here}[{i}]", v) for i, v in enumerate(value) if isinstance(v, str))
            elif key != "when":
                yield from texts_in(value, here)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from texts_in(item, f"{place}[{index}]")


def check_translations(folder: Path, translations: Path, languages) -> None:
    """Every text of every definition must be translated in every language's catalogue."""
    catalogues = {lang: Translations.load(str(translations), [lang]) for lang in languages}
    for file in sorted(folder.glob("*.toml")):
        for place, text in texts_in(_load_toml(file)):
            for lang, catalogue in catalogues.items():
                if not catalogue._catalog.get(text):
                    raise DefinitionError(
                        f"{file.name}: {place}: the text {text!r} has no {lang} translation "
                        "(run make extract, then translate it)"
                    )


def check_all(folder: Path, translations: Path | None, languages) -> list[ProgrammeSpec]:
    """Loads and checks every definition; raises DefinitionError at the first mistake.
    Without `translations`, the texts are not looked up (while translating, say)."""
    programmes = load_all(folder)
    if translations is not None:
        check_translations(folder, translations, languages)
    return programmes
