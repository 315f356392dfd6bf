"""Changji Disability Services: aid applications and service bookings for disabled residents."""

from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from app import (
    assets,
    config,
    encryption,
    errors,
    form_keys,
    health,
    i18n,
    listen,
    logs,
    metrics,
    pwa,
    request_limits,
    request_trace,
    security,
    sessions,
    storage,
    templating,
)
from app.extensions import babel, csrf, db, login_manager, migrate
from app.services import messaging, rate_limits

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(exist_ok=True)
    app.config.from_mapping(config.from_environment(Path(app.instance_path)))
    app.config.update(overrides or {})
    _require_production_settings(app)

    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    logs.init_app(app)
    request_trace.init_app(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    sessions.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, default_timezone="Asia/Shanghai")
    _init_login(app)
    messaging.init_app(app)
    rate_limits.init_app(app)
    i18n.init_app(app)
    assets.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    request_limits.init_app(app)
    form_keys.init_app(app)
    pwa.init_app(app)
    listen.init_app(app)
    errors.init_app(app)
    storage.init_app(app)
    health.init_app(app)
    metrics.init_app(app)

    from app import staff
    from app.account.views import bp as account_bp
    from app.admin.views import bp as admin_bp
    from app.apply.views import bp as apply_bp
    from app.auth.views import bp as auth_bp
    from app.book import bp as book_bp
    from app.casework.views import bp as casework_bp
    from app.public.views import bp as public_bp
    from app.reports.views import bp as reports_bp
    from app.rights.views import bp as rights_bp
    from app.staff.join import bp as join_bp

    # Every staff page is inside /staff, behind its one guard.
    staff.nest([(casework_bp, ""), (reports_bp, "/reports"), (admin_bp, "/admin")])
    for blueprint in (public_bp, auth_bp, apply_bp, book_bp, account_bp, rights_bp, join_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(staff.bp)

    from app import cli, programmes

    programmes.init_app(app)
    encryption.init_app(app, app.extensions["encrypted_answers"])
    cli.init_app(app)
    return app


def _require_production_settings(app: Flask) -> None:
    """Real residents only with real settings: a demo or a test may do without (its key then
    kept in instance/), anything else refuses to start and says what to set."""
    if app.config["DEMO_MODE"] or app.config["TESTING"]:
        instance = Path(app.instance_path)
        if not app.config["SECRET_KEY"]:
            app.config["SECRET_KEY"] = config.demo_secret_key(instance)
        for name, kept in config.demo_data_keys(instance).items():
            app.config[name] = app.config[name] or kept
        return
    problems = config.production_problems(app.config, messaging.SEND_NOTHING)
    if problems:
        raise RuntimeError(
            "Not starting: real residents would sign in here. Set these in the environment:\n- "
            + "\n- ".join(problems)
            + "\n(Or DEMO_MODE=1 for a demonstration, where nobody real signs in.)"
        )


def _init_login(app: Flask) -> None:
    from app.models import User

    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None

    def signed_in_user() -> User | None:
        """The account the session row names: the row, not the cookie, says who is signed in."""
        current = sessions.current()
        record = current.record
        if record is None or record.user_id is None:
            return None
        # Loaded by the session's own query already: no second query.
        user = (
            current.account if current.account is not None else db.session.get(User, record.user_id)
        )
        if user is not None:
            user.signed_in_with = record.method
        return user

    login_manager.user_loader(lambda _user_id: signed_in_user())
    login_manager.request_loader(lambda _request: signed_in_user())


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _connection_record) -> None:
    """SQLite: write-ahead log so readers never wait for writers, and foreign keys enforced."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # With the write-ahead log, a commit waits for no disk sync; a power cut may lose the last
    # commits but never corrupts the database (an app crash loses nothing). Production runs on
    # PostgreSQL; this is the demo and a single-server install.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
