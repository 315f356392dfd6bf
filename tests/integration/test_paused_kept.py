"""The paused services, kept by each process for a minute (bookings.paused_kept): read once,
then forgotten at once when this process saves a change."""

from app.extensions import db
from app.models import PausedService
from app.services import bookings
from tests.benchmarks.page_kinds import statements


def test_the_paused_services_are_read_once_and_again_after_a_change(app):
    with app.test_request_context():
        assert bookings.paused_kept() == frozenset()
        with statements(db.engine) as ran:
            assert bookings.paused_kept() == frozenset()
        assert ran == []

        db.session.add(PausedService(service="rehab"))
        db.session.commit()
        assert bookings.paused_kept() == {"rehab"}

        db.session.delete(db.session.get(PausedService, "rehab"))
        db.session.commit()
        assert bookings.paused_kept() == frozenset()
        # What the steps' answers and the booking ask: the database itself.
        assert bookings.paused() == set()
