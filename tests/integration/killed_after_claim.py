"""The app as tests/integration/test_crash_between_claim_and_commit.py runs it under gunicorn:
wsgi's app with one fault added, here in the tests, never in app/.

While the file named by KILL_AFTER_CLAIM exists, a send to the path it holds kills its worker
with SIGKILL right after the form key's claim is committed and before the view runs, as kill -9
or the out-of-memory killer would. The file is removed first: the fault fires once for each time
the test writes it. A claim older than ABANDONED_AFTER_SECONDS is abandoned here (default 3 s),
so that the test need not wait the production 30 s.
"""

import os
import signal
from datetime import timedelta
from pathlib import Path

from flask import g, request

from app import form_keys
from wsgi import app

ARMED = Path(os.environ["KILL_AFTER_CLAIM"])  # required: this module is that test's only
form_keys.ABANDONED_AFTER = timedelta(seconds=float(os.environ.get("ABANDONED_AFTER_SECONDS", 3)))


@app.before_request  # after form_keys.claim, registered when the app was made
def _die_after_claim():
    if g.get("sent_form") is None:
        return
    try:
        path = ARMED.read_text()
    except FileNotFoundError:
        return
    if request.path == path:
        ARMED.unlink()
        os.kill(os.getpid(), signal.SIGKILL)
