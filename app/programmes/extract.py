"""Babel extractor for programme definitions: their texts go into the same .po catalogues as
the templates' (see babel.cfg), so that translation has one workflow."""

import tomllib

from app.programmes.definitions import texts_in


def _line_of(source: str, text: str) -> int:
    """The line a text stands on, for the translator's reference (TOML keeps no positions)."""
    at = source.find(text)
    return source.count("\n", 0, at) + 1 if at >= 0 else 1


def extract(fileobj, _keywords, _comment_tags, options):
    source = fileobj.read().decode("utf-8")
    for place, text in texts_in(tomllib.loads(source)):
        yield _line_of(source, text), None, text, [place]
