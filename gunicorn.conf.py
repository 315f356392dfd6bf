"""gunicorn's settings for the app; gunicorn reads this file from the folder it starts in (or
`gunicorn -c /path/to/gunicorn.conf.py`), on every app server (deploy/systemd/changji@.service),
in the tests and benchmarks that start gunicorn. The address comes from the command line: one
server per port.

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

# Sync workers: each answers one request at a time, which suits a Flask app whose pages take
# milliseconds. Twice the cores plus one is gunicorn's advice, shared by the servers on a
# machine: with two servers (changji@8001, changji@8002) on 4 cores, 4 each. `-w` overrides.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# A request taking longer than this is stuck: its worker is killed and a new one started. Not
# longer than app/form_keys.ABANDONED_AFTER, which counts on no send still running after it.
timeout = 30
# On SIGTERM (systemctl stop or restart, a deploy) requests under way are finished first.
graceful_timeout = 30
# gunicorn 25+ opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl): two
# instances on one server would take it from each other (and the units' home is read-only).
control_socket_disable = True
# gunicorn's access log writes query strings: the app writes its own line for each request.
accesslog = None

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
