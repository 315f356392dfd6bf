"""Answers shown back to the resident: on "Check your answers" and on an application's page."""

from dataclasses import dataclass, field

from flask import current_app, get_template_attribute
from flask_babel import gettext
from markupsafe import Markup, escape

from app.built_urls import kept_url_for
from app.forms.rendering import chosen_labels
from app.models import Application, Document
from app.programmes import all_programmes
from app.programmes.journey import Programme
from app.translations import lazy_gettext as _l


@dataclass
class Row:
    """One line of a summary list. `kind` says what the value is: a field's answer, the
    answers of one "add another" item (`parts`), documents, or a `value` shown as it is (a
    booking's place or time)."""

    label: object
    kind: str
    answer_field: object = None
    parts: list = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    change_url: str | None = None
    remove_url: str | None = None
    shown: object = None

    @classmethod
    def value(cls, label, shown, change_url: str | None = None) -> "Row":
        return cls(label, "value", shown=shown, change_url=change_url)

    def answer(self, field=None, full_numbers: bool = False, words=None) -> Markup:
        """The answer of the row's field (or of one of its `parts`), as shown_answer writes it."""
        return shown_answer(self.answer_field if field is None else field, full_numbers, words)

    def html(self, full_numbers: bool, change: Markup, remove: Markup, words=None) -> Markup:
        """The row in a summary list (components/summary.html's summary_list, which gives the
        words of its links, looked up once): written here, as a template would write it, for a
        summary of twenty rows costs more in template calls than in anything it shows."""
        words = words or _Words()
        label = escape(self.label)
        if self.kind == "field":
            value = self.answer(full_numbers=full_numbers, words=words)
        elif self.kind == "value":
            value = escape(words.filters["bdi"](self.shown))
        elif self.kind == "item":
            said = words.item_part
            parts = "".join(
                "\n        <li>"
                f"{_page_text(said, label=part, value=self.answer(f, full_numbers, words))}</li>"
                for part, f in self.parts
            )
            value = f'\n      <ul class="plain-list">{parts}\n      </ul>'
        else:
            value = get_template_attribute("components/summary.html", "documents_list")(
                self.documents
            )
        html = (
            f'\n  <div class="summary-row">\n    <dt class="summary-key">{label}</dt>'
            f'\n    <dd class="summary-value">{value}</dd>'
        )
        if self.change_url or self.remove_url:
            html += '\n    <dd class="summary-action">'
            if self.change_url:
                what = _page_text(words.change_what, what=label)
                html += f'<a href="{escape(self.change_url)}" aria-label="{what}">{change}</a>'
            if self.remove_url:
                name = _page_text(words.remove_name, name=label)
                html += (
                    ' <button type="submit" class="link-button" formnovalidate'
                    f' formaction="{escape(self.remove_url)}" aria-label="{name}">{remove}</button>'
                )
            html += "\n    </dd>"
        return Markup(html + "\n  </div>")


class _Words:
    """What every row of a summary may write, looked up once a list (each lookup of a
    translation or of the app costs more than writing a row's markup): the words, in the
    page's language, and the templates' filters."""

    def __init__(self):
        self.filters = current_app.jinja_env.filters
        self.item_part = gettext("%(label)s: %(value)s")
        self.change_what = gettext("Change %(what)s")
        self.remove_name = gettext("Remove %(name)s")
        self._not_given = self._yes = self._no = None

    def not_given(self) -> Markup:
        if self._not_given is None:
            self._not_given = _page_text(gettext("Not given"))
        return self._not_given

    def yes_or_no(self, yes: bool) -> Markup:
        if yes:
            if self._yes is None:
                self._yes = _page_text(gettext("Yes"))
            return self._yes
        if self._no is None:
            self._no = _page_text(gettext("No"))
        return self._no


def summary_html(rows, full_numbers: bool, change: Markup, remove: Markup) -> Markup:
    """The rows of a summary list (components/summary.html's summary_list), each by Row.html,
    with what they all write looked up once."""
    words = _Words()
    return Markup("".join([row.html(full_numbers, change, remove, words) for row in rows]))


