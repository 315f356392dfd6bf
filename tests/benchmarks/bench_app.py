"""The app as every benchmark runs it: on a database of its own, migrated to the latest
revision, with text messages kept in memory (a test set-up: no real resident signs in)."""

import base64

from flask_migrate import upgrade

from app import create_app


def bench_app(database_uri: str, **overrides):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "MESSAGE_BACKEND": "memory",
            "SECRET_KEY": "benchmark",
            # Fixed, so that a benchmark database made from one checkout is read by another.
            "DATA_KEYS": "bench:" + base64.b64encode(b"data key of the benchmarks only.").decode(),
            "INDEX_KEYS": "bench:" + base64.b64encode(b"index key of the benchmarks only").decode(),
            **overrides,
        }
    )
    with app.app_context():
        upgrade()
    return app
