"""Booking services: the booking journey (views.py, its steps in steps.py) and a resident's
bookings (mine.py), on one blueprint."""

from flask import Blueprint

bp = Blueprint("book", __name__)

from app.book import labels, mine, views  # noqa: E402, F401  (their routes and globals)

bp.add_app_template_global(labels.when, "slot_when")
