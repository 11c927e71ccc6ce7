"""Queue Celery tasks only after the surrounding transaction commits, and never let a
broker outage break or stall the request that triggered them.

A failed publish is logged and dropped: every queued job in the portal is backed by a
pending database row that the periodic sweep picks up again.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def _publish(task, args: tuple) -> None:
    try:
        task.apply_async(args=args)
    except Exception:  # noqa: BLE001 - any broker failure: the row stays pending
        logger.warning("Could not queue %s%r; the sweep will retry it.", task.name, args)


def enqueue_on_commit(task, *args) -> None:
    transaction.on_commit(lambda: _publish(task, args), robust=True)
