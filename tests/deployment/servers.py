"""The real pieces of a deployment, started for a test: a PostgreSQL database and a Redis
database of the test's own, gunicorn servers of the app, and nginx with the site's own locations
(deploy/nginx/changji-server.conf) in front of them, as an unprivileged process on a free port.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import redis
from sqlalchemy import create_engine, make_url, text

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SITE = ROOT / "deploy" / "nginx"
# Where the site's files expect the checkout (docs/deploying.md); the test's copy is elsewhere.
CHECKOUT_IN_SITE = "/srv/changji"
NGINX_MODULES = Path("/usr/lib/nginx/modules")
BROTLI_MODULES = ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
# Several servers can not share SQLite: the test runs on PostgreSQL and Redis in any case, on
# CI's own (DATABASE_URL's server on its PostgreSQL run) or the local ones.
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
# A database number of the deployment test's own, emptied before and after it runs.
REDIS_URL = os.environ.get("DEPLOY_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_server_url():
    given = os.environ.get("DATABASE_URL", "")
    url = make_url(given if given.startswith("postgres") else POSTGRES_SERVER)
    return url.set(drivername="postgresql+psycopg")


def _on_server(url, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


@contextmanager
def postgres_database():
    """A new, empty database (deploy_<random>), dropped afterwards; yields its URL."""
    server = _postgres_server_url()
    name = f"deploy_{secrets.token_hex(4)}"
    try:
        _on_server(server, f'CREATE DATABASE "{name}"')
    except Exception as error:
        raise RuntimeError(
            f"PostgreSQL is needed at {server.render_as_string()} (several servers can not "
            "share SQLite)"
        ) from error
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        _on_server(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def redis_database():
    """The test's own Redis database, empty; yields its URL."""
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.flushdb()
    except redis.ConnectionError as error:
        raise RuntimeError(f"Redis is needed at {REDIS_URL}") from error
    try:
        yield REDIS_URL
    finally:
        connection.flushdb()
        connection.close()


def answers(url: str) -> int | None:
    """The HTTP status `url` answers with, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class Gunicorn:
    """One app server (`gunicorn wsgi:app`) on a port of its own, as systemd's changji@PORT."""

    def __init__(self, port: int, env: dict, logs: Path):
        self.port = port
        self.address = f"127.0.0.1:{port}"
        self.log = logs / f"gunicorn-{port}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    *("--config", str(ROOT / "gunicorn.conf.py")),
                    *("--workers", "1", "--bind", self.address, "wsgi:app"),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_ready(self, seconds: float = 60) -> None:
        """Until a page answers: /healthz where the app has it, or else the home page."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            for path in ("/healthz", "/"):
                if answers(f"http://{self.address}{path}") == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn on {self.port} did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        """A graceful stop (SIGTERM), as systemd stops a unit."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def _site_locations(folder: Path) -> Path:
    """changji-server.conf with this checkout in place of /srv/changji."""
    copy = folder / "changji-server.conf"
    copy.write_text((SITE / "changji-server.conf").read_text().replace(CHECKOUT_IN_SITE, str(ROOT)))
    return copy


def _main_config(folder: Path, http: str) -> str:
    """nginx's main configuration, everything under `folder`: no root needed, nothing of
    /etc/nginx or /var used but the MIME types."""
    # Run as root (a CI container), nginx gives its workers to `nobody`; Debian names the
    # group nogroup, not nginx's default "nobody".
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    modules = "\n".join(f"load_module {NGINX_MODULES / name};" for name in BROTLI_MODULES)
    temp = "\n".join(
        f"{kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
{user}
{modules}
worker_processes 1;
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder / "access.log"};
    {temp}
    {http}
}}
"""


class Nginx:
    """nginx in front of `upstreams` on a free port, plain HTTP, with the site's locations.
    Each response from an app server says which one answered (X-Upstream: $upstream_addr,
    "A, B" when A refused and B answered)."""

    def __init__(self, upstreams: list[str]):
        # Readable by nginx's workers, which are not root (pytest's tmp_path is 0700).
        self.folder = Path(tempfile.mkdtemp(prefix="changji-nginx-"))
        self.folder.chmod(0o755)
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        servers = "\n".join(
            f"server {address} max_fails=1 fail_timeout=10s;" for address in upstreams
        )
        config = self.folder / "nginx.conf"
        config.write_text(
            _main_config(
                self.folder,
                f"""
    upstream changji {{
        {servers}
    }}
    server {{
        listen 127.0.0.1:{self.port};
        server_name localhost;
        add_header X-Upstream $upstream_addr always;
        include {_site_locations(self.folder)};
    }}
""",
            )
        )
        command = ["nginx", "-p", str(self.folder), "-c", str(config), "-e", "stderr"]
        self.process = subprocess.Popen(command, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while answers(f"{self.origin}/static/css/app.css") != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"nginx did not start: {self.process.stderr.read().decode()}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process.stderr.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def check_site(folder: Path, certificate: Path, key: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on the production site as it is in deploy/ (TLS, HTTP/2, brotli), with this
    checkout for /srv/changji and a certificate made for the test in place of the placeholders."""
    folder.chmod(0o755)
    site = (SITE / "changji.conf").read_text().replace(CHECKOUT_IN_SITE, str(ROOT))
    site = site.replace("/etc/letsencrypt/live/changji.example.cn/fullchain.pem", str(certificate))
    site = site.replace("/etc/letsencrypt/live/changji.example.cn/privkey.pem", str(key))
    site = site.replace(
        f"include {ROOT}/deploy/nginx/changji-server.conf", f"include {_site_locations(folder)}"
    )
    (folder / "changji.conf").write_text(site)
    config = folder / "nginx.conf"
    config.write_text(_main_config(folder, f"include {folder / 'changji.conf'};"))
    return subprocess.run(
        ["nginx", "-t", "-p", str(folder), "-c", str(config), "-e", "stderr"],
        capture_output=True,
        text=True,
    )
