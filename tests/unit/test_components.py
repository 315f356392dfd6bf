"""The form component macros: each renders a WTForms field with its label, hint and error
joined up the way assistive technology reads them."""

import re

import pytest
from flask import render_template_string
from flask_wtf.file import FileField
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.forms.fields import Checkboxes, DatePartsField, Radios
from app.forms.question import QuestionForm


class Everything(QuestionForm):
    name = StringField(
        "Name",
        description="As on your card",
        validators=[DataRequired("Enter a name")],
        render_kw={"dir": "auto"},
    )
    story = TextAreaField("Story", validators=[Length(max=20, message="Too long")])
    colour = Radios(
        "Colour", choices=[("red", "Red"), ("blue", "Blue")], required="Select a colour"
    )
    rooms = Checkboxes(
        "Rooms", choices=[("bath", "Bathroom"), ("kitchen", "Kitchen")], required="Select a room"
    )
    agree = BooleanField("I agree", validators=[DataRequired("Tick to agree")])
    born = DatePartsField("Born", required="Enter a date")
    photo = FileField("Photo", description="A JPEG or PNG")


def render(form, source):
    return render_template_string(
        '{% from "components/fields.html" import form_field, error_summary, question_fields %}'
        + source,
        form=form,
    )


@pytest.fixture
def zh(app):
    with app.test_request_context(headers={"Accept-Language": "zh"}):
        yield


def submitted(**data) -> Everything:
    form = Everything(formdata=MultiDict(data), meta={"csrf": False})
    form.validate()
    return form


def tag(html: str, pattern: str) -> str:
    found = re.search(pattern, html)
    assert found, f"{pattern} not in {html}"
    return found.group(0)


@pytest.mark.usefixtures("zh")
class TestComponents:
    def test_text_input_with_hint_and_error(self):
        html = render(submitted(), "{{ form_field(form.name) }}")
        assert '<label class="label" for="name">Name</label>' in html
        assert '<div class="hint" id="name-hint">As on your card</div>' in html
        assert re.search(
            r'<p class="error-message" id="name-error">'
            r'<span class="visually-hidden">错误：\s*</span>Enter a name</p>',
            html,
        )
        field = tag(html, r"<input[^>]*id=\"name\"[^>]*>")
        assert 'aria-describedby="name-hint name-error"' in field
        assert "input-error" in field and 'dir="auto"' in field

    def test_label_as_page_heading(self):
        html = render(submitted(name="x"), "{{ form_field(form.name, heading=true) }}")
        assert (
            '<h1 class="label-wrapper"><label class="label label-l" for="name">Name</label></h1>'
            in html
        )

    def test_textarea_counts_characters(self):
        html = render(submitted(story="x" * 25), "{{ form_field(form.story) }}")
        assert 'data-character-count="20"' in html
        assert 'aria-describedby="story-error story-count"' in tag(html, r"<textarea[^>]*>")
        assert 'id="story-count"' in html and 'data-over-other="' in html

    def test_radios_are_a_fieldset_with_a_legend(self):
        html = render(submitted(colour="blue"), "{{ form_field(form.colour, heading=true) }}")
        assert '<legend class="legend legend-l"><h1>Colour</h1></legend>' in html
        assert '<label class="choice-label" for="colour-1">Blue</label>' in html
        assert "checked" in tag(html, r'<input[^>]*id="colour-1"[^>]*>')
        assert "checked" not in tag(html, r'<input[^>]*id="colour-0"[^>]*>')

    def test_checkboxes_require_one(self):
        form = submitted()
        assert form.rooms.errors == ["Select a room"]
        html = render(form, "{{ form_field(form.rooms) }}")
        assert 'aria-describedby="rooms-error"' in tag(html, r"<fieldset[^>]*>")
        assert 'type="checkbox"' in tag(html, r'<input[^>]*id="rooms-0"[^>]*>')
        assert submitted(rooms=["kitchen"]).rooms.errors == []

    def test_a_single_checkbox(self):
        html = render(submitted(), "{{ form_field(form.agree) }}")
        box = tag(html, r'<input[^>]*id="agree"[^>]*>')
        assert 'type="checkbox"' in box and 'aria-describedby="agree-error"' in box
        assert '<label class="choice-label" for="agree">I agree</label>' in html

    def test_date_is_three_labelled_numeric_fields_in_the_locales_order(self):
        html = render(
            submitted(**{"born-day": "1", "born-year": "2020"}), "{{ form_field(form.born) }}"
        )
        labels = re.findall(r'<label class="label" for="born-(\w+)">([^<]+)</label>', html)
        assert labels == [("year", "年"), ("month", "月"), ("day", "日")]
        month = tag(html, r'<input[^>]*id="born-month"[^>]*>')
        assert 'inputmode="numeric"' in month and "input-error" in month
        assert "input-error" not in tag(html, r'<input[^>]*id="born-day"[^>]*>')
        assert 'value="2020"' in tag(html, r'<input[^>]*id="born-year"[^>]*>')
        assert 'role="group"' in tag(html, r"<fieldset[^>]*>")

    def test_file_upload(self):
        html = render(submitted(), "{{ form_field(form.photo) }}")
        field = tag(html, r'<input[^>]*id="photo"[^>]*>')
        assert 'type="file"' in field and 'aria-describedby="photo-hint"' in field
        assert '<label class="label" for="photo">Photo</label>' in html

    def test_error_summary_links_to_the_first_input_of_each_field(self):
        html = render(
            submitted(**{"born-day": "1", "born-year": "2020"}), "{{ error_summary(form) }}"
        )
        links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', html)
        assert links == [
            ("name", "Enter a name"),
            ("colour-0", "Select a colour"),
            ("rooms-0", "Select a room"),
            ("agree", "Tick to agree"),
            ("born-month", str(submitted(**{"born-day": "1", "born-year": "2020"}).born.errors[0])),
        ]
        summary = tag(html, r"<div class=\"error-summary\"[^>]*>")
        assert 'tabindex="-1"' in summary and "autofocus" in summary

    def test_no_errors_no_summary(self):
        assert "error-summary" not in render(
            Everything(formdata=None, meta={"csrf": False}), "{{ error_summary(form) }}"
        )


@pytest.mark.usefixtures("zh")
@pytest.mark.parametrize("data", [{}, {"colour": "blue"}, {"colour": "green"}])
def test_booking_choices_written_in_python_match_the_radios_macro(data):
    """The booking steps write their radio buttons in Python (app/book/labels.radio_items),
    for speed: the same HTML as the macro every other question uses, chosen, not chosen and
    with an error."""
    from app.book.labels import radio_items

    form = submitted(**data) if data else Everything()
    if data:
        form.validate()
    by_macro = render(form, "{{ form_field(form.colour) }}")
    choices = re.findall(r'<div class="choice">.*?</div>', by_macro)
    assert choices == list(radio_items(form.colour).values())
