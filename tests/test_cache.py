"""portal.cache: a shared Redis cache that does not answer is a miss, never an error."""

import socket

import pytest

from portal.cache import FailSoftRedisCache


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
