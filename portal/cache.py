"""The cache backend for a shared Redis (settings CACHE_URL=redis://...).

Everything the portal caches (list totals, doctors' public figures, sitemaps) can be
computed again, so a Redis that does not answer must cost time, never an error page:
reads miss and writes are dropped, with a warning in the log. After a failure the cache
is left alone for RETRY_AFTER seconds, so an unreachable Redis costs one timeout per
process every few seconds rather than one per cache call.

``set_with_keys`` / ``get_with_keys`` keep a value together with the names of other keys
it depends on, and read it back with those keys' current values in one round trip (a
GET beside a server-side script that reads only the small keys, in one pipeline): the
page cache's hit (portal/pagecache.py) costs one round trip to Redis instead of two.

``reading_ahead()``: while a public page renders for a visitor, the keys the last renders
of the same page read are fetched when the page lookup finds nothing, in the next round
trip (``get_with_keys(..., ahead=...)``), and later reads of them are answered from that
snapshot; a key this request writes is read from Redis again. A snapshot taken at the
start of the render is what the page cache needs: a version read early can only make a
page stale sooner (it is compared again when the page is stored), and a fragment comes
with the versions it was stored under, read in the same snapshot.
"""

import hashlib
import logging
import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
RETRY_AFTER = 5.0


# A value is never passed through a script: Redis copies it into Lua and back, about
# 3 µs a kilobyte (a 50 KB page cost 0.2 ms of Redis's time to read and as much to store,
# against 25 µs for GET or SET). Scripts read and write the small keys; the values go
# beside them, in the same pipeline (one round trip).
#
# A value stored with set_with_keys is "<key>\\n<key>\\n...\\0<serialized value>". For each
# value at KEYS: its head (the names, read with GETRANGE up to the NUL; false if it has
# none), then the current values of the keys it names. The caller compares the head with
# the value it read beside: another client may have written between the two.
_NAMED_VALUES = """
local out = {}
for i = 1, #KEYS do
  local size = 1024
  local head = redis.call('GETRANGE', KEYS[i], 0, size - 1)
  local cut = string.find(head, '\\0', 1, true)
  while not cut and #head == size do
    size = size * 4
    head = redis.call('GETRANGE', KEYS[i], 0, size - 1)
    cut = string.find(head, '\\0', 1, true)
  end
  if cut then
    local names = string.sub(head, 1, cut - 1)
    out[#out + 1] = names
    for name in string.gmatch(names, '[^\\n]+') do
      out[#out + 1] = redis.call('GET', name)
    end
  else
    out[#out + 1] = false
  end
end
return out
"""


# KEYS[1] is the value's key, KEYS[2] where the value was just written (SET, in the same
# pipeline, at a key of this call's own), KEYS[3..] the keys it names; ARGV[i] what
# KEYS[i + 2] must hold. Move the value to KEYS[1], with its lifetime, only if they all do.
_MOVE_IF_KEYS = """
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
for i = 3, #KEYS do
  if redis.call('GET', KEYS[i]) ~= ARGV[i - 2] then
    redis.call('DEL', KEYS[2])
    return 0
  end
end
redis.call('RENAME', KEYS[2], KEYS[1])
return 1
"""
_SCRIPTS = {
    name: (source, hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest())
    for name, source in (("named_values", _NAMED_VALUES), ("move_if_keys", _MOVE_IF_KEYS))
}


# Each of KEYS that has no value gets ARGV[i + 1], for ARGV[1] seconds; return the value
# each holds now.
_GET_OR_ADD = """
local values = {}
for i = 1, #KEYS do
  local value = redis.call('GET', KEYS[i])
  if not value then
    value = ARGV[i + 1]
    redis.call('SET', KEYS[i], value, 'EX', ARGV[1])
  end
  values[i] = value
end
return values
"""


def _names(head: bytes | None) -> list[str]:
    """The keys a value stored with set_with_keys names, from its head."""
    return [name for name in head.decode().split("\n") if name] if head else []


class ReadAhead:
    """What one render read through the cache (``read``, made keys) and what was fetched
    for it ahead (``found``: made key -> raw value, None where Redis has none)."""

    # A page reads a few dozen keys; past this many nothing more is remembered.
    LIMIT = 400

    def __init__(self):
        self.found: dict[str, bytes | None] = {}
        self.read: set[str] = set()
        # Writes held until the render ends (write_later): key -> (client, raw, seconds).
        self.pending: dict[str, tuple] = {}

    def note(self, keys) -> None:
        if len(self.read) < self.LIMIT:
            self.read.update(keys)


_ahead: ContextVar[ReadAhead | None] = ContextVar("cache_read_ahead", default=None)


