"""The installable, offline-capable layer: service worker, manifest, offline pages.

The service worker's source lives in pwa/; it is served from the site root so that it may look
after every page, with its settings (what to precache, where the offline pages are) written in
by the server. Every page still works without it.
"""

import hashlib
import hmac
import json
from datetime import timedelta
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    make_response,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from app import listen
from app.assets import ONE_YEAR, asset_url, version_of
from app.built_urls import kept_url_for
from app.i18n import current_language, languages, ltr

SOURCE = Path(__file__).resolve().parent.parent / "pwa"
PAGE_SCRIPTS = {"offline.js"}
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
# POSTs under these paths are answers and bookings: kept on the phone when they cannot be sent.
KEPT_WHEN_OFFLINE = ("/applications/", "/book/", "/bookings/")
# How long a page may take before the phone shows its saved copy instead.
PAGE_TIMEOUT_MS = 4000
# How long the phone keeps a personal page, typing and a send that waits: then they are deleted.
KEPT_FOR = timedelta(days=7)
NEVER_KEPT = "private, no-store"
THEME_COLOUR = "#0b0c0c"

bp = Blueprint("pwa", __name__)


def page_script_url(name: str) -> str:
    return kept_url_for("pwa.page_script", name=name, v=version_of(SOURCE / name))


def account_marker() -> str:
    """Names the signed-in account to the service worker without saying who it is: pages kept
    for one account are never shown to another."""
    if not current_user.is_authenticated:
        return "anonymous"
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"account {current_user.id}".encode(), "sha256").hexdigest()[:16]


def _shell() -> list[str]:
    """What the phone keeps from the first visit: enough to show any kept page and the
    offline pages in both languages."""
    assets = [
        asset_url("css/app.css"),
        asset_url("js/app.js"),
        asset_url("js/passkeys.js"),
        page_script_url("offline.js"),
        asset_url("icons/icon-192.png"),
        # The stylesheet asks for the fonts by name; the name changes when the font does.
        url_for("static", filename="fonts/uyghur-regular-1.woff2"),
        url_for("static", filename="fonts/uyghur-bold-1.woff2"),
    ]
    pages = [url_for("pwa.offline", code=code) for code in languages()]
    pages += [url_for("pwa.kept", code=code) for code in languages()]
    return assets + pages


def _version(shell: list[str]) -> str:
    """Changes whenever the worker, the shell or a translation of the offline pages does."""
    hashed = hashlib.sha256(json.dumps(shell).encode())
    hashed.update(version_of(SOURCE / "service-worker.js").encode())
    templates = Path(current_app.root_path) / "templates" / "pwa"
    for path in sorted([*templates.glob("*.html"), *TRANSLATIONS.glob("*/LC_MESSAGES/*.mo")]):
        hashed.update(version_of(path).encode())
    return hashed.hexdigest()[:12]


def worker_settings() -> dict:
    shell = _shell()
    return {
        "version": _version(shell),
        "shell": shell,
        "offline": {code: url_for("pwa.offline", code=code) for code in languages()},
        "kept": {code: url_for("pwa.kept", code=code) for code in languages()},
        "languages": {language["tag"]: code for code, language in languages().items()},
        "defaultLanguage": current_app.config["BABEL_DEFAULT_LOCALE"],
        "keptWhenOffline": list(KEPT_WHEN_OFFLINE),
        "signIn": url_for("auth.sign_in"),
        # Both end this phone's session: what it keeps for the account goes with it.
        "signOut": [url_for("auth.sign_out"), url_for("account.sign_out_everywhere")],
        "formToken": url_for("pwa.form_token"),
        # Questions read aloud: fetched when played, then kept (never precached).
        "recordings": listen.PATH,
        "pageTimeout": PAGE_TIMEOUT_MS,
        "keptFor": KEPT_FOR // timedelta(milliseconds=1),
    }


@bp.get("/service-worker.js")
def service_worker():
    source = (SOURCE / "service-worker.js").read_text(encoding="utf-8")
    body = f"const SETTINGS = {json.dumps(worker_settings())};\n{source}"
    response = current_app.response_class(body, mimetype="text/javascript")
    # Always asked again: a new version must reach phones at their next visit.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/pwa/<name>")
def page_script(name: str):
    if name not in PAGE_SCRIPTS:
        abort(404)
    return send_from_directory(SOURCE, name, mimetype="text/javascript", max_age=ONE_YEAR)


@bp.get("/manifest/<code>.webmanifest")
def manifest(code: str):
    if code not in languages():
        abort(404)
    language = languages()[code]
    with force_locale(code):
        body = {
            "id": "/",
            "name": _("Changji Disability Services"),
            "short_name": _("Changji services"),
            "description": _("Apply for aid and book services for disabled residents."),
            "lang": language["tag"],
            "dir": language["dir"],
            "start_url": url_for("public.home"),
            "scope": "/",
            "display": "standalone",
            "theme_color": THEME_COLOUR,
            "background_color": "#ffffff",
            "icons": [
                {
                    "src": asset_url(f"icons/icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any",
                }
                for size in (192, 512)
            ]
            + [
                {
                    "src": asset_url("icons/icon-maskable-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                }
            ],
        }
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json"
    )
    response.cache_control.max_age = 24 * 3600
    return response


def _offline_page(template: str, code: str, **context):
    if code not in languages():
        abort(404)
    with force_locale(code):
        response = make_response(
            render_template(
                template,
                offline_language_url=lambda other: url_for(request.endpoint, code=other),
                **context,
            )
        )
    response.headers["Content-Language"] = languages()[code]["tag"]
    return response


@bp.get("/offline/<code>")
def offline(code: str):
    return _offline_page("pwa/offline.html", code)


@bp.get("/offline/<code>/kept")
def kept(code: str):
    return _offline_page("pwa/kept.html", code, kept_days=KEPT_FOR.days)


@bp.get("/form-token")
def form_token():
    """A fresh CSRF token for sending what the phone kept, and whose session it belongs to."""
    response = jsonify(token=generate_csrf(), account=account_marker())
    response.headers["Cache-Control"] = "no-store"
    return response


# ---- What a page the phone may keep shows ----
# Pages are kept on the phone for a week, where whoever holds it may read them: residents' pages
# show a personal number (ID, certificate, bank account, mobile) only by its last four characters.
# A page that must hold one in full, in the input of the question that asks it, is never kept.


def last_four(number: str) -> Markup:
    """A personal number on a page the phone may keep: "ending 1234", in the page's language."""
    return escape(_("ending %(last)s")) % {"last": ltr(str(number)[-4:])}


def never_keep_page() -> str:
    """Called while rendering an input that holds a personal number: the page is sent
    no-store, so neither the service worker nor the browser keeps a copy."""
    g.never_keep_page = True
    return ""


def mark_pages(response):
    """Tells the service worker whose page this is, in which language, and whether to keep it."""
    if response.mimetype == "text/html":
        response.headers["X-Account"] = account_marker()
        response.headers.setdefault("Content-Language", current_language()["tag"])
        if g.get("never_keep_page"):
            response.headers["Cache-Control"] = NEVER_KEPT
    return response


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.after_request(mark_pages)
