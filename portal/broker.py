"""One fix to kombu's Redis transport, applied when the Celery app loads (portal/celery.py).

A worker acknowledges a message by removing it from Redis's "unacked" index and then
freeing its prefetch slot (`QoS.ack` in kombu/transport/redis.py). When the first step
fails (Redis frozen past the socket timeout: `Couldn't ack ..., reason:TimeoutError`),
the second never runs, the slot stays taken, and after `prefetch_count` such failures
`can_consume()` is false for good: the worker stays up, answers pings and takes nothing
more (seen with kombu 5.7.0; no release we found fixes it). Here the slot is freed
whatever happens to the Redis call. The message itself stays in the unacked index, so
Redis redelivers it after the visibility timeout, and the task finds its work done
(tasks are safe to run twice; a notification's row is already sent).
"""

import logging

from kombu.transport import redis as kombu_redis
from kombu.transport import virtual

logger = logging.getLogger(__name__)


def _ack_freeing_the_slot(self, delivery_tag):
    try:
        self._remove_from_indices(delivery_tag).execute()
    finally:
        virtual.QoS.ack(self, delivery_tag)


def _reject_freeing_the_slot(self, delivery_tag, requeue=False):
    try:
        if requeue:
            self.restore_by_tag(delivery_tag, leftmost=True)
        else:
            self._remove_from_indices(delivery_tag).execute()
    finally:
        virtual.QoS.ack(self, delivery_tag)


def free_prefetch_slot_on_failed_ack() -> None:
    kombu_redis.QoS.ack = _ack_freeing_the_slot
    kombu_redis.QoS.reject = _reject_freeing_the_slot
