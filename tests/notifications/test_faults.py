"""Notifications under faults, as an operator sees them: a real worker (prefork,
concurrency 2) and a separate beat under portal/supervisor.py, a Redis server the test
starts, freezes, stops and restarts, an SMTP sink that holds its replies, and the
worker's database connection cut. Nobody steps in: the worker has to recover by itself,
every answer's email must arrive, and none twice (counted by Message-ID).

`make test` runs the short version; `make faults` the long one, printing its figures."""

import time

import pytest
from django.db import close_old_connections

from portal.notifications.models import Notification
from portal.notifications.services import notification_message_id
from questions.services import answer_create
from tests.conftest import use_broker
from tests.factories import QuestionFactory
from tests.helpers import wait_until

from .faults import Figures, Rig, workdir_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.long_file]

RECOVERY_LIMIT = 60.0
ANSWER = "Keep the skin moisturised twice a day and see a dermatologist if it spreads."


class Driver:
    """Saves answers as a doctor would and keeps the figures."""

    def __init__(self, rig: Rig, patient, doctor):
        self.rig, self.patient, self.doctor = rig, patient, doctor

    def save(self, figures: Figures) -> int:
        question = QuestionFactory(author=self.patient)
        started = time.monotonic()
        answer_create(user=self.doctor.user, question=question, body=ANSWER)
        figures.save_times.append(time.monotonic() - started)
        figures.answers += 1
        notification = Notification.objects.filter(recipient=self.patient).latest("pk")
        figures.expected.add(notification_message_id(notification.pk))
        return notification.pk

    def save_for(self, figures: Figures, seconds: float, every: float = 0.25) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.save(figures)
            time.sleep(every)

    def arrived(self, notification_id: int) -> bool:
        return self.rig.sink.handler.message_ids()[notification_message_id(notification_id)] > 0

    def recover(self, figures: Figures, fault_ended: float) -> None:
        """The next answer's email must go out within RECOVERY_LIMIT, without a person."""
        probe = self.save(figures)
        if wait_until(lambda: self.arrived(probe), timeout=RECOVERY_LIMIT):
            figures.recovery = time.monotonic() - fault_ended

    def settle(self, figures: Figures, timeout: float = 90) -> None:
        """Wait until every row is sent (the sweep picks up what the broker lost), then a
        moment more for a late duplicate to show."""
        close_old_connections()
        wait_until(
            lambda: (
                not Notification.objects.exclude(
                    email_status=Notification.EmailStatus.SENT
                ).exists()
            ),
            timeout=timeout,
        )
        time.sleep(2)
        figures.emails = self.rig.sink.handler.message_ids()


def freeze_broker(rig: Rig, driver: Driver, figures: Figures, seconds: float = 4) -> float:
    """SIGSTOP Redis while emails are in flight (the sink holds QUIT), SIGCONT later."""
    driver.save_for(figures, 1.5)
    rig.redis.freeze()
    driver.save_for(figures, seconds)
    rig.redis.thaw()
    return time.monotonic()


def restart_broker(rig: Rig, driver: Driver, figures: Figures) -> float:
    """SIGTERM Redis with tasks unacknowledged, start it again empty."""
    driver.save_for(figures, 1.5)
    rig.redis.stop()
    driver.save_for(figures, 1)
    rig.redis.start()
    return time.monotonic()


def kill_worker(rig: Rig, driver: Driver, figures: Figures) -> float:
    """SIGKILL the worker and its pool mid-delivery; the supervisor starts a new one."""
    driver.save_for(figures, 1.5)
    rig.kill_worker()
    return time.monotonic()


def cut_database(rig: Rig, driver: Driver, figures: Figures, seconds: float = 5) -> float:
    """Cut the worker off PostgreSQL while the sink holds its reply to DATA, so SMTP
    accepts each email while the database is gone."""
    rig.sink.handler.data_delay = 1.0
    driver.save_for(figures, 0.8)
    time.sleep(0.5)
    rig.db_proxy.cut()
    time.sleep(seconds)
    rig.db_proxy.restore()
    rig.sink.handler.data_delay = 0.0
    return time.monotonic()


def smtp_outage(rig: Rig, driver: Driver, figures: Figures, seconds: float = 60) -> float:
    rig.sink.stop()
    driver.save_for(figures, seconds, every=2)
    rig.sink.start()
    return time.monotonic()


@pytest.fixture
def rig(tmp_path, redis_available, patient, doctor, settings):
    with Rig(workdir_for(tmp_path)) as running:
        use_broker(running.redis.url)
        running.sink.handler.quit_delay = 2.0  # each email's task outlives its acceptance
        assert wait_until(lambda: _canary_seen(), timeout=60), "the rig's worker never started"
        yield running


def _canary_seen() -> bool:
    close_old_connections()
    from portal.notifications.selectors import worker_canary_at

    return worker_canary_at() is not None


def run(rig, driver, name, fault, repeat: int) -> Figures:
    figures = Figures(name)
    restarts_before = rig.worker.restarts
    worst = 0.0
    for _ in range(repeat):
        ended = fault(rig, driver, figures)
        driver.recover(figures, ended)
        if figures.recovery is None:
            worst = None
            break
        worst = max(worst, figures.recovery)
    figures.recovery = worst
    driver.settle(figures)
    figures.worker_restarts = rig.worker.restarts - restarts_before
    print("\n" + figures.line(), flush=True)
    return figures


def assert_targets(figures: Figures) -> None:
    assert figures.recovery is not None, f"{figures.scenario}: no email within 60 s of the fault"
    assert figures.missing == 0, f"{figures.scenario}: {figures.missing} emails never arrived"
    assert figures.doubled == 0, f"{figures.scenario}: {figures.doubled} emails arrived twice"


def test_worker_recovers_from_broker_and_database_faults_without_doubles(rig, patient, doctor):
    driver = Driver(rig, patient, doctor)
    frozen = run(rig, driver, "broker frozen 4s", freeze_broker, 1)
    # Acks failed during the freeze (1 s socket timeout); the worker went on consuming by
    # itself, without the supervisor restarting it for a stale canary.
    assert frozen.worker_restarts == 0
    for figures in (
        frozen,
        run(rig, driver, "broker restarted", restart_broker, 1),
        run(rig, driver, "worker SIGKILL", kill_worker, 1),
        run(rig, driver, "database cut 5s", cut_database, 1),
    ):
        assert_targets(figures)


@pytest.mark.faults_long
def test_faults_long(rig, patient, doctor):
    driver = Driver(rig, patient, doctor)
    results = [
        run(rig, driver, "worker SIGKILL x20", kill_worker, 20),
        run(rig, driver, "broker SIGTERM/restart x10", restart_broker, 10),
        run(rig, driver, "broker SIGSTOP/SIGCONT x10", freeze_broker, 10),
        run(rig, driver, "broker frozen 15s x2", lambda r, d, f: freeze_broker(r, d, f, 15), 2),
        run(rig, driver, "SMTP outage 60s", smtp_outage, 1),
        run(rig, driver, "database stopped 15s", lambda r, d, f: cut_database(r, d, f, 15), 1),
    ]
    print("\nTargets: 0 missing, 0 doubled, save max <= 1 s, recovery <= 60 s")
    for figures in results:
        met = figures.max_save <= 1.0 and figures.recovery is not None
        print(("met      " if met and not figures.missing and not figures.doubled else "NOT MET  ")
              + figures.line())  # fmt: skip
    for figures in results:
        assert_targets(figures)
