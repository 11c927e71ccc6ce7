import os

from celery import Celery

from portal.broker import free_prefetch_slot_on_failed_ack

# A failed ack must not leave the worker stalled for good (portal/broker.py).
free_prefetch_slot_on_failed_ack()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Every installed app's tasks.py, found when the app is finalised: a new app's tasks
# register without a list here to keep in step.
app.autodiscover_tasks()
