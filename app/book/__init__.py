"""Booking services: the booking journey (views.py, its steps in steps.py) and a resident's
bookings (mine.py), on one blueprint."""

from flask import Blueprint

bp = Blueprint("book", __name__)

from app.book import mine, views  # noqa: E402, F401  (their routes)
