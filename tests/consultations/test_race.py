"""Two patients hold the same slot at the same moment, each on its own PostgreSQL
connection: exactly one gets it, the other gets SLOT_NOT_FREE."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from consultations import messages as msg
from consultations.models import Booking, BookingStatus
from consultations.services import booking_hold

from .conftest import NOW, ist, slot_id


@pytest.mark.django_db(transaction=True)
def test_two_patients_racing_for_one_slot(availability, patient, other_patient):
    doctor = availability.doctor
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def book(name, user):
        try:
            barrier.wait(timeout=10)
            results[name] = booking_hold(
                patient=user, doctor=doctor, slot_id=slot_id("chat", ist(8, 10)), now=NOW
            )
        except ValidationError as exc:
            results[name] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=book, args=(name, user))
        for name, user in (("a", patient), ("b", other_patient))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    winners = [r for r in results.values() if isinstance(r, Booking)]
    losers = [r for r in results.values() if isinstance(r, ValidationError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].messages == [msg.SLOT_NOT_FREE]
    assert Booking.objects.filter(doctor=doctor, status=BookingStatus.HELD).count() == 1
