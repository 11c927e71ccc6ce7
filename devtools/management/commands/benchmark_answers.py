"""For ``make benchmark``: save ``--count`` answers through the service (questions by fresh
patients, answered by the demo doctor) while a real worker runs; write, per asker's email,
the time each answer's transaction committed, as JSON to ``--out``. The benchmark times
from there to the email's arrival at its SMTP sink."""

import json
import secrets
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from devtools.benchmark_data import DASHBOARD_DOCTOR
from portal.accounts.models import User
from questions.models import Question
from questions.services import answer_create

BODY = "Thank you for asking. Please see a dermatologist **this week** for an examination."


class Command(BaseCommand):
    help = "Save answers through the service and record when each one committed."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=20)
        parser.add_argument("--out", required=True)

    def handle(self, *args, count, out, **options):
        doctor = User.objects.get(email=DASHBOARD_DOCTOR)
        run = secrets.token_hex(4)
        saved = {}
        for i in range(count):
            email = f"bench-mail-{run}-{i}@bench.example"
            patient = User.objects.create_user(email, None)
            question = Question.objects.create(
                author=patient,
                text=f"Benchmark question {run} {i}: an itchy rash on my arm for two weeks.",
                slug=f"benchmark-question-{i}",
                age=30,
                gender="female",
            )
            with transaction.atomic():
                answer_create(user=doctor, question=question, body=BODY)
            saved[email] = time.time()
            # One answer at a time, as doctors answer: not a burst the worker queues up.
            time.sleep(0.1)
        with open(out, "w") as handle:
            json.dump(saved, handle)
