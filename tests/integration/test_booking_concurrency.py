"""Fifty people at once for the last place of a slot, and for the last wheelchair of a station:
exactly one gets it, every other is told it was taken; nothing goes below zero."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.demo import load_demo_services
from app.extensions import db
from app.models import Booking, DeviceStock, Service, Slot, Station, User
from app.models.base import utcnow
from app.services import bookings
from tests.integration.walker import GRADE_1

ATTEMPTS = 50


@pytest.fixture
def people(app):
    with app.app_context():
        load_demo_services()
        users = [
            User(mobile=f"139{n:08d}", details={"certificate_number": GRADE_1})
            for n in range(ATTEMPTS)
        ]
        db.session.add_all(users)
        db.session.commit()
        return [u.id for u in users]


def everyone_at_once(app, people, attempt) -> list[str]:
    """Runs `attempt(user)` for each person in a thread of its own, released together."""
    barrier = threading.Barrier(len(people))
    outcomes = [None] * len(people)

    def run(index, user_id):
        with app.app_context():
            user = db.session.get(User, user_id)
            db.session.commit()  # gives the connection back: 50 people share the pool
            barrier.wait()
            try:
                attempt(user, index)
                outcomes[index] = "won"
            except bookings.Full:
                outcomes[index] = "told it was taken"

    threads = [threading.Thread(target=run, args=(i, u)) for i, u in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_the_last_place_of_a_slot(app, people):
    with app.app_context():
        station = db.session.scalars(select(Station).where(Station.code == "changji-rehab")).one()
        start = utcnow() + timedelta(days=2)
        slot = Slot(
            station_id=station.id,
            service=Service.REHAB,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            capacity=5,
            places_left=1,
        )
        db.session.add(slot)
        db.session.commit()
        slot_id = slot.id

    outcomes = everyone_at_once(
        app,
        people,
        lambda user, i: bookings.book(
            bookings.Request(user, user, Service.REHAB, f"key-{i}", slot_id=slot_id)
        ),
    )
    assert outcomes.count("won") == 1
    assert outcomes.count("told it was taken") == ATTEMPTS - 1
    with app.app_context():
        assert db.session.get(Slot, slot_id).places_left == 0
        assert (
            db.session.scalar(
                select(func.count()).select_from(Booking).where(Booking.slot_id == slot_id)
            )
            == 1
        )


def test_the_last_wheelchair_of_a_station(app, people):
    with app.app_context():
        stock = db.session.scalars(
            select(DeviceStock)
            .join(Station)
            .where(Station.code == "manas-lending", DeviceStock.kind == "wheelchair")
        ).one()
        stock.available = 1
        db.session.commit()
        stock_id = stock.id
    collect = (utcnow() + timedelta(days=1)).date()

    outcomes = everyone_at_once(
        app,
        people,
        lambda user, i: bookings.book(
            bookings.Request(
                user, user, Service.DEVICE_LOAN, f"key-{i}", stock_id=stock_id, collect_on=collect
            )
        ),
    )
    assert outcomes.count("won") == 1
    assert outcomes.count("told it was taken") == ATTEMPTS - 1
    with app.app_context():
        assert db.session.get(DeviceStock, stock_id).available == 0
        assert (
            db.session.scalar(
                select(func.count()).select_from(Booking).where(Booking.stock_id == stock_id)
            )
            == 1
        )


def test_the_database_itself_refuses_a_negative_count(app, people):
    """Behind the conditional update, a CHECK constraint: even a careless write can not do it."""
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        slot = db.session.scalars(select(Slot)).first()
        slot.places_left = -1
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
