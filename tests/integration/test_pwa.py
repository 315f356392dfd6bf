"""What the service worker is given: its settings, the shell it precaches, the manifest, the
offline pages, a fresh form token, and which pages it may keep for whom."""

import io
import json
import re

import pytest
from PIL import Image

from app.config import LANGUAGES
from tests.helpers import Visitor, message, translated

LANGS = list(LANGUAGES)


def worker_settings(client) -> dict:
    response = client.get("/service-worker.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    first_line = response.get_data(as_text=True).split("\n", 1)[0]
    return json.loads(re.fullmatch(r"const SETTINGS = (.*);", first_line).group(1))


def test_the_worker_precaches_a_shell_that_exists(client):
    settings = worker_settings(client)
    for url in settings["shell"]:
        with client.get(url) as response:
            assert response.status_code == 200, url
    shell = " ".join(settings["shell"])
    for needed in ("app.css", "offline.js", "uyghur-regular", "uyghur-bold", "/offline/ug/kept"):
        assert needed in shell
    # The stylesheet asks for the font at exactly the address the worker keeps.
    with client.get("/static/css/app.css") as stylesheet:
        css = stylesheet.get_data(as_text=True)
    assert 'url("../fonts/uyghur-regular-1.woff2")' in css
    assert "/static/fonts/uyghur-regular-1.woff2" in settings["shell"]


def test_a_new_worker_version_comes_with_a_changed_file(app, client, tmp_path, monkeypatch):
    from app import pwa

    before = worker_settings(client)["version"]
    source = tmp_path / "service-worker.js"
    source.write_text((pwa.SOURCE / "service-worker.js").read_text() + "\n// changed\n")
    (tmp_path / "offline.js").write_text((pwa.SOURCE / "offline.js").read_text())
    monkeypatch.setattr(pwa, "SOURCE", tmp_path)
    assert worker_settings(client)["version"] != before


@pytest.mark.parametrize("lang", LANGS)
def test_the_manifest_in_each_language(client, lang):
    response = client.get(f"/manifest/{lang}.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["name"] == message(lang, "Changji Disability Services")
    assert manifest["short_name"] == message(lang, "Changji services")
    assert manifest["dir"] == {"zh": "ltr", "ug": "rtl", "kk_Arab_CN": "rtl"}[lang]
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    purposes = {icon["purpose"] for icon in manifest["icons"]}
    assert purposes == {"any", "maskable"}
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:
            width, height = Image.open(io.BytesIO(image.data)).size
        assert f"{width}x{height}" == icon["sizes"]
    assert client.get("/manifest/fr.webmanifest").status_code == 404


@pytest.mark.parametrize("lang", LANGS)
def test_offline_pages_are_the_same_for_everyone(resident, lang):
    """Kept on the phone for whoever uses it next: no account links, whoever fetched them."""
    for url, heading in (
        (f"/offline/{lang}", "You are offline"),
        (f"/offline/{lang}/kept", "Your answer is kept on this phone"),
    ):
        response = resident.get(url)
        page = response.get_data(as_text=True)
        assert f"<h1>{translated(heading, lang)}</h1>" in page
        assert response.headers["Content-Language"] == LANGUAGES[lang]["tag"]
        assert translated("Sign out", lang) not in page
        assert translated("Your account", lang) not in page
        for other in set(LANGUAGES) - {lang}:  # the other languages' offline pages
            assert f'href="/offline/{other}' in page


def test_pages_name_their_account_without_saying_who(app, client, sent):
    anonymous = client.get("/")
    assert anonymous.headers["X-Account"] == "anonymous"
    first, second = Visitor(app.test_client(), sent), Visitor(app.test_client(), sent)
    first.sign_in("13900000001")
    second.sign_in("13900000002")
    markers = {first.get("/").headers["X-Account"], second.get("/").headers["X-Account"]}
    assert len(markers) == 2 and "anonymous" not in markers
    assert first.get("/applications").headers["X-Account"] == first.get("/").headers["X-Account"]
    assert all(len(marker) == 16 and not marker.isdigit() for marker in markers)


def test_the_form_token_is_fresh_and_never_stored(resident):
    response = resident.get("/form-token")
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["account"] == resident.get("/").headers["X-Account"]
    assert len(body["token"]) > 20


def test_staff_pages_are_never_kept(app, sent, authenticator):
    from app.models import Role
    from tests.helpers import staff_member

    member = staff_member(app, sent, authenticator, Role.CASEWORKER, district="changji")
    response = member.get("/staff")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_page_scripts_are_served_and_other_files_in_pwa_are_not(client):
    with client.get("/pwa/offline.js") as script:
        assert script.mimetype == "text/javascript"
    assert client.get("/pwa/make_font.py").status_code == 404
    assert client.get("/pwa/service-worker.js").status_code == 404
