"""Print the notification outbox's state; exit 1 when something is stuck (an unsent
email older than NOTIFICATION_STUCK_AFTER, or a stale worker canary), for monitoring."""

from django.core.management.base import BaseCommand

from portal.notifications.selectors import outbox_status


def _age(age) -> str:
    return "-" if age is None else f"{age.total_seconds():.0f} s"


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        status = outbox_status()
        for state, count in status.counts.items():
            self.stdout.write(f"{state:<8} {count}")
        self.stdout.write(f"oldest unsent email: {_age(status.oldest_pending_age)}")
        self.stdout.write(f"last worker canary:  {_age(status.canary_age)} ago")
        if status.stuck:
            for problem in status.problems:
                self.stderr.write(f"STUCK: {problem}")
            raise SystemExit(1)
        self.stdout.write("ok")