@contextmanager
def reading_ahead() -> Iterator[ReadAhead]:
    """Within the block, reads are answered from what was fetched ahead where it holds
    the key, and every key read is noted (portal/pagecache.py remembers them per page)."""
    state = ReadAhead()
    token = _ahead.set(state)
    try:
        yield state
    finally:
        _ahead.reset(token)


def _forget(*keys) -> None:
    """Keys about to be written now: read them from Redis again (and first send the
    writes held for them, so the two land in order)."""
    state = _ahead.get()
    if state is None:
        return
    if state.pending and any(key in state.pending for key in keys):
        flush_pending(state)
    if state.found:
        for key in keys:
            state.found.pop(key, None)


def flush_pending(state: ReadAhead) -> None:
    """Send the writes held by write_later: one round trip per Redis."""
    pending, state.pending = state.pending, {}
    by_client: dict[int, list] = {}
    for key, (client, raw, seconds) in pending.items():
        by_client.setdefault(id(client), [client]).append((key, raw, seconds))
    for owner, *writes in by_client.values():

        def send(writes=writes, owner=owner):
            pipeline = owner.get_client(None, write=True).pipeline(transaction=False)
            for key, raw, seconds in writes:
                pipeline.set(key, raw, ex=seconds)
            pipeline.execute()

        owner._attempt(send, None)


