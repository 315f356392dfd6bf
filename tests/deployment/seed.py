"""Run by the multi-instance test in a process of its own, with the app servers' environment:
migrates the database and fills it as the benchmarks do (page_kinds.prepare: the demo data and
a complete draft of the startup subsidy). Prints the draft's id as the last line."""

from flask_migrate import upgrade

from app import create_app
from tests.benchmarks.page_kinds import prepare


def main() -> None:
    app = create_app()
    with app.app_context():
        upgrade()
    print(prepare(app, app.config["WEBAUTHN_ORIGIN"]).draft_id)


if __name__ == "__main__":
    main()
