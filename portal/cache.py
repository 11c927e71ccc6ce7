"""The cache backend for a shared Redis (settings CACHE_URL=redis://...).

Everything the portal caches (list totals, doctors' public figures, sitemaps) can be
computed again, so a Redis that does not answer must cost time, never an error page:
reads miss and writes are dropped, with a warning in the log. After a failure the cache
is left alone for RETRY_AFTER seconds, so an unreachable Redis costs one timeout per
process every few seconds rather than one per cache call.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
RETRY_AFTER = 5.0


class FailSoftRedisCacheClient(RedisCacheClient):
    _down_until = 0.0

    def _attempt(self, method, fallback, *args):
        """``method(*args)``, or ``fallback`` while Redis does not answer."""
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return method(*args)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning("Cache %s skipped: Redis does not answer (%s)", method.__name__, exc)
            return fallback

    def get(self, key, default):
        return self._attempt(super().get, default, key, default)

    def get_many(self, keys):
        return self._attempt(super().get_many, {}, keys)

    def has_key(self, key):
        return self._attempt(super().has_key, False, key)

    def add(self, key, value, timeout):
        return self._attempt(super().add, False, key, value, timeout)

    def set(self, key, value, timeout):
        self._attempt(super().set, None, key, value, timeout)

    def set_many(self, data, timeout):
        return self._attempt(super().set_many, [], data, timeout)

    def touch(self, key, timeout):
        return self._attempt(super().touch, False, key, timeout)

    def delete(self, key):
        return self._attempt(super().delete, False, key)

    def delete_many(self, keys):
        self._attempt(super().delete_many, None, keys)


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache where an unreachable Redis is a miss. ``incr`` and ``clear`` still
    raise: callers of those expect them to have happened."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailSoftRedisCacheClient
