"""Where a page's time goes: each page kind of issue 13 through the Flask test client, on the
demo data in a SQLite database of its own, with its server time and its number of queries.

    python tests/benchmarks/page_profile.py            # every page kind: ms a request, queries
    python tests/benchmarks/page_profile.py review 30  # and cProfile's top 30 for pages whose
                                                       # name holds "review"

`BENCH_PROFILE_DATABASE_URL=postgresql+psycopg://...` runs it on PostgreSQL (a database of its
own). Times are CPU time (time.process_time), so that other work on the machine counts less: the
view, its queries and its template, without the network and without gunicorn;
`pages_per_second.py` measures what a phone meets.
"""

import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.extensions import db  # noqa: E402
from tests.benchmarks.bench_app import bench_app  # noqa: E402
from tests.benchmarks.page_kinds import (  # noqa: E402
    ClientBrowser,
    page_kinds,
    prepare,
    statements,
)

WARM_UP = 20
RUNS = 200


def main(wanted: str | None = None, top: int = 25) -> int:
    with tempfile.TemporaryDirectory() as folder:
        database = os.environ.get("BENCH_PROFILE_DATABASE_URL", f"sqlite:///{folder}/p.sqlite3")
        app = bench_app(database, DEMO_MODE=True, UPLOAD_FOLDER=folder)
        prepared = prepare(app, app.config["WEBAUTHN_ORIGIN"])
        kinds = page_kinds(prepared, lambda: ClientBrowser(app))

        with app.app_context():
            engine = db.engine
        print("| page | ms a request | queries |\n| --- | ---: | ---: |")
        for name, path, browser in kinds:
            # A first visit has no cookie: each request from a client of its own.
            client = browser.client if browser else app.test_client(use_cookies=False)
            for _ in range(WARM_UP):
                response = client.get(path)
                assert response.status_code == 200, f"{path}: {response.status_code}"
            with statements(engine) as ran:
                client.get(path)
            count = len(ran)
            started = time.process_time()
            for _ in range(RUNS):
                client.get(path)
            took = (time.process_time() - started) / RUNS * 1000
            print(f"| {name} | {took:.2f} | {count} |")
            if wanted and wanted in name:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(RUNS):
                    client.get(path)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)
                pstats.Stats(profiler).sort_stats("tottime").print_stats(top)
    return 0


if __name__ == "__main__":
    sys.exit(
        main(sys.argv[1] if len(sys.argv) > 1 else None, int((sys.argv[2:3] and sys.argv[2]) or 25))
    )
