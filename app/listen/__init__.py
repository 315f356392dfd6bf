"""Listen: questions read aloud. In a language phones rarely speak (Uyghur), the server makes a
recording with espeak-ng (recordings.py); in others (Chinese), the phone's own voice reads
(static/js/listen.js). texts.py decides what is read."""

import io
import logging
import re

from flask import Blueprint, Flask, abort, send_file

from app.assets import ONE_YEAR
from app.listen import recordings, voices

bp = Blueprint("listen", __name__)
PATH = "/recordings/"
NAME = re.compile(f"[0-9a-f]{{{recordings.NAME_LENGTH}}}")


@bp.get(PATH + "<name>" + recordings.SUFFIX)
def recording(name: str):
    """One recording, made on its first request. Its address names what it says, so it never
    changes: kept by browsers and proxies for a year."""
    path = recordings.recording(name) if NAME.fullmatch(name) else None
    if path is None:
        abort(404)
    # A few kilobytes: read whole, so no file stays open; the name is the best of ETags.
    response = send_file(
        io.BytesIO(path.read_bytes()),
        mimetype=recordings.CONTENT_TYPE,
        conditional=True,
        etag=name,
        last_modified=path.stat().st_mtime,
    )
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    voiced = [code for code in app.config["LANGUAGES"] if voices.voice_of(code)]
    if voiced and not recordings.available():
        logging.getLogger(__name__).warning(
            "No Listen control in %s: install %s (Debian: apt-get install espeak-ng lame)",
            ", ".join(voiced),
            " and ".join(recordings.TOOLS),
        )
