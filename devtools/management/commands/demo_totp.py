"""Print the current two-factor code of the demo's staff logins.

Every demo staff account (staff, editor, writer, verifier, moderator, coordinator) has an
authenticator app with the secret published in demo/people.toml; log in with the demo
password, then give this code. Prints nothing useful for any other account: it reads the
demo's secret, not the database.
"""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.demo_loader import DemoLoader

PERIOD = 30


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff logins (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp is for the demo, with DEBUG on.")
        secret = DemoLoader().people["staff_totp_secret"]
        now = time.time()
        code = format_hotp_value(hotp_value(secret, int(now) // PERIOD))
        left = PERIOD - int(now) % PERIOD
        self.stdout.write(f"{code}  (valid for {left} more seconds; secret {secret})")
