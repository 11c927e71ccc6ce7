"""A broker that refuses connections or never replies must not break or stall an answer;
the periodic sweep later sends the email exactly once through the real Redis."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.notifications.models import Notification
from portal.notifications.tasks import notifications_sweep_task
from questions.models import Answer
from questions.services import question_create
from tests.conftest import (
    TEST_REDIS_URL,
    closed_port_broker,
    running_worker,
    silent_broker,
    use_broker,
)
from tests.helpers import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "broken_broker", [closed_port_broker, silent_broker], ids=["refuses", "silent"]
)
def test_answer_succeeds_fast_and_the_sweep_sends_it_later(
    broken_broker, client, patient, doctor, smtp_sink, redis_available
):
    question = question_create(
        author=patient,
        text="I get a burning feeling in my chest after meals, worse when lying down.",
        age=51,
        gender="male",
    )
    client.force_login(doctor.user)
    with broken_broker():
        started = time.monotonic()
        response = client.post(
            reverse("questions:answer", args=[question.pk]),
            {"body": "Sounds like acid reflux. Avoid late heavy meals and raise the bed head."},
        )
        elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 3, f"posting the answer took {elapsed:.1f}s with a broken broker"
    assert Answer.objects.filter(question=question, doctor=doctor).exists()
    notification = Notification.objects.get()
    assert notification.email_status == Notification.EmailStatus.PENDING
    assert smtp_sink.messages == []

    # The broker is back. A fresh pending row is left alone; one older than a minute is
    # re-queued by the sweep and sent once, however many times the sweep runs.
    use_broker(TEST_REDIS_URL)
    assert notifications_sweep_task.apply().get() == 0
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    with running_worker():
        assert notifications_sweep_task.apply().get() == 1
        smtp_sink.wait_for(1)
        wait_until(lambda: Notification.objects.get().email_status == Notification.EmailStatus.SENT)
        assert notifications_sweep_task.apply().get() == 0
        time.sleep(0.5)
    assert len(smtp_sink.messages) == 1
    assert smtp_sink.messages[0]["To"] == patient.email
    assert Notification.objects.get().email_status == Notification.EmailStatus.SENT
