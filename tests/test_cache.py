"""portal.cache: a shared Redis cache that does not answer is a miss, never an error."""

import hashlib
import pickle
import socket

import pytest
import redis

from portal.cache import FailSoftRedisCache, flush_pending, reading_ahead


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def unreachable():
    return FailSoftRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )


def test_an_unreachable_redis_is_a_miss_and_writes_are_dropped(unreachable, caplog):
    unreachable.set("total", 3)

    assert unreachable.get("total") is None
    assert unreachable.get("total", "fallback") == "fallback"
    assert unreachable.get_or_set("total", lambda: 42) == 42
    assert unreachable.add("total", 1) is False
    assert unreachable.delete("total") is False
    assert unreachable.get_many(["a", "b"]) == {}
    assert "Redis does not answer" in caplog.text


def test_after_a_failure_redis_is_left_alone_for_a_while(unreachable, monkeypatch):
    unreachable.get("total")  # fails: Redis counts as down for RETRY_AFTER seconds
    client, tries = unreachable._cache, []
    real_get_client = client.get_client
    monkeypatch.setattr(
        client, "get_client", lambda *a, **kw: tries.append(1) or real_get_client(*a, **kw)
    )

    assert unreachable.get("total", 7) == 7
    assert tries == []

    monkeypatch.setattr(client, "_down_until", 0.0)  # RETRY_AFTER has passed
    assert unreachable.get("total", 7) == 7
    assert tries == [1]


def test_a_value_comes_back_with_the_current_values_of_the_keys_it_names(redis_available):
    cache = FailSoftRedisCache(redis_available, {"KEY_PREFIX": f"test-cache-{closed_port()}"})
    cache.set_many({"v:a": "one", "v:b": "two"})
    cache.set_with_keys("page", {"body": b"<p>\x00\n</p>"}, 60, keys=["v:a", "v:b", "v:gone"])
    try:
        value, current = cache.get_with_keys("page")
        assert value == {"body": b"<p>\x00\n</p>"}
        assert current == {"v:a": "one", "v:b": "two", "v:gone": None}

        cache.set("v:a", "three")  # one round trip reads what is current now
        assert cache.get_with_keys("page")[1]["v:a"] == "three"
        assert cache.get_with_keys("missing") is None
        cache.set_with_keys("bare", 5, 60)  # names no key
        assert cache.get_with_keys("bare") == (5, {})
    finally:
        cache.delete_many(["v:a", "v:b", "page", "bare"])


def test_an_unreachable_redis_has_no_value_with_keys(unreachable):
    unreachable.set_with_keys("page", "body", 60, keys=["v:a"])

    assert unreachable.get_with_keys("page") is None


def test_a_value_is_stored_only_while_the_keys_it_names_hold_what_was_read(redis_available):
    cache = FailSoftRedisCache(redis_available, {"KEY_PREFIX": f"test-cache-{closed_port()}"})
    cache.set_many({"v:a": "one", "v:b": "two"})
    try:
        expected = {"v:a": "one", "v:b": "two"}
        assert cache.set_with_keys_if("page", "body", 60, expected=expected) is True
        assert cache.get_with_keys("page") == ("body", expected)
        raw = redis.Redis.from_url(redis_available)
        assert 0 < raw.ttl(cache.make_key("page")) <= 60

        cache.set("v:b", "three")  # moved on while the next page rendered
        assert cache.set_with_keys_if("later", "old body", 60, expected=expected) is False
        assert cache.get_with_keys("later") is None
        # Nothing is left where the value waited for the check.
        assert raw.keys(cache.make_key("later") + "*") == []
        assert cache.set_with_keys_if("gone", "body", 60, expected={"v:none": "x"}) is False
    finally:
        cache.delete_many(["v:a", "v:b", "page", "later", "gone"])


def test_reads_ahead_answer_from_their_snapshot_until_this_request_writes(redis_available):
    cache = FailSoftRedisCache(redis_available, {"KEY_PREFIX": f"test-cache-{closed_port()}"})
    cache.set_many({"card": "first", "other": "kept"})
    cache.set_with_keys("fragment", "rows", 60, keys=["v:a"])
    cache.set("v:a", "one")
    made = [cache.make_and_validate_key(key) for key in ("card", "other", "fragment", "v:a")]
    behind = redis.Redis.from_url(redis_available)  # another process
    try:
        with reading_ahead() as ahead:
            assert cache.get_with_keys("no-page", ahead=[*made, "never-set"]) is None
            behind.set(made[0], pickle.dumps("changed by another process"))
            # Read from the snapshot the lookup brought, not from Redis again.
            assert cache.get("card") == "first"
            assert cache.get_many(["card", "other", "unread"]) == {
                "card": "first",
                "other": "kept",
            }
            assert cache.get_with_keys("fragment") == ("rows", {"v:a": "one"})
            assert ahead.found["never-set"] is None
            # A key this request writes is read from Redis again.
            cache.set("other", "written")
            assert cache.get("other") == "written"
            assert ahead.read >= {made[0], made[1], made[2], made[3]}
        # Outside the block nothing is answered from the snapshot.
        assert cache.get("card") == "changed by another process"
    finally:
        cache.delete_many(["card", "other", "fragment", "v:a"])


