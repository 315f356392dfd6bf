"""Form fields, validators and their messages, shared by every journey."""

from app.forms import html_params

# Every form of the app renders its inputs with the faster html_params (same HTML).
html_params.install()
