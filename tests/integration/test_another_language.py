"""A fourth language needs a catalogue and nothing else: a pseudo-language made here (Kyrgyz,
every message of the catalogue template wrapped in ⟦ ⟧) is put beside the real catalogues in a
folder of the test's own, and the app, started on that folder with no change to its code or
templates, serves it, offers it in the language switch and switches to it."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
OWN_NAME = "the language's own name, in the language switch"
TAG = "the language's BCP 47 tag, for lang attributes"

# Run in a process of its own: the languages are read when the app's settings are imported.
SERVE = """
import json, sys, tempfile
sys.path.insert(0, {root!r})
from tests.benchmarks.bench_app import bench_app
folder = tempfile.mkdtemp()
app = bench_app(f"sqlite:///{{folder}}/p.sqlite3", UPLOAD_FOLDER=folder)
chinese, kyrgyz = app.test_client(), app.test_client()
switched = kyrgyz.get("/?lang=ky")
print(json.dumps({{
    "languages": list(app.config["LANGUAGES"]),
    "switched": [switched.status_code, switched.headers.get("Location")],
    "home": kyrgyz.get("/").get_data(as_text=True),
    "start": kyrgyz.get("/apply/startup-subsidy").get_data(as_text=True),
    "offline": kyrgyz.get("/offline/ky").get_data(as_text=True),
    "manifest": kyrgyz.get("/manifest/ky.webmanifest").get_json(force=True),
    "chinese": chinese.get("/").get_data(as_text=True),
}}))
"""


def pseudo_catalogue(folder: Path) -> None:
    with open(ROOT / "translations" / "messages.pot", "rb") as file:
        catalogue = read_po(file, locale="ky")
    for message in catalogue:
        if not message.id:
            continue
        if message.context == OWN_NAME:
            message.string = "Кыргызча"
        elif message.context == TAG:
            message.string = "ky"
        elif message.pluralizable:
            message.string = tuple(f"⟦{form}⟧" for form in message.id)
        else:
            message.string = f"⟦{message.id}⟧"
    target = folder / "ky" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.po", "wb") as file:
        write_po(file, catalogue)
    with open(target / "messages.mo", "wb") as file:
        write_mo(file, catalogue)


def test_a_catalogue_alone_adds_a_language(tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    pseudo_catalogue(translations)
    served = subprocess.run(
        [sys.executable, "-c", SERVE.format(root=str(ROOT))],
        env={"PATH": "/usr/bin:/bin", "TRANSLATIONS_FOLDER": str(translations)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    pages = json.loads(served.stdout.splitlines()[-1])
    assert pages["languages"][0] == "zh"
    assert sorted(pages["languages"]) == ["kk_Arab_CN", "ky", "ug", "zh"]
    assert pages["switched"] == [302, "/"]
    for page in (pages["home"], pages["start"], pages["offline"]):
        assert '<html lang="ky" dir="ltr"' in page
        assert "⟦Changji Disability Services⟧" in page
    assert "⟦One-off startup subsidy⟧" in pages["start"]  # a programme's own text
    assert pages["manifest"]["name"] == "⟦Changji Disability Services⟧"
    # Offered to everyone in its own name, marked with its language.
    assert 'lang="ky" dir="ltr" hreflang="ky">Кыргызча</a>' in pages["chinese"]