def test_read_ahead_fetches_keys_and_values_with_their_keys_in_one_snapshot(redis_available):
    cache = FailSoftRedisCache(redis_available, {"KEY_PREFIX": f"test-cache-{closed_port()}"})
    cache.set_many({"block": "<p>badge</p>", "v:doctor": "d1"})
    cache.set_with_keys("part", "cards", 60, keys=["v:list", "v:doctor"])
    cache.set("v:list", "l1")
    made = {key: cache.make_and_validate_key(key) for key in ("block", "v:doctor", "v:list")}
    behind = redis.Redis.from_url(redis_available)  # another process
    try:
        with reading_ahead() as ahead:
            cache.read_ahead(["block", "v:doctor", "unset"], with_keys=["part", "no-part"])
            # Everything is in the snapshot: what Redis holds now is not asked for.
            behind.set(made["block"], pickle.dumps("changed"))
            behind.set(made["v:list"], pickle.dumps("l2"))
            assert cache.get("block") == "<p>badge</p>"
            assert cache.get_many(["unset"]) == {}
            assert cache.get_with_keys("part") == ("cards", {"v:list": "l1", "v:doctor": "d1"})
            assert cache.get_with_keys("no-part") is None
            assert cache.get_or_add_many({"v:doctor": "new"}, 60) == {"v:doctor": "d1"}
            # A key the snapshot found empty still gets its value added in Redis.
            assert cache.get_or_add_many({"unset": "added"}, 60) == {"unset": "added"}
            assert ahead.found[cache.make_and_validate_key("no-part")] is None
        # Outside reading_ahead it does nothing, and reads go to Redis.
        cache.read_ahead(["block"])
        assert cache.get("block") == "changed"
    finally:
        cache.delete_many(["block", "v:doctor", "part", "v:list", "unset"])


def test_read_ahead_asks_nothing_of_an_unreachable_redis(unreachable):
    with reading_ahead() as ahead:
        unreachable.read_ahead(["block"], with_keys=["part"])
        assert ahead.found == {}
        assert unreachable.get("block") is None


def test_get_or_add_many_gives_a_value_only_to_keys_that_hold_none(redis_available, unreachable):
    cache = FailSoftRedisCache(redis_available, {"KEY_PREFIX": f"test-cache-{closed_port()}"})
    cache.set("v:seen", "old")
    try:
        found = cache.get_or_add_many({"v:seen": "new", "v:fresh": "first"}, 60)
        assert found == {"v:seen": "old", "v:fresh": "first"}
        assert cache.get_or_add_many({"v:fresh": "second"}, 60) == {"v:fresh": "first"}
        assert 0 < cache._cache.get_client().ttl(cache.make_key("v:fresh")) <= 60
    finally:
        cache.delete_many(["v:seen", "v:fresh"])
    assert unreachable.get_or_add_many({"v:a": "x"}, 60) == {}


def test_writes_held_while_reading_ahead_go_together_when_the_render_ends(redis_available):
    cache = FailSoftRedisCache(redis_available, {"KEY_PREFIX": f"test-cache-{closed_port()}"})
    raw = redis.Redis.from_url(redis_available)
    made = cache.make_and_validate_key("block")
    try:
        with reading_ahead() as ahead:
            cache.write_later({"block": "<p>card</p>", "other": "<p>row</p>"}, 60)
            cache.write_with_keys_later("fragment", ["rows"], 60, keys=["v:a"])
            assert raw.get(made) is None  # not sent yet
            assert cache.get("block") == "<p>card</p>"  # but read back by this render
            assert cache.get_many(["other"]) == {"other": "<p>row</p>"}
            cache.set("other", "written at once")  # a write now sends what was held first
            assert raw.get(made) is not None
            cache.write_later({"late": 1}, 60)
            # A lifetime of 0 keeps nothing, at once, as set_many and set_with_keys do.
            cache.write_later({"gone": 1}, 0)
            cache.write_with_keys_later("gone-too", 1, 0, keys=["v:a"])
            flush_pending(ahead)
            assert cache.get("gone") is None and cache.get_with_keys("gone-too") is None
            assert ahead.pending == {}
        assert cache.get("block") == "<p>card</p>"
        assert cache.get("other") == "written at once"
        assert cache.get_with_keys("fragment") == (["rows"], {"v:a": None})
        assert cache.get("late") == 1
        assert 0 < raw.ttl(made) <= 60
        # Outside a render reading ahead, nothing is held.
        cache.write_later({"now": 2}, 60)
        assert raw.get(cache.make_and_validate_key("now")) is not None
    finally:
        cache.delete_many(["block", "other", "fragment", "late", "now"])


