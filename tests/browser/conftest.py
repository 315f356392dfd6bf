"""Browser tests: the app served on localhost, driven by Debian's headless Chromium."""

import shutil
import threading
import weakref

import pytest
from axe_playwright_python.base import AXE_SCRIPT, AxeResults
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Quiet flags: this machine has no network beyond localhost, and Chromium should not try it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(app):
    """The app on http://localhost:<port>; localhost, because WebAuthn needs a domain name."""
    server = make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://localhost:{server.server_port}"
    app.config["WEBAUTHN_ORIGIN"] = origin  # passkeys are bound to the page's origin
    yield origin
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 412, "height": 915})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


class AxeChecker:
    """Runs axe-core on a page. Its 570 KB script is handed to each browser context once, as
    a script every later document of the context starts with, not sent again for every run."""

    def __init__(self):
        self.contexts = weakref.WeakSet()

    def __call__(self, page) -> None:
        """Runs axe-core on the page as it is now; fails with the report on any violation."""
        if page.context not in self.contexts:
            page.context.add_init_script(AXE_SCRIPT)
            self.contexts.add(page.context)
        page.wait_for_load_state()  # not on a page still loading after a click
        if not page.evaluate("() => typeof axe === 'object'"):  # opened before the first run
            page.evaluate(AXE_SCRIPT)
        results = AxeResults(page.evaluate("(options) => axe.run(options)", AXE_OPTIONS))
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture(scope="session")
def axe():
    return AxeChecker()
