"""Settings read from the environment when the app is created, with safe defaults for the demo."""

import os
import secrets
from pathlib import Path

from app import encryption, languages

DEFAULT_LANGUAGE = "zh"
# Each language the service speaks, one for each catalogue (app/languages.py): its code, its
# BCP 47 tag for `lang`, its direction and its own name. A language is added as a catalogue.
TRANSLATIONS = Path(
    os.environ.get("TRANSLATIONS_FOLDER") or Path(__file__).parent.parent / "translations"
)
LANGUAGES = languages.discover(TRANSLATIONS, DEFAULT_LANGUAGE)


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance_path / 'changji.sqlite3'}"
    # Hosting platforms hand out postgres:// or postgresql:// URLs; we drive them with psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _kept_in_instance(instance_path: Path, name: str, make) -> str:
    path = instance_path / name
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def demo_secret_key(instance_path: Path) -> str:
    """For the demo and tests only: a key kept in instance/, so that restarts keep sessions."""
    return _kept_in_instance(instance_path, "secret_key", lambda: secrets.token_hex(32))


def demo_data_keys(instance_path: Path) -> dict[str, str]:
    """For the demo and tests only: DATA_KEYS and INDEX_KEYS kept in instance/, beside the
    demo's database, so that what they encrypted can be read after a restart."""
    return {
        name: _kept_in_instance(instance_path, name.lower(), encryption.new_key_setting)
        for name in ("DATA_KEYS", "INDEX_KEYS")
    }


MIN_SECRET_KEY_LENGTH = 32