def test_a_value_naming_many_keys_comes_back_with_all_their_values(redis_available):
    """The script reads a value's names from its head only, a kilobyte at a time: a head
    longer than that still gives every name's value, in order."""
    cache = FailSoftRedisCache(redis_available, {"KEY_PREFIX": f"test-cache-{closed_port()}"})
    names = [f"v:question:{i:04d}:{'x' * 40}" for i in range(120)]  # a head of about 7 KB
    cache.set_many({name: i for i, name in enumerate(names) if i % 3})
    body = "<p>" + "page " * 20_000 + "</p>"
    cache.set_with_keys("page", body, 60, keys=names)
    expected = {name: (i if i % 3 else None) for i, name in enumerate(names)}
    try:
        assert cache.get_with_keys("page") == (body, expected)
        with reading_ahead():
            cache.read_ahead(["v:question:none"], with_keys=["page"])
            assert cache.get_with_keys("page") == (body, expected)
    finally:
        cache.delete_many([*names, "page"])


def test_scripts_redis_does_not_hold_are_loaded_and_the_call_sent_again(
    redis_available, monkeypatch
):
    """Redis forgets its scripts when it restarts: a call finding none loads them and
    still answers (here the scripts are new to Redis: their source has a new comment)."""
    from portal import cache as module

    salt = f"-- {closed_port()} {id(monkeypatch)}\n"
    scripts = {
        name: (
            salt + source,
            hashlib.sha1((salt + source).encode(), usedforsecurity=False).hexdigest(),
        )
        for name, (source, _) in module._SCRIPTS.items()
    }
    monkeypatch.setattr(module, "_SCRIPTS", scripts)
    cache = FailSoftRedisCache(redis_available, {"KEY_PREFIX": f"test-cache-{closed_port()}"})
    raw = redis.Redis.from_url(redis_available)
    assert raw.script_exists(*(sha for _, sha in scripts.values())) == [False, False]
    cache.set("v:a", "one")
    try:
        assert cache.set_with_keys_if("page", "body", 60, expected={"v:a": "one"}) is True
        assert cache.get_with_keys("page") == ("body", {"v:a": "one"})
        assert raw.script_exists(*(sha for _, sha in scripts.values())) == [True, True]
    finally:
        cache.delete_many(["v:a", "page"])


def test_a_value_written_again_between_its_two_reads_is_not_taken(redis_available, monkeypatch):
    """The value and the current values of the keys it names are read side by side, not
    in a transaction: if another process writes the value in between, the names read do
    not belong to the value read, and the value is not taken (a miss; read again later)."""
    from portal.cache import _SCRIPTS, FailSoftRedisCacheClient

    cache = FailSoftRedisCache(redis_available, {"KEY_PREFIX": f"test-cache-{closed_port()}"})
    cache.set_many({"v:a": "one", "v:b": "two"})
    cache.set_with_keys("page", "old body", 60, keys=["v:a"])
    redis.Redis.from_url(redis_available).script_load(_SCRIPTS["named_values"][0])
    real_send = FailSoftRedisCacheClient._send

    class Recorder:
        def __init__(self):
            self.commands = []

        def __getattr__(self, name):
            return lambda *args, **kwargs: self.commands.append((name, args, kwargs))

    def send_with_a_write_between(client, queue):
        # The same commands, one at a time, with another process's write after the first:
        # what Redis may do when other clients' commands arrive in between.
        recorder = Recorder()
        queue(recorder)
        replies = []
        for i, (name, args, kwargs) in enumerate(recorder.commands):
            if i == 1:
                cache.set_with_keys("page", "new body", 60, keys=["v:a", "v:b"])
            replies.append(getattr(client, name)(*args, **kwargs))
        return replies

    try:
        monkeypatch.setattr(
            FailSoftRedisCacheClient, "_send", staticmethod(send_with_a_write_between)
        )
        assert cache.get_with_keys("page") is None
        cache.set_with_keys("page", "old body", 60, keys=["v:a"])
        with reading_ahead() as ahead:
            cache.read_ahead([], with_keys=["page"])
            assert cache.make_and_validate_key("page") not in ahead.found
            assert cache.get_with_keys("page") == ("new body", {"v:a": "one", "v:b": "two"})
        monkeypatch.setattr(FailSoftRedisCacheClient, "_send", staticmethod(real_send))
        assert cache.get_with_keys("page") == ("new body", {"v:a": "one", "v:b": "two"})
    finally:
        cache.delete_many(["v:a", "v:b", "page"])
