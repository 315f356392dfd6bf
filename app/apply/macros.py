"""Macros of a components template, for `{% set a, b = macros_of("components/x.html", "a",
"b") %}` in place of `{% from "components/x.html" import a, b %}`: the same macros, of the
module Jinja makes of that template once (Template.module). An import makes Jinja compare the
page's globals with the component's at every render (Template._get_default_module: about
sixty names, a set difference through a ChainMap), which costs a page more than most of what
it writes. The page's own variables never reach either: an import is "without context"."""

from flask import current_app


def macros_of(template: str, *names: str):
    """The macros named, in their order (one alone as itself)."""
    module = current_app.jinja_env.get_template(template).module
    found = tuple(getattr(module, name) for name in names)
    return found[0] if len(found) == 1 else found
