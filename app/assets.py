"""Static files under versioned URLs, so that browsers may keep them for a year."""

import hashlib
from pathlib import Path

from flask import current_app

from app.built_urls import kept_url_for

ONE_YEAR = 365 * 24 * 3600
_versions: dict[Path, tuple[float, str]] = {}
_asset_versions: dict[str, str] = {}


def version_of(path: Path) -> str:
    """A short digest of the file: made once, as files do not change while the app serves
    them; in debug mode (a developer editing them), made again when the file changes."""
    cached = _versions.get(path)
    if cached is not None and not current_app.debug:
        return cached[1]
    mtime = path.stat().st_mtime
    if cached is None or cached[0] != mtime:
        cached = (mtime, hashlib.sha256(path.read_bytes()).hexdigest()[:10])
        _versions[path] = cached
    return cached[1]


def asset_url(filename: str) -> str:
    version = _asset_versions.get(filename) if not current_app.debug else None
    if version is None:
        version = version_of(Path(current_app.static_folder) / filename)
        _asset_versions[filename] = version
    return kept_url_for("static", filename=filename, v=version)


def init_app(app) -> None:
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = ONE_YEAR
