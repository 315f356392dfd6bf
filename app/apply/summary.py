"""Answers shown back to the resident: on "Check your answers" and on an application's page."""

from dataclasses import dataclass, field

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.models import Application, Document
from app.programmes import all_programmes
from app.programmes.journey import Programme


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
    rows = []
    for page in pages or programme.asked(answers):

        def link(endpoint, page=page, **args):
            if editable is None:
                return None
            return url_for(endpoint, application_id=editable.id, slug=page.slug, change=1, **args)

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
        form = page.form_for_display(answers)
        for f in form.answer_fields():
            if f.name in page.file_fields:
                ids = answers.get(f.name) or []
                kept = [documents[i] for i in ids if i in documents]
                rows.append(
                    Row(_short(form, f), "files", documents=kept, change_url=link("apply.question"))
                )
            else:
                rows.append(
                    Row(_short(form, f), "field", answer_field=f, change_url=link("apply.question"))
                )
    return rows


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
