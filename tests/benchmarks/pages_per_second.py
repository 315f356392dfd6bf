"""Pages per second under gunicorn, as a ratio to Flask's hello world measured in the same run.

Starts hello world and the app (demo data, 2 sync workers each), signs the demo resident in
through the pages, loads each page kind with wrk (Debian's, `-t2 -c32` for 8 s) and prints
requests a second, mean and 99th percentile latency, and the ratio to hello world. One run, so
that the machine's noise falls on both sides of each ratio.

Run with `make bench-http` (SQLite), or with `BENCH_HTTP_DATABASE_URL=postgresql://...` for
PostgreSQL (an empty database of its own: it is migrated and filled with the demo data).
"""

import html
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEMO_RESIDENT = "13800138000"
SECONDS = os.environ.get("BENCH_HTTP_SECONDS", "8")
CONNECTIONS = "32"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
DEMO_CODE = re.compile(r"(\d{6})</bdi>")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(target: str, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
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
    origin = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(origin + "/", timeout=1).close()
            return server, origin
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"{target} did not start")


class Browser:
    """A resident's phone, as far as cookies and forms go."""

    def __init__(self, origin: str):
        self.origin = origin
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> str:
        with self.opener.open(self.origin + path) as response:
            return response.read().decode()

    def submit(self, path: str, answers: dict) -> str:
        """Sends the page's first form with its hidden fields (CSRF token, form key)."""
        fields = dict(HIDDEN.findall(self.get(path).split("<main", 1)[1]))
        body = urllib.parse.urlencode({**fields, **answers}).encode()
        with self.opener.open(self.origin + path, data=body) as response:
            return response.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.cookies)


def sign_in(browser: Browser) -> None:
    browser.submit("/sign-in", {"mobile": DEMO_RESIDENT})
    code = DEMO_CODE.search(html.unescape(browser.get("/sign-in/code")))
    assert code, "the demo's code is not on the page"
    browser.submit("/sign-in/code", {"code": code.group(1)})
    assert "/applications" in browser.get("/applications"), "not signed in"


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
    with tempfile.TemporaryDirectory() as folder:
        database = os.environ.get("BENCH_HTTP_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        env = {**os.environ, "DEMO_MODE": "1", "DATABASE_URL": database, "SECRET_KEY": "bench"}
        flask = [str(BIN / "flask"), "--app", "wsgi"]
        for command in (["db", "upgrade"], ["demo-data"]):
            subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)
        hello, hello_origin = gunicorn("tests.benchmarks.hello:app", env)
        app, origin = gunicorn("wsgi:app", env)
        try:
            resident = Browser(origin)
            sign_in(resident)
            cookie = resident.cookie_header()
            pages = [
                ("Flask hello world (same gunicorn)", hello_origin + "/", None),
                ("home /", origin + "/", None),
                ("startup subsidy start page", origin + "/apply/startup-subsidy", None),
                ("my applications (signed in)", origin + "/applications", cookie),
                ("book a service, first step (signed in)", origin + "/book", cookie),
            ]
            print(
                f"{database.split(':')[0]}, gunicorn 2 workers, wrk -t2 -c{CONNECTIONS} {SECONDS} s"
            )
            print("| page | req/s | mean | p99 | ratio to hello world |")
            print("| --- | ---: | ---: | ---: | ---: |")
            reference = None
            for name, url, page_cookie in pages:
                figures = wrk(url, page_cookie)
                reference = reference or figures["rps"]
                failed = f" ({figures['errors']} errors)" if figures["errors"] else ""
                print(
                    f"| {name}{failed} | {figures['rps']:,.0f} | {figures['mean']:.1f} ms"
                    f" | {figures['p99']:.1f} ms | {figures['rps'] / reference:.2f} |"
                )
        finally:
            for server in (hello, app):
                server.terminate()
                server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
