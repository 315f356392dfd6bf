"""Static files under versioned URLs, so that browsers may keep them for a year."""

import hashlib
from pathlib import Path

from flask import current_app, url_for

ONE_YEAR = 365 * 24 * 3600
_versions: dict[Path, tuple[float, str]] = {}


def version_of(path: Path) -> str:
    """A short digest of the file, recomputed only when the file changes."""
    mtime = path.stat().st_mtime
    cached = _versions.get(path)
    if cached is None or cached[0] != mtime:
        cached = (mtime, hashlib.sha256(path.read_bytes()).hexdigest()[:10])
        _versions[path] = cached
    return cached[1]


def asset_url(filename: str) -> str:
    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=version_of(path))


def init_app(app) -> None:
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = ONE_YEAR
