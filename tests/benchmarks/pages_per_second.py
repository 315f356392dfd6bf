"""Pages per second under gunicorn, as a ratio to Flask's hello world measured in the same run.

Starts hello world and the app (demo data, 2 sync workers each), signs the demo resident in
through the pages, loads each page kind with wrk (Debian's, `-t2 -c32` for 8 s) and prints
requests a second, mean and 99th percentile latency, and the ratio to hello world. One run, so
that the machine's noise falls on both sides of each ratio.

Run with `make bench-http` (SQLite), or with `BENCH_HTTP_DATABASE_URL=postgresql://...` for
PostgreSQL (an empty database of its own: it is migrated and filled with the demo data).
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.page_kinds import (  # noqa: E402
    Browser,
    page_kinds,
    prepare,
)

BIN = Path(sys.executable).parent
SECONDS = os.environ.get("BENCH_HTTP_SECONDS", "8")
CONNECTIONS = "32"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(target: str, env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            target,
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"{target} did not start")


class HttpBrowser(Browser):
    """A resident's phone, as far as cookies and forms go."""

    def __init__(self, origin: str):
        self.origin = origin
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def open(self, path, data=None, headers=None):
        body = None if data is None else urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.origin + path, data=body, headers=headers or {})
        with self.opener.open(request) as response:
            return urllib.parse.urlsplit(response.url).path, response.read().decode()

    def cookie_header(self) -> str | None:
        return "; ".join(f"{c.name}={c.value}" for c in self.cookies) or None


def wrk(url: str, cookie: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "mean": milliseconds(re.search(r"Latency\s+([\d.]+\w+)", out).group(1)),
        "p99": milliseconds(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def milliseconds(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main() -> int:
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:
        raise SystemExit("wrk is missing: apt-get install wrk")
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        database = os.environ.get("BENCH_HTTP_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        env = {
            **os.environ,
            "DEMO_MODE": "1",
            "DATABASE_URL": database,
            "SECRET_KEY": "bench",
            "WEBAUTHN_ORIGIN": origin,
        }
        os.environ.update(env)
        from app import create_app

        subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        prepared = prepare(create_app(), origin)
        hello_port = free_port()
        hello = gunicorn("tests.benchmarks.hello:app", env, hello_port)
        app = gunicorn("tests.benchmarks.floors:app", env, port)
        try:
            kinds = page_kinds(prepared, lambda: HttpBrowser(origin))
            print(
                f"{database.split(':')[0]}, gunicorn 2 workers, wrk -t2 -c{CONNECTIONS} {SECONDS} s"
            )
            print("| page | req/s | mean | p99 | ratio to hello world |")
            print("| --- | ---: | ---: | ---: | ---: |")
            measured = [
                ("Flask hello world (same gunicorn)", f"http://127.0.0.1:{hello_port}/", None)
            ]
            resident = next(who for _, _, who in kinds if who)
            measured += [
                ('the app\'s floor: "hi" to a visitor', f"{origin}/bench/floor", None),
                (
                    'the app\'s floor: "hi" to a signed-in resident',
                    f"{origin}/bench/signed-in-floor",
                    resident.cookie_header(),
                ),
            ]
            measured += [
                (name, origin + path, who and who.cookie_header()) for name, path, who in kinds
            ]
            reference = None
            for name, url, cookie in measured:
                figures = wrk(url, cookie)
                reference = reference or figures["rps"]
                failed = f" ({figures['errors']} errors)" if figures["errors"] else ""
                print(
                    f"| {name}{failed} | {figures['rps']:,.0f} | {figures['mean']:.1f} ms"
                    f" | {figures['p99']:.1f} ms | {figures['rps'] / reference:.2f} |",
                    flush=True,
                )
        finally:
            for server in (hello, app):
                server.terminate()
                server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