class FailSoftRedisCacheClient(RedisCacheClient):
    _down_until = 0.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._get_or_add_script = None

    def get_client(self, key=None, *, write=False):
        """One client per connection pool, made once (Django builds one per call)."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

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

    @staticmethod
    def _send(client, queue) -> list:
        """The replies to the commands ``queue(pipeline)`` queues, sent together (one
        round trip; not a transaction: a MULTI costs the client more than it saves, and
        the scripts check what they need). Redis forgets its scripts when it restarts:
        then they are loaded and the commands sent again."""
        for attempt in range(2):
            pipeline = client.pipeline(transaction=False)
            queue(pipeline)
            try:
                return pipeline.execute()
            except NoScriptError:
                if attempt:
                    raise
                for source, _ in _SCRIPTS.values():
                    client.script_load(source)
        raise AssertionError("unreachable")

    def _loads(self, raw):
        return None if raw is None else self._serializer.loads(raw)

    def get(self, key, default):
        state = _ahead.get()
        if state is not None:
            state.note((key,))
            if key in state.found:
                raw = state.found[key]
                return default if raw is None else self._serializer.loads(raw)
        return self._attempt(super().get, default, key, default)

    def get_many(self, keys):
        state = _ahead.get()
        if state is None:
            return self._attempt(super().get_many, {}, keys)
        keys = list(keys)
        state.note(keys)
        found = {key: self._loads(state.found[key]) for key in keys if key in state.found}
        rest = [key for key in keys if key not in state.found]
        if rest:
            found.update(self._attempt(super().get_many, {}, rest))
        return {key: value for key, value in found.items() if value is not None}

    def has_key(self, key):
        return self._attempt(super().has_key, False, key)

    def add(self, key, value, timeout):
        _forget(key)
        return self._attempt(super().add, False, key, value, timeout)

    def set(self, key, value, timeout):
        _forget(key)
        self._attempt(super().set, None, key, value, timeout)

    def set_many(self, data, timeout):
        _forget(*data)
        return self._attempt(super().set_many, [], data, timeout)

    def touch(self, key, timeout):
        _forget(key)
        return self._attempt(super().touch, False, key, timeout)

    def delete(self, key):
        _forget(key)
        return self._attempt(super().delete, False, key)

    def delete_many(self, keys):
        keys = list(keys)
        _forget(*keys)
        self._attempt(super().delete_many, None, keys)

    def incr(self, key, delta):
        _forget(key)
        return super().incr(key, delta)

    def _with_keys(self, value, keys) -> bytes:
        head = "\n".join(keys).encode()
        if b"\0" in head:
            raise ValueError("A key named in set_with_keys holds a NUL byte")
        return head + b"\0" + self._dumped(value)

    def _dumped(self, value) -> bytes:
        dumped = self._serializer.dumps(value)
        if isinstance(dumped, int):  # Django's serializer keeps integers as they are
            dumped = str(dumped).encode()
        return dumped

    def write_later(self, data: dict, timeout) -> None:
        """``set_many``, held until the render reading ahead ends (flush_pending: all such
        writes in one round trip); reads in between see the new values. At once outside
        reading_ahead."""
        state = _ahead.get()
        if state is None or timeout is None or timeout <= 0:
            self.set_many(data, timeout)
            return
        for key, value in data.items():
            raw = self._dumped(value)
            state.pending[key] = (self, raw, int(timeout))
            state.found[key] = raw

    def write_with_keys_later(self, key, value, timeout, keys) -> None:
        """``set_with_keys``, held like write_later."""
        state = _ahead.get()
        if state is None or timeout is None or timeout <= 0:
            self.set_with_keys(key, value, timeout, keys)
            return
        raw = self._with_keys(value, keys)
        state.pending[key] = (self, raw, int(timeout))
        state.found[key] = raw

    def set_with_keys(self, key, value, timeout, keys):
        data = self._with_keys(value, keys)
        client = self.get_client(key, write=True)
        _forget(key)
        self._attempt(client.set, None, key, data, timeout)

    def set_with_keys_if(self, key, value, timeout, expected: dict) -> bool:
        """set_with_keys, in the same round trip as checking that each key it names
        still holds the value ``expected`` gives: False (nothing stored) if one moved."""
        names = list(expected)
        data = self._with_keys(value, names)
        client = self.get_client(key, write=True)
        _forget(key)
        staged = f"{key}:staged:{secrets.token_hex(8)}"
        values = [self._dumped(expected[name]) for name in names]

        def set_if(key):
            def queue(pipeline):
                pipeline.set(staged, data, ex=int(timeout))
                pipeline.evalsha(
                    _SCRIPTS["move_if_keys"][1], 2 + len(names), key, staged, *names, *values
                )

            return self._send(client, queue)[1]

        return bool(self._attempt(set_if, 0, key))

    def get_or_add_many(self, data: dict, timeout) -> dict:
        """The value each key of ``data`` holds, after giving those that hold none the
        value ``data`` has for them: one round trip (none when reading ahead found them
        all). {} while Redis does not answer."""
        state = _ahead.get()
        found = {}
        rest = list(data)
        if state is not None:
            state.note(rest)
            found = {key: state.found[key] for key in rest if state.found.get(key) is not None}
            rest = [key for key in rest if key not in found]
        if rest:
            client = self.get_client(None, write=True)
            if self._get_or_add_script is None:
                self._get_or_add_script = client.register_script(_GET_OR_ADD)
            args = [int(timeout), *(self._dumped(data[key]) for key in rest)]

            def get_or_add(keys):
                return self._get_or_add_script(keys, args, client)

            values = self._attempt(get_or_add, None, rest)
            if values is None:
                return {}
            found.update(zip(rest, values, strict=True))
            if state is not None:
                state.found.update(zip(rest, values, strict=True))
        return {key: self._serializer.loads(raw) for key, raw in found.items()}

    def read_ahead(self, keys: Sequence[str], with_keys: Sequence[str] = ()) -> None:
        """Fetch ``keys``, and ``with_keys`` (values stored by set_with_keys) with the
        keys each of them names, into the snapshot of the render reading ahead, in one
        round trip: the reads that follow (get, get_many, get_or_add_many,
        get_with_keys) are answered from it. Keys it holds already are not asked again;
        outside reading_ahead, or while Redis does not answer, nothing happens."""
        state = _ahead.get()
        if state is None:
            return
        with_keys = [key for key in dict.fromkeys(with_keys) if key not in state.found]
        keys = [key for key in dict.fromkeys(keys) if key not in state.found]
        if not keys and not with_keys:
            return
        client = self.get_client(None)

        def read_ahead(names):
            if not with_keys:
                return client.mget(names), []

            def queue(pipeline):
                pipeline.mget(names)
                pipeline.evalsha(_SCRIPTS["named_values"][1], len(with_keys), *with_keys)

            return self._send(client, queue)

        found = self._attempt(read_ahead, None, [*with_keys, *keys])
        if found is None:
            return
        values, named = iter(found[0]), iter(found[1])
        for key in with_keys:
            raw = next(values)
            head = next(named)
            current = {name: next(named) for name in _names(head)}
            if raw is None:
                state.found[key] = None
            elif raw.partition(b"\0")[0] == head:
                state.found[key] = raw
                state.found.update(current)
            # Otherwise the value changed between the two reads: not in the snapshot, so
            # reading it goes to Redis again.
        for key in keys:
            state.found[key] = next(values)

    def get_with_keys(self, key, ahead: Sequence[str] = ()):
        """(value, {name: current value}) or None. ``ahead``: when there is no value, the
        current values of these keys come back in the same round trip and answer later
        reads (reading_ahead must be active)."""
        state = _ahead.get()
        if state is not None:
            state.note((key,))
            if key in state.found:
                raw = state.found[key]
                if raw is None:
                    return None
                head, _, data = raw.partition(b"\0")
                names = _names(head)
                if all(name in state.found for name in names):
                    state.note(names)
                    current = {name: self._loads(state.found[name]) for name in names}
                    return self._serializer.loads(data), current
        client = self.get_client(key)

        def get_with_keys(key):
            def queue(pipeline):
                pipeline.get(key)
                pipeline.evalsha(_SCRIPTS["named_values"][1], 1, key)

            return self._send(client, queue)

        found = self._attempt(get_with_keys, None, key)
        if found is None:
            return None
        raw, named = found
        if raw is None:
            # No value: what the render is expected to read, in a second round trip
            # (through the script it would cost Redis more than the round trip).
            if state is not None and ahead:
                values = self._attempt(client.mget, None, list(ahead))
                if values is not None:
                    state.found.update(zip(ahead, values, strict=True))
            return None
        head, cut, data = raw.partition(b"\0")
        if not cut or head != named[0]:  # none, or written again between the two reads
            return None
        names = _names(head)
        if state is not None:
            state.note(names)
        current = {name: self._loads(value) for name, value in zip(names, named[1:], strict=True)}
        return self._serializer.loads(data), current


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache where an unreachable Redis is a miss. ``incr`` and ``clear`` still
    raise: callers of those expect them to have happened."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailSoftRedisCacheClient

    def set_with_keys(self, key, value, timeout=DEFAULT_TIMEOUT, *, keys=(), version=None):
        """Store ``value`` at ``key`` with the names of ``keys`` it depends on (cache keys,
        made with this cache's prefix and version like any other)."""
        made = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout is not None and timeout <= 0:
            self.delete(key, version=version)
            return
        names = [self.make_and_validate_key(name, version=version) for name in keys]
        self._cache.set_with_keys(made, value, timeout, names)

    def get_or_add_many(self, data: dict, timeout=DEFAULT_TIMEOUT, *, version=None) -> dict:
        """{key: the value it holds}, giving each key of ``data`` that holds none the
        value ``data`` has for it, in one round trip; {} when Redis does not answer."""
        timeout = self.get_backend_timeout(timeout)
        if timeout is None or timeout <= 0:
            raise ValueError("get_or_add_many needs a lifetime")
        made = {self.make_and_validate_key(key, version=version): key for key in data}
        found = self._cache.get_or_add_many(
            {made_key: data[key] for made_key, key in made.items()}, timeout
        )
        return {made[made_key]: value for made_key, value in found.items()}

    def write_later(self, data: dict, timeout=DEFAULT_TIMEOUT, *, version=None) -> None:
        """``set_many`` held until the page being rendered is done (portal/cache.py:
        reading_ahead): a render's writes go in one round trip."""
        timeout = self.get_backend_timeout(timeout)
        made = {
            self.make_and_validate_key(key, version=version): value for key, value in data.items()
        }
        self._cache.write_later(made, timeout)

    def write_with_keys_later(
        self, key, value, timeout=DEFAULT_TIMEOUT, *, keys=(), version=None
    ) -> None:
        """``set_with_keys`` held like write_later."""
        made = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout is None or timeout <= 0:  # never expires, or gone at once: as set_with_keys
            self.set_with_keys(key, value, timeout, keys=keys, version=version)
            return
        names = [self.make_and_validate_key(name, version=version) for name in keys]
        self._cache.write_with_keys_later(made, value, timeout, names)

    def set_with_keys_if(self, key, value, timeout, *, expected: dict, version=None) -> bool:
        """``set_with_keys`` only if each key in ``expected`` still holds its value there,
        checked and stored in one round trip: True if stored."""
        made = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout is None or timeout <= 0:
            raise ValueError("set_with_keys_if needs a lifetime")
        names = {
            self.make_and_validate_key(name, version=version): value
            for name, value in expected.items()
        }
        return self._cache.set_with_keys_if(made, value, timeout, names)

    def read_ahead(self, keys=(), *, with_keys=(), version=None) -> None:
        """Fetch ``keys``, and ``with_keys`` with the keys their values name, for the render
        reading ahead, in one round trip (FailSoftRedisCacheClient.read_ahead)."""
        self._cache.read_ahead(
            [self.make_and_validate_key(key, version=version) for key in keys],
            [self.make_and_validate_key(key, version=version) for key in with_keys],
        )

    def get_with_keys(self, key, *, keys=(), ahead: Sequence[str] = (), version=None):
        """``(value, {name: current value or None})`` for a value stored with
        set_with_keys, in one round trip; None when there is none (or Redis does not
        answer). ``keys`` are not needed: the stored value names them. ``ahead``: keys
        as they are in Redis (ReadAhead.read) to fetch, in a second round trip, when
        there is no value (see reading_ahead)."""
        made = self.make_and_validate_key(key, version=version)
        found = self._cache.get_with_keys(made, ahead)
        if found is None:
            return None
        value, current = found
        prefix = self.make_key("", version=version)
        return value, {name.removeprefix(prefix): item for name, item in current.items()}
