"""Our html_params (app/forms/html_params.py) writes what WTForms' own writes, to the byte."""

import pytest
from markupsafe import Markup, escape
from wtforms.widgets import core

import app.forms  # noqa: F401  (installs ours)
from app.forms.html_params import html_params


def wtforms_html_params(**kwargs):
    """WTForms 3's own (wtforms/widgets/core.py), which ours replaces."""
    params = []
    for k, v in sorted(kwargs.items()):
        k = core.clean_key(k)
        if v is True:
            params.append(k)
        elif v is False:
            pass
        else:
            v = escape(v).replace(Markup('"'), Markup("&quot;"))
            params.append(Markup('{k}="{v}"').format(k=k, v=v))
    return Markup(" ").join(params)


class Lazy:
    """Like a lazy translation: its __html__ is its text, as it is (not escaped)."""

    def __html__(self):
        return 'Chosen: "<%(name)s>"'


@pytest.mark.parametrize(
    "attributes",
    [
        {"name": "mobile", "id": "mobile", "class_": "input width-11", "maxlength": False},
        {"checked": True, "readonly": False, "type": "radio", "value": "yes"},
        {"data_chosen_one": "Chosen: %(name)s", "aria_describedby": "a-hint a-error"},
        {"data_a_b": "1", "for_": "x", "class": "c"},
        {"value": "<\"&'>"},
        {"value": Markup('<b title="x">')},
        {"value": Lazy(), "rows": 3, "multiple": True},
        {"value": None},
        {"value": 1500},
        {"a<b": True, 'c"d': "x"},
        {},
    ],
)
def test_the_same_as_wtforms(attributes):
    ours = html_params(**attributes)
    assert ours == wtforms_html_params(**attributes)
    assert isinstance(ours, Markup)


def test_wtforms_widgets_use_ours():
    assert core.Input.html_params is html_params
    assert core.html_params is html_params
