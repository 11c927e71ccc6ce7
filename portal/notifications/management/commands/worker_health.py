"""Exit 0 when a worker ran the canary task recently, 1 when the canary is stale, 2 when
the database cannot be read (restarting the worker would not help then): the liveness
check for the worker (compose healthcheck, portal/supervisor.py). It proves consumption,
not just a process that answers pings."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils import timezone

from portal.notifications.selectors import worker_canary_at


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age",
            type=float,
            default=settings.WORKER_CANARY_MAX_AGE.total_seconds(),
            help="seconds since the last canary that still count as healthy",
        )

    def handle(self, *args, max_age, **options):
        try:
            canary = worker_canary_at()
        except DatabaseError as error:
            self.stderr.write(f"unknown: the database cannot be read ({error.__class__.__name__})")
            raise SystemExit(2) from None
        if canary is None:
            self.stderr.write("unhealthy: no worker has run the canary task yet")
            raise SystemExit(1)
        age = (timezone.now() - canary).total_seconds()
        if age > max_age:
            self.stderr.write(
                f"unhealthy: the canary last ran {age:.0f} s ago (limit {max_age:.0f} s)"
            )
            raise SystemExit(1)
        self.stdout.write(f"healthy: the canary ran {age:.0f} s ago")
