"""A faster `html_params` for WTForms' widgets, which write every input's attributes with it.

WTForms builds each attribute with `Markup.format`, whose formatter machinery costs more than
the rest of rendering an input: on a page of radio buttons, more than half of the time spent on
the form. This one writes the very same text (sorted keys, `class_` and `data_`/`aria_` names,
True as a bare attribute, False left out, values escaped as WTForms escapes them: markupsafe's
escape, then `"` as `&quot;` for values that were Markup already), with plain strings.
tests/unit/test_html_params.py holds the two equal.
"""

from markupsafe import Markup, escape
from wtforms.widgets import core


def clean_key(key: str) -> str:
    key = key.rstrip("_")
    if key.startswith(("data_", "aria_")):
        key = key.replace("_", "-")
    return key


def html_params(**kwargs) -> Markup:
    params = []
    for key, value in sorted(kwargs.items()):
        if value is False:
            continue
        key = escape(clean_key(key))
        if value is True:
            params.append(key)
        else:
            text = str(escape(value)).replace('"', "&quot;")
            params.append(f'{key}="{text}"')
    return Markup(" ".join(params))


def install() -> None:
    """Makes WTForms' widgets use this one: inputs through `Input.html_params`, text areas and
    selects through the module's own name."""
    core.Input.html_params = staticmethod(html_params)
    core.html_params = html_params
