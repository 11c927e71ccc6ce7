"""Load the demo content in ``demo/`` (see devtools/demo_loader.py and demo/README.md).

Running it again only fills in what is missing. ``--once`` skips the whole run when the
demo has been loaded before; ``make run`` uses it on every start.
"""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.demo_loader import DemoLoader


class Command(BaseCommand):
    help = "Load the demo content in demo/ through the real services (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Do nothing if the demo content has been loaded before.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo with DEBUG off (its passwords are published: never on a "
            "public host).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "The demo creates logins with a published password (a superuser among "
                "them); with DEBUG off, pass --allow-production to load it anyway."
            )
        loader = DemoLoader()
        if options["once"] and loader.exists():
            self.stdout.write("Demo content already loaded")
        else:
            # With tasks run inline (no Redis), each demo answer's no-op email task would
            # log a line to the `make run` console.
            logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
            summary = loader.load()
            self.stdout.write(
                self.style.SUCCESS(f"Demo content loaded ({summary or 'nothing'} created).")
            )
        self._print_logins(loader)

    def _print_logins(self, loader: DemoLoader) -> None:
        rows = loader.logins()
        password = loader.people["password"]
        width = max(len(email) for email, _ in rows)
        self.stdout.write("\nDemo logins")
        self.stdout.write(f"  {'email'.ljust(width)}  {'password'.ljust(14)}  role")
        for email, role in rows:
            self.stdout.write(f"  {email.ljust(width)}  {password}  {role}")
        self.stdout.write(
            "Staff logins then ask for a two-factor code: `python manage.py demo_totp` prints "
            f"it (or add the secret {loader.people['staff_totp_secret']} to an authenticator app)."
        )
        self.stdout.write("")
