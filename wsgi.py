"""Entry point for gunicorn and `flask run`: `gunicorn wsgi:app`."""

import gc

from app import create_app

app = create_app()
# What start-up made (the app, its templates, the programmes, the catalogues) lives as long as
# the process: the garbage collector need not walk it again at every collection.
gc.freeze()
