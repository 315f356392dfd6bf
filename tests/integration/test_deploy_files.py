"""The files in deploy/ keep up with the app: every setting the app reads is in the example
environment file, and nginx's larger body limit covers every view that takes documents."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTING = re.compile(r"""(?:os\.environ\.get|_flag)\(\s*["']([A-Z][A-Z0-9_]*)["']""")
# Read only as the default of WEBAUTHN_ORIGIN, which production sets itself.
NOT_FOR_PRODUCTION = {"PORT"}
UPLOAD_LOCATION = re.compile(r"location ~ (\S+) \{\n\s*client_max_body_size 64m;")


def test_every_setting_the_app_reads_is_in_the_example_environment():
    read = set(SETTING.findall((ROOT / "app" / "config.py").read_text())) - NOT_FOR_PRODUCTION
    listed = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", (ROOT / "deploy/env.example").read_text(), re.M)
    )
    assert read and read <= listed, f"missing from deploy/env.example: {sorted(read - listed)}"


def test_nginx_takes_documents_wherever_the_app_does(app):
    """Each view marked takes_uploads, at an address made from its rule, falls in the nginx
    location that allows 64 MB; the pages around it that take no files do not."""
    pattern = re.compile(
        UPLOAD_LOCATION.search((ROOT / "deploy/nginx/changji-server.conf").read_text()).group(1)
    )
    taking = [
        re.sub(r"<[^>]+>", "slug", re.sub(r"<int:[^>]+>", "12", rule.rule))
        for rule in app.url_map.iter_rules()
        if getattr(app.view_functions[rule.endpoint], "takes_uploads", False)
    ]
    assert taking and all(pattern.fullmatch(path) for path in taking), taking
    assert not pattern.fullmatch("/sign-in") and not pattern.fullmatch("/applications")
