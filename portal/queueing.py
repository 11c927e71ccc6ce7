"""Queue Celery tasks only after the surrounding transaction commits, and never let a
broker outage break or stall the request that triggered them.

The publish runs in a helper thread and the request waits for it at most
QUEUE_PUBLISH_TIMEOUT seconds: a broker that refuses, never replies, or was just
restarted (a dead pooled connection to retry) costs a request half a second at most.
After a publish fails or times out, the next BROKER_DOWN_SECONDS of publishes are skipped
outright. A publish that failed, timed out or was skipped is logged and dropped: every
queued job in the portal is backed by a pending database row that the periodic sweep
picks up again (a late publish that still gets through is harmless: tasks are safe to
run twice).
"""

import logging
import threading
import time

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

BROKER_DOWN_SECONDS = 3.0
_broker_down_until = 0.0


def _publish_now(task, args: tuple, done: threading.Event, outcome: list) -> None:
    try:
        task.apply_async(args=args)
        outcome.append(True)
    except Exception:  # noqa: BLE001 - any broker failure: the row stays pending
        outcome.append(False)
    finally:
        done.set()


def _publish(task, args: tuple) -> None:
    global _broker_down_until  # noqa: PLW0603 - one flag per process, by design
    if getattr(task.app.conf, "task_always_eager", False):
        try:
            task.apply_async(args=args)
        except Exception:  # noqa: BLE001 - an inline task failing must not fail the request
            logger.warning("Inline task %s%r failed; the sweep will retry it.", task.name, args)
        return
    if time.monotonic() < _broker_down_until:
        logger.warning("Broker marked down: not queueing %s%r; the sweep will.", task.name, args)
        return
    done, outcome = threading.Event(), []
    thread = threading.Thread(
        target=_publish_now, args=(task, args, done, outcome), name="publish", daemon=True
    )
    thread.start()
    if done.wait(settings.QUEUE_PUBLISH_TIMEOUT) and outcome == [True]:
        return
    _broker_down_until = time.monotonic() + BROKER_DOWN_SECONDS
    logger.warning("Could not queue %s%r in time; the sweep will retry it.", task.name, args)


def broker_marked_down() -> bool:
    return time.monotonic() < _broker_down_until


def reset_broker_down() -> None:
    global _broker_down_until  # noqa: PLW0603
    _broker_down_until = 0.0


def enqueue_on_commit(task, *args) -> None:
    transaction.on_commit(lambda: _publish(task, args), robust=True)
