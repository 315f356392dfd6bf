"""Walks any programme from "Start now" to "Check your answers", answering each page from its
definition with a good answer of its type, as a resident would."""

from datetime import date, timedelta

from app.programmes.definitions import FieldSpec
from tests.fixtures import files
from tests.helpers import Upload, location

ID_NUMBER = "11010519491231002X"
CHILD_ID = "652301201003151231"
GOOD = {
    "text": "测试",
    "textarea": "昌吉市延安北路 1 号",
    "money": "1500",
    "id_number": ID_NUMBER,
    "certificate_number": ID_NUMBER + "11",
    "mobile": "13912345678",
    "credit_code": "91350100M000100Y43",
    "bank_account": "6228480012345678901",
    "district": "changji",
    "yes_no": "yes",
}


def good_answer(field: FieldSpec) -> dict:
    """Form data for one question: a valid answer that also meets the programme's rules."""
    name = field.name
    if field.type == "date":
        day = date.today() + (timedelta(days=7) if field.not_past else -timedelta(days=400))
        return {
            f"{name}-day": str(day.day),
            f"{name}-month": str(day.month),
            f"{name}-year": str(day.year),
        }
    if field.type in ("choice", "choices"):
        return {name: field.options[0].value}
    if field.type == "file":
        return {name: Upload("photo.jpg", files.photo_jpeg())}
    if name.startswith("child_id"):
        return {name: CHILD_ID}
    return {name: GOOD[field.type]}


def page_data(page_spec) -> dict:
    data = {}
    for field in page_spec.fields:
        data.update(good_answer(field))
    return data


def walk(visitor, programme, group_items: int = 3) -> str:
    """From the start page to the check page, adding `group_items` items to each "add another"
    group; returns the check page's path."""
    url = location(visitor.submit(f"/apply/{programme.code}"))
    added: dict[str, int] = {}
    for _ in range(80):
        if url.split("?")[0].endswith("/check"):
            return url
        shown = visitor.get(url)
        if shown.status_code == 302:  # an empty list goes straight to its first item
            url = location(shown)
            continue
        parts = url.split("?")[0].split("/")  # "", "applications", id, slug[, item]
        page = programme.page(parts[3])
        if page.group and len(parts) == 4:  # the list: add another, or go on
            more = added.get(page.slug, 0) < min(group_items, page.group.max)
            response = visitor.submit(url, {"add": "yes" if more else "no"})
        else:
            response = visitor.submit(url, page_data(page.spec))
            if page.group:
                added[page.slug] = added.get(page.slug, 0) + 1
        assert response.status_code == 302, f"{url} refused: {response.get_data(as_text=True)}"
        url = location(response)
    raise AssertionError(f"the walk through {programme.code} does not end: {url}")
