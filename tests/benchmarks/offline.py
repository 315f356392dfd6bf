"""Offline figures, measured in headless Chromium: what the service worker precaches, and how
long a page takes to show without a network (a kept page, and the offline page).

Run with `make bench`. Prints figures; times are medians of 20 loads on this machine.
"""

import gzip
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from tests.benchmarks.bench_app import bench_app  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.steps import eventually  # noqa: E402

LOADS = 20
# From the start of navigation to the page's DOMContentLoaded: when a screen reader can begin.
SHOWN_MS = """() => {
    const [entry] = performance.getEntriesByType("navigation");
    return entry.domContentLoadedEventEnd - entry.startTime;
}"""
SHELL_BYTES = """async () => {
    const name = (await caches.keys()).find((key) => key.startsWith("shell-"));
    const cache = await caches.open(name);
    let bytes = 0;
    const requests = await cache.keys();
    for (const request of requests) {
        bytes += (await (await cache.match(request)).arrayBuffer()).byteLength;
    }
    return [requests.map((request) => new URL(request.url).pathname), bytes];
}"""


def median_load(page, go) -> float:
    times = []
    for _ in range(LOADS):
        go()
        times.append(page.evaluate(SHOWN_MS))
    return statistics.median(times)


def offline(context, on: bool) -> None:
    def abort_for_worker(route):
        if route.request.service_worker:
            route.abort("internetdisconnected")
        else:
            route.fallback()

    context.set_offline(on)
    if on:
        context.route("**/*", abort_for_worker)
    else:
        context.unroute("**/*")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(f"sqlite:///{folder}/bench.sqlite3")
        server = make_server("localhost", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://localhost:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(base_url=origin)
            page = context.new_page()
            page.goto("/?lang=ug")
            page.evaluate("navigator.serviceWorker.ready")
            eventually(page, "async () => navigator.serviceWorker.controller !== null")
            paths, stored = page.evaluate(SHELL_BYTES)
            client = app.test_client()
            transferred = 0
            for path in paths:
                with client.get(path) as response:
                    body = response.get_data()
                    transferred += (
                        len(body)
                        if path.endswith(".woff2")
                        else len(gzip.compress(body, compresslevel=6))
                    )
            print(f"Precache: {len(paths)} files, {stored:,} B stored, ~{transferred:,} B sent gz")
            page.goto("/accessibility")
            online_ms = median_load(page, page.reload)
            offline(context, True)
            kept_ms = median_load(page, page.reload)
            unvisited_ms = median_load(page, lambda: page.goto("/privacy"))
            offline(context, False)
            print(f"Kept page, online (network first):   {online_ms:6.1f} ms to DOMContentLoaded")
            print(f"Kept page, offline (from the cache): {kept_ms:6.1f} ms")
            print(f"Unvisited page, offline (offline page): {unvisited_ms:6.1f} ms")
            browser.close()
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