def production_problems(config: dict, pretend_backends: frozenset[str]) -> list[str]:
    """What is missing for real residents to sign in safely, each saying what to set.

    Outside demo mode and tests, sign-in codes must reach a phone and nowhere else (never a
    log), sessions must be signed with a key every server shares and nobody can read from the
    disk, and every server must count code requests together."""
    problems = []
    key = config.get("SECRET_KEY") or ""
    if len(key) < MIN_SECRET_KEY_LENGTH:
        problems.append(
            f"SECRET_KEY: at least {MIN_SECRET_KEY_LENGTH} random characters, the same on every "
            "server (python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    if not config.get("REDIS_URL"):
        problems.append(
            "REDIS_URL: redis://host:6379/0, where every server counts sign-in code requests"
        )
    backend = config.get("MESSAGE_BACKEND")
    if backend in pretend_backends:
        problems.append(f"MESSAGE_BACKEND: an SMS gateway ({backend!r} sends no text message)")
    return problems + key_problems(config)


MAKE_KEY = "python -c 'from app.encryption import new_key_setting as k; print(k(\"k1\"))'"
KEY_PURPOSES = {
    "DATA_KEYS": "the keys that encrypt ID, certificate and bank account numbers",
    "INDEX_KEYS": "the keys of the index caseworkers search ID numbers by (not a data key)",
}


def key_problems(config: dict) -> list[str]:
    """DATA_KEYS and INDEX_KEYS: present, well formed, and not the same keys (decision 13)."""
    problems = []
    parsed = {}
    for name, purpose in KEY_PURPOSES.items():
        if not config.get(name):
            problems.append(f"{name}: {purpose}, written id:base64 ({MAKE_KEY})")
            continue
        try:
            parsed[name] = encryption.parse_keys(config[name], name)
        except encryption.BadKeys as error:
            problems.append(str(error))
    if len(parsed) == 2 and set(parsed["DATA_KEYS"].values()) & set(parsed["INDEX_KEYS"].values()):
        problems.append("INDEX_KEYS: a key of its own, not one of DATA_KEYS")
    return problems


def from_environment(instance_path: Path) -> dict:
    https = _flag("HTTPS", default=False)
    return {
        # From the environment only; create_app refuses to start without one, except in the
        # demo and tests, which keep a key in instance/.
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        # ID, certificate and bank account numbers are encrypted with these (decision 13); the
        # demo and tests keep theirs in instance/.
        "DATA_KEYS": os.environ.get("DATA_KEYS"),
        "INDEX_KEYS": os.environ.get("INDEX_KEYS"),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Demo mode shows sign-in codes on screen; never turn it on where real people sign in.
        "DEMO_MODE": _flag("DEMO_MODE"),
        "MESSAGE_BACKEND": os.environ.get("MESSAGE_BACKEND", "console"),
        # The SMS provider's (aliyun or tencent: app/services/sms/): its key, the approved
        # signature and templates (JSON, or a JSON file's path), and where its API is.
        "SMS_TEMPLATES": os.environ.get("SMS_TEMPLATES"),
        "SMS_SIGN_NAME": os.environ.get("SMS_SIGN_NAME"),
        "SMS_ENDPOINT": os.environ.get("SMS_ENDPOINT"),
        "SMS_ACCESS_KEY_ID": os.environ.get("SMS_ACCESS_KEY_ID"),  # Alibaba Cloud
        "SMS_ACCESS_KEY_SECRET": os.environ.get("SMS_ACCESS_KEY_SECRET"),
        "SMS_SECRET_ID": os.environ.get("SMS_SECRET_ID"),  # Tencent Cloud
        "SMS_SECRET_KEY": os.environ.get("SMS_SECRET_KEY"),
        "SMS_SDK_APP_ID": os.environ.get("SMS_SDK_APP_ID"),
        "SMS_REGION": os.environ.get("SMS_REGION"),
        "SMS_TIMEOUT_SECONDS": float(os.environ.get("SMS_TIMEOUT_SECONDS", "5")),
        # At most this many text messages a day to one number (a sign-in code included).
        "SMS_DAILY_CAP_PER_NUMBER": int(os.environ.get("SMS_DAILY_CAP_PER_NUMBER", "20")),
        "REDIS_URL": os.environ.get("REDIS_URL"),
        "LANGUAGES": LANGUAGES,
        "BABEL_DEFAULT_LOCALE": DEFAULT_LANGUAGE,
        "BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS),
        # A form may take a blind user a long time: the CSRF token lives as long as the session.
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Served over HTTPS only: cookies marked Secure, and browsers told never to use plain
        # HTTP again (Strict-Transport-Security, app/security.py).
        "HTTPS": https,
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        # Behind a proxy (nginx, a load balancer): how many hops of X-Forwarded-* to trust.
        "PROXY_HOPS": int(os.environ.get("PROXY_HOPS", "0")),
        # What a request may send (app/request_limits.py). Every form but an upload is a few
        # kilobytes: 1 MB, refused before it is read. Views that take files accept several of
        # up to 10 MB each, from a signed-in person only.
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "MAX_UPLOAD_LENGTH": 60 * 1024 * 1024,
        # In a form with files: each text field at most 64 KB (the longest answer, 1000
        # characters, is 3 KB), and at most 200 fields and files. Werkzeug reads a form in
        # 64 KB chunks and counts each chunk, with the few bytes it held back of the last
        # one (a boundary cut in two), against this limit: exactly 64 KB refused every file
        # larger than that (a phone's photo) as soon as it held a line break.
        "MAX_FORM_MEMORY_SIZE": 65 * 1024,
        "MAX_FORM_PARTS": 200,
        # Passkeys: the site's domain (never an IP address) and the origin pages are served from.
        "WEBAUTHN_RP_ID": os.environ.get("WEBAUTHN_RP_ID", "localhost"),
        "WEBAUTHN_ORIGIN": os.environ.get(
            "WEBAUTHN_ORIGIN", f"http://localhost:{os.environ.get('PORT', '5000')}"
        ),
        "WEBAUTHN_RP_NAME": os.environ.get("WEBAUTHN_RP_NAME", "Changji Disability Services"),
        # Residents' documents: outside the web root; shared storage when there are several servers.
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER", str(instance_path / "uploads")),
        # Or a bucket of S3-compatible object storage (app/storage.py): s3://bucket/prefix, with
        # the provider's endpoint (Alibaba Cloud OSS, MinIO, Ceph) and boto3's AWS_* credentials.
        "STORAGE_URL": os.environ.get("STORAGE_URL"),
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL"),
        # "path" for MinIO and Ceph without a wildcard domain; "virtual" for Alibaba Cloud OSS.
        "S3_ADDRESSING_STYLE": os.environ.get("S3_ADDRESSING_STYLE", "auto"),
        # Questions read aloud (app/listen/): made once, kept here; shared storage too, as a
        # page served by one server may be listened to from another.
        "RECORDINGS_FOLDER": os.environ.get("RECORDINGS_FOLDER", str(instance_path / "recordings")),
        # Log lines: `json` (one object a line) or `text`; unset, JSON except in the demo and
        # tests (app/logs.py).
        "LOG_FORMAT": os.environ.get("LOG_FORMAT"),
        # The bearer token Prometheus scrapes /metrics with; unset, there is no /metrics.
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN"),
        # How long a closed account's decided applications and payments are kept after the
        # decision, as the federation's archive rules require; then `flask purge` deletes them.
        "RETENTION_YEARS": int(os.environ.get("RETENTION_YEARS", "10")),
    }
