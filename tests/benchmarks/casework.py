"""The caseworkers' office at scale, on PostgreSQL: a million applications, then the server
time of the queue page and of a year's figures.

Goals (issue 7): the queue under 100 ms of server time, a year's report under 1 s.
Run with `make bench`. It makes (once) and reuses a database `changji_bench` on the server of
BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/changji_bench).
Times are medians of 20 requests through the Flask test client: the view, its queries and the
template, without the network.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import text  # noqa: E402

from app import encryption, sessions  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import User  # noqa: E402
from tests.benchmarks.bench_app import bench_app  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/changji_bench")
APPLICATIONS = 1_000_000
RESIDENTS = 200_000
RUNS = 20

RESIDENTS_SQL = """
INSERT INTO users (mobile, locale, webauthn_user_handle, role, created_at, details)
SELECT (13000000000 + n)::text, CASE WHEN n % 3 = 0 THEN 'ug' ELSE 'zh' END,
       decode(md5(n::text), 'hex'), 'resident', now(), '{}'
FROM generate_series(1, :residents) AS n
"""
DISTRICTS = ["changji", "fukang", "hutubi", "manas", "qitai", "jimsar", "mori"]
# Spread over three years, seven programmes and seven districts; most decided, many paid. The
# answers (identifiers encrypted) and the ID number's index are made in Python beforehand.
APPLICATIONS_SQL = """
INSERT INTO applications (programme, resident_id, created_by_id, status, answers, district,
    reference, created_at, updated_at, submitted_at, applicant_name, id_number_index,
    decided_at, approved_yuan, paid_yuan, paid_on, version)
SELECT programme, resident, resident, status, answers, district,
    'CJ-' || extract(year FROM submitted) || '-' || lpad(n::text, 7, '0'),
    submitted, submitted, submitted, '居民' || n, id_number_index,
    CASE WHEN status IN ('approved', 'rejected', 'paid') THEN decided END,
    CASE WHEN status IN ('approved', 'paid') THEN 3000 + (n % 5) * 500 END,
    CASE WHEN status = 'paid' THEN 3000 + (n % 5) * 500 END,
    CASE WHEN status = 'paid' THEN (decided + interval '10 days')::date END,
    1
