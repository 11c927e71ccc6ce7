"""portal/broker.py: an acknowledgement that fails on a frozen Redis frees the prefetch
slot anyway, so the worker keeps consuming (the stall seen with kombu 5.7.0)."""

import shutil

import kombu
import pytest

from tests.conftest import skip_or_fail

from .faults import RedisServer


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        skip_or_fail("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def test_a_failed_ack_frees_the_prefetch_slot(own_redis):
    import portal.celery  # noqa: F401 - applies the fix, as every worker does

    with kombu.Connection(own_redis.url, transport_options={"socket_timeout": 0.5}) as conn:
        channel = conn.channel()
        channel.basic_qos(prefetch_size=0, prefetch_count=1, apply_global=False)
        queue = kombu.Queue("ack-test", routing_key="ack-test")(channel)
        queue.declare()
        kombu.Producer(channel).publish({"n": 1}, routing_key="ack-test")
        message = queue.get(no_ack=False)
        assert message is not None
        assert not channel.qos.can_consume()  # the one slot is taken

        own_redis.freeze()
        try:
            with pytest.raises(Exception):  # noqa: B017 - redis-py's timeout, however wrapped
                message.ack()
        finally:
            own_redis.thaw()

        assert channel.qos.can_consume()
        kombu.Producer(channel).publish({"n": 2}, routing_key="ack-test")
        assert queue.get(no_ack=True).payload == {"n": 2}
