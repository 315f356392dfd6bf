"""gunicorn's settings for every app server (deploy/systemd/changji@.service, and the
multi-instance test). The address comes from the command line: one server per port."""

import os

# Sync workers: each answers one request at a time, which suits a Flask app whose pages take
# milliseconds. Twice the cores plus one is gunicorn's advice, shared by the servers on a
# machine: with two servers (changji@8001, changji@8002) on 4 cores, 4 each.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# A request taking longer than this is stuck: its worker is killed and a new one started.
timeout = 60
# On SIGTERM (systemctl stop or restart, a deploy) requests under way are finished first.
graceful_timeout = 30
# No control socket: by default every server on the machine would share one path in $HOME,
# and the units' home is read-only (ProtectSystem=strict).
control_socket_disable = True
# Logs to the journal (stdout and stderr); the app writes its own lines.
accesslog = None
errorlog = "-"
