"""Addresses made from what a request sends (its path, `?next=`) that must stay on this site.

Browsers drop tabs and newlines from an address and read a backslash as a slash, so a path
such as `/%09/evil.example` sent back in a Location becomes `//evil.example`: another site. What
leaves here is a path of this site: one "/", then neither "/" nor a backslash, and no control
character or space anywhere.
"""

import re
from urllib.parse import quote

# What a path may keep as it is (RFC 3986 path characters); everything else, "%" included, is
# percent-encoded: the path has been decoded once already.
PATH_CHARACTERS = "/:@!$&'()*+,;=-._~"
# A path of this site, with its query, written plainly: printable ASCII, no backslash.
LOCAL_URL = re.compile(r"/(?!/)[!-\[\]-~]*")


def path_of_this_site(path: str) -> str:
    """A decoded request path (`request.path`) written back as a path of this site."""
    return "/" + quote(path, safe=PATH_CHARACTERS).lstrip("/")


def local_url(url: str | None) -> str | None:
    """`url` when it is a path of this site (with its query) written plainly, else None."""
    return url if url and LOCAL_URL.fullmatch(url) else None
