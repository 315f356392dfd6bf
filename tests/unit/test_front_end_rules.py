"""Rules for templates, styles and scripts that keep every page safe and direction-neutral."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "app" / "templates").rglob("*.html"))
STYLESHEETS = sorted((ROOT / "static").rglob("*.css"))

PHYSICAL = re.compile(
    r"(?<![\w-])(?:margin|padding|border)-(?:left|right|top|bottom)\b"
    r"|(?<![\w-])(?:left|right|top|bottom)\s*:"
    r"|(?:text-align|float|clear)\s*:\s*(?:left|right)"
    r"|(?<![\w-])(?:width|height|min-width|max-width|min-height|max-height)\s*:"
)


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda p: p.name)
def test_styles_use_logical_properties_only(path):
    css = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
    css = re.sub(r"@media[^{]*", "", css)  # media queries measure the screen, not the text
    assert PHYSICAL.findall(css) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_script_style_or_handlers(path):
    source = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)", source), "inline <script>"
    assert "<style" not in source
    assert not re.search(r"\sstyle=", source)
    assert not re.search(r"\son[a-z]+=", source), "event handler attribute"
