"""Size budget of a question page, measured: prints the figures and fails when over budget.

Budget (issue 2): a question page's HTML under 14 KB compressed; a first visit to it under
50 KB in all (HTML, CSS, JS, and for Uyghur and Kazakh pages the font). Compression is gzip at
level 6, as a proxy serves it; the WOFF2 fonts are compressed already and count as they are.

Run with `make bench`.
"""

import gzip
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


from app.config import LANGUAGES  # noqa: E402
from tests.benchmarks.bench_app import bench_app  # noqa: E402

HTML_BUDGET = 14 * 1024
FIRST_VISIT_BUDGET = 50 * 1024
ASSET = re.compile(r'(?:href|src)="(/(?:static|pwa)/[^"]+\.(?:css|js)[^"]*)"')
FONTS = ["static/fonts/uyghur-regular-1.woff2", "static/fonts/uyghur-bold-1.woff2"]


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def post(client, url: str, **data):
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]* value="([^"]+)"', page).group(1)
    return client.post(url, data={"csrf_token": token, **data})


def signed_in_client(app):
    """A resident who signed in and started an application; and its first question's path."""
    client = app.test_client()
    post(client, "/sign-in", mobile="13912345678")
    code = re.search(r"\d{6}", app.extensions["message_sender"].sent[-1][1]).group(0)
    post(client, "/sign-in/code", code=code)
    return client, post(client, "/apply/startup-subsidy").headers["Location"]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(f"sqlite:///{folder}/bench.sqlite3")
        client, first_question = signed_in_client(app)
        over = False
        columns = ("HTML", "HTML gz", "first visit gz", "server ms")
        print(f"{'page':<34}{'lang':<12}" + "".join(f"{c:>16}" for c in columns))
        for lang in LANGUAGES:
            client.get(f"/?lang={lang}")
            pages = [
                ("question: full name", first_question),
                (
                    "question: date business started",
                    first_question.replace("full-name", "business-started"),
                ),
                ("accessibility statement", "/accessibility"),
            ]
            for label, url in pages:
                html = client.get(url).get_data()
                assets = [client.get(a).get_data() for a in ASSET.findall(html.decode())]
                total = compressed(html) + sum(compressed(a) for a in assets)
                # Arabic letters fetch the font: on a Chinese page only the language links'
                # (regular); on a Uyghur or Kazakh page regular and bold.
                fonts = FONTS if LANGUAGES[lang]["dir"] == "rtl" else FONTS[:1]
                total += sum((ROOT / font).stat().st_size for font in fonts)
                timings = []
                for _ in range(50):
                    began = time.perf_counter()
                    client.get(url).close()
                    timings.append((time.perf_counter() - began) * 1000)
                html_gz = compressed(html)
                over |= html_gz > HTML_BUDGET or total > FIRST_VISIT_BUDGET
                figures = [f"{len(html):,}", f"{html_gz:,}", f"{total:,}"]
                figures.append(f"{statistics.median(timings):.1f}")
                print(f"{label:<34}{lang:<12}" + "".join(f"{f:>16}" for f in figures))
        css = (ROOT / "static/css/app.css").read_bytes()
        js = (ROOT / "static/js/app.js").read_bytes()
        print(f"\nCSS {len(css):,} B ({compressed(css):,} gz)", end="; ")
        print(f"JS {len(js):,} B ({compressed(js):,} gz)")
        fonts = ", ".join(f"{Path(f).name} {(ROOT / f).stat().st_size:,} B" for f in FONTS)
        print(f"Web fonts (Uyghur and Kazakh letters only): {fonts}")
        verdict = "OVER" if over else "within"
        print(f"Budgets: HTML gz < {HTML_BUDGET:,} B", end=", ")
        print(f"first visit gz < {FIRST_VISIT_BUDGET:,} B: {verdict}")
        return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