FROM (
    SELECT n,
        (ARRAY['startup-subsidy', 'operating-subsidy', 'living-allowance', 'nursing-allowance',
               'home-modification', 'student-aid', 'temporary-relief'])[1 + n % 7] AS programme,
        (CAST(:districts AS text[]))[1 + (n / 7) % 7] AS district,
        1 + n % :residents AS resident,
        (ARRAY['paid', 'paid', 'paid', 'approved', 'rejected', 'submitted', 'under_review',
               'more_info', 'paid', 'withdrawn'])[1 + (n / 49) % 10] AS status,
        timestamp '2024-01-01' + (n % 1000) * interval '1 day' + (n % 86400) * interval '1 second'
            AS submitted,
        timestamp '2024-01-01' + (n % 1000) * interval '1 day' + (1 + n % 40) * interval '1 day'
            AS decided
    FROM generate_series(1, :applications) AS n
) AS spread
JOIN bench_answers USING (n)
"""
# The application whose ID number the search looks for: in Changji City, half way down.
SEARCHED = 500_001


def id_number_of(n: int) -> str:
    return f"{110105194900000000 + n:018d}"


def answers_rows():
    """Each application's answers, identifiers encrypted as the app stores them, and its
    ID number's index: what the app's own columns would hold (inside an app context)."""
    cipher = encryption.cipher()
    for n in range(1, APPLICATIONS + 1):
        id_number = id_number_of(n)
        answers = {
            "full_name": f"居民{n}",
            "id_number": id_number,
            "certificate_number": id_number + "11",
            "district": DISTRICTS[(n // 7) % 7],
            "account_number": f"6228{n:015d}",
        }
        yield n, json.dumps(cipher.seal(answers)), encryption.id_number_index(id_number)


def ensure_database() -> None:
    server, name = URL.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def fill(app) -> None:
    with app.app_context():
        # Rows made by an older version of this script (no answers) are made again.
        have = db.session.scalar(
            text("SELECT count(*) FROM applications WHERE answers ? 'id_number'")
        )
        if have >= APPLICATIONS:
            print(f"Reusing {have:,} applications.")
            return
        began = time.perf_counter()
        db.session.execute(text("TRUNCATE applications, users RESTART IDENTITY CASCADE"))
        db.session.execute(text(RESIDENTS_SQL), {"residents": RESIDENTS})
        db.session.execute(
            text(
                "CREATE TEMPORARY TABLE bench_answers (n integer PRIMARY KEY, answers jsonb,"
                " id_number_index text) ON COMMIT DROP"
            )
        )
        driver = db.session.connection().connection.driver_connection
        with driver.cursor().copy("COPY bench_answers FROM STDIN") as copy:
            for row in answers_rows():
                copy.write_row(row)
        db.session.execute(
            text(APPLICATIONS_SQL),
            {"residents": RESIDENTS, "applications": APPLICATIONS, "districts": DISTRICTS},
        )
        db.session.commit()
        print(f"Made {APPLICATIONS:,} applications in {time.perf_counter() - began:.0f} s.")
    # What autovacuum does on a running server, done now: statistics for the planner, and the
    # visibility map without which no scan is read from an index alone.
    with psycopg.connect(URL, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE applications, users")


def staff_client(app, role: str, district: str | None):
    """A client signed in as staff (the passkey step is not what is measured)."""
    with app.app_context():
        user_id = db.session.scalar(
            text(
                "INSERT INTO users (mobile, locale, webauthn_user_handle, role, district, name,"
                " created_at, details) VALUES (:mobile, 'zh', :handle, :role, :district, '测试',"
                " now(), '{}') ON CONFLICT (mobile) DO UPDATE SET role = :role RETURNING id"
            ),
            {
                "mobile": f"129{len(role):08d}",
                "handle": os.urandom(32),
                "role": role,
                "district": district,
            },
        )
        db.session.commit()
    # A server-side session begun with a passkey, as the passkey sign-in would begin it.
    with app.test_request_context():
        sessions.begin(db.session.get(User, user_id), "passkey")
        token = sessions.current().token
    client = app.test_client()
    client.set_cookie("session", token)
    return client


def median_ms(client, url: str) -> float:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        client.get(url).close()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> int:
    ensure_database()
    app = bench_app(URL.replace("postgresql://", "postgresql+psycopg://"))
    fill(app)
    caseworker = staff_client(app, "caseworker", "changji")
    admin = staff_client(app, "admin", None)
    with app.app_context():
        waiting = db.session.scalar(
            text(
                "SELECT count(*) FROM applications WHERE district = 'changji'"
                " AND status IN ('submitted', 'under_review', 'more_info')"
            )
        )
    searched = f"/staff/queue?search={id_number_of(SEARCHED)}&status=all"
    found = caseworker.get(searched).get_data(as_text=True)
    assert f"-{SEARCHED:07d}<" in found, "the search by ID number found nothing"
    figures = [
        ("Queue, waiting (first page)", caseworker, "/staff/queue", 100),
        ("Queue, one programme", caseworker, "/staff/queue?programme=living-allowance", 100),
        ("Queue, all statuses, page 200", caseworker, "/staff/queue?status=all&page=200", 100),
        ("Queue, search by ID number", caseworker, searched, 100),
        ("Year's figures, one district", caseworker, "/staff/reports?year=2025", 1000),
        ("Year's figures, the prefecture", admin, "/staff/reports?year=2025", 1000),
        ("Year's figures as CSV", admin, "/staff/reports/figures.csv?year=2025", 1000),
    ]
    print(f"{APPLICATIONS:,} applications; {waiting:,} waiting in Changji City.")
    print(f"{'page':<36}{'median ms':>12}{'goal ms':>10}")
    over = False
    for label, client, url, goal in figures:
        took = median_ms(client, url)
        over |= took > goal
        print(f"{label:<36}{took:>12.1f}{goal:>10}")
    print("Goals:", "missed" if over else "met")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