def _page_text(translated: str, **values) -> Markup:
    """A translation as a template's _() gives it: safe, with `values` escaped in."""
    return Markup(translated) % values


def shown_answer(field, full_numbers: bool = False, words=None) -> Markup:
    """A field's answer as the resident gave it, for a summary list (components/summary.html):
    chosen options by their labels, dates, amounts and numbers as the page's language writes
    them, typed text isolated. Residents' pages may be kept on the phone: there a personal
    number shows only its end; staff pages, never kept, pass `full_numbers`. Written here
    rather than as a macro: a summary calls it for every row, and a macro call costs more
    than the rest of the row. The filters are the templates' own."""
    words = words or _Words()
    data = field.data
    if data is None or data == "" or data == []:
        return words.not_given()
    filters = words.filters
    if field.flags.personal_number and not full_numbers:
        shown = filters["last_four"](data)
    elif field.type in ("Radios", "Checkboxes"):
        shown = filters["joined"](chosen_labels(field))
    elif field.type == "BooleanField":
        return words.yes_or_no(bool(data))
    elif field.type == "DatePartsField":
        shown = filters["day"](data)
    elif field.type == "MoneyField":
        shown = filters["money"](data)
    elif (field.render_kw or {}).get("dir") == "ltr":
        shown = filters["ltr"](data)
    else:
        shown = filters["bdi"](data)
    return escape(shown)


def _short(form, f):
    return form.short_labels.get(f.name, f.label.text)


def summary_rows(
    programme: Programme,
    answers,
    documents: dict[int, Document],
    editable: Application | None = None,
    pages=None,
    removable: bool = False,
) -> list[Row]:
    """Rows for the pages asked (or those given); with `editable`, each with a Change link,
    and with `removable` too, "add another" items with a Remove button (inside a form)."""
    rows, summary = [], None
    for page in pages or programme.asked(answers):

        def link(endpoint, page=page, **args):
            if editable is None:
                return None
            return kept_url_for(
                endpoint, application_id=editable.id, slug=page.slug, change=1, **args
            )

        if page.group:
            for number, item in enumerate(page.items(answers), 1):
                form = page.form_for_display(item)
                rows.append(
                    Row(
                        label=_l(page.group.item, num=number),
                        kind="item",
                        parts=[(_short(form, f), f) for f in form.answer_fields()],
                        change_url=link("apply.group_item", item=number),
                        remove_url=link("apply.remove_group_item", item=number)
                        if removable
                        else None,
                    )
                )
            continue
        # One form for every page's answers, made when the first page needs it
        if summary is None:
            summary = programme.form_for_summary(answers)
        for f in (summary[spec.name] for spec in page.spec.fields):
            label, change_url = _short(summary, f), link("apply.question")
            if f.name in page.file_fields:
                ids = answers.get(f.name) or []
                kept = [documents[i] for i in ids if i in documents]
                rows.append(Row(label, "files", documents=kept, change_url=change_url))
            else:
                rows.append(Row(label, "field", answer_field=f, change_url=change_url))
    return rows


def documents_by_event(documents: dict[int, Document]) -> dict[int, list[Document]]:
    """An application's documents (by id) by the step they came with, in their order, for
    components/timeline.html: sorted out once, not once a step."""
    found: dict[int, list[Document]] = {}
    for document in documents.values():
        if document.event_id is not None:
            found.setdefault(document.event_id, []).append(document)
    return found


def detail_rows(details) -> list[Row]:
    """The details kept for a resident's next application, each shown as its question's
    answer is (chosen labels, dates, numbers kept left to right)."""
    rows, shown = [], set()
    for programme in all_programmes():
        pages = [
            page
            for page in programme.pages
            if not page.group and {f.name for f in page.spec.fields} & (details.keys() - shown)
        ]
        for row in summary_rows(programme, details, {}, pages=pages):
            name = row.answer_field.name if row.answer_field is not None else None
            if name in details and name not in shown:
                rows.append(row)
                shown.add(name)
    return rows
