"""gunicorn's settings for the app; gunicorn reads this file from the folder it starts in (or
`gunicorn -c /path/to/gunicorn.conf.py`). Workers, the address and the rest come from the
command line or the environment, as gunicorn takes them.

- Metrics (app/metrics.py): each worker writes its counters to files in
  PROMETHEUS_MULTIPROC_DIR, which `/metrics` adds up. The folder is emptied when gunicorn starts
  (figures of a previous run would be added to this one's) and a worker's files are marked dead
  when it exits. One folder per gunicorn; unset, a new one in /tmp.
- Logs (app/logs.py): gunicorn's own lines as JSON too, unless LOG_FORMAT=text or DEMO_MODE.
"""

import os
import tempfile
from pathlib import Path

# Before any worker imports prometheus_client, which reads it once, at import.
if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="changji-metrics-")
Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)

# gunicorn 25+ opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl): two
# instances on one server would take it from each other, and nothing here uses it.
control_socket_disable = True

# As create_app chooses (app/logs.py): JSON unless set otherwise or in demo mode.
_demo = os.environ.get("DEMO_MODE", "").strip().lower() in {"1", "true", "yes", "on"}
if os.environ.get("LOG_FORMAT", "text" if _demo else "json") == "json":
    from app.logs import gunicorn_logconfig

    logconfig_dict = gunicorn_logconfig()


def on_starting(_server) -> None:
    for left in Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).glob("*.db"):
        left.unlink()


def child_exit(_server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
