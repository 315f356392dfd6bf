"""The site's own addresses, each built once: a page links to twenty or more, and an address is
built the same for every request under the same prefix (the rules are fixed when the app
starts)."""

from functools import lru_cache

from flask import request, url_for


@lru_cache(maxsize=4096)
def _built(endpoint: str, script_root: str, blueprint: str | None, values: tuple) -> str:
    return url_for(endpoint, **dict(values))


def kept_url_for(endpoint: str, **values) -> str:
    """url_for, from a cache. Full addresses (`_external`) and other options depend on more
    of the request: built each time, as are values that cannot be a key (a list)."""
    if any(name.startswith("_") for name in values):
        return url_for(endpoint, **values)
    blueprint = request.blueprint if endpoint.startswith(".") else None
    try:
        return _built(endpoint, request.script_root, blueprint, tuple(sorted(values.items())))
    except TypeError:
        return url_for(endpoint, **values)
