"""Plain helpers for tests across apps (fixtures live in conftest.py)."""

import time
from contextlib import contextmanager

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test.signals import template_rendered


def wait_until(predicate, timeout: float = 10.0) -> bool:
    """Poll ``predicate`` until it is true (True) or ``timeout`` seconds pass (False):
    for work a real Celery worker does in another process."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def totp_code(secret: str, *, period: int = 30) -> str:
    """The code an authenticator app shows now for ``secret``. Waits out the last two
    seconds of a period, so the code is still current when the server checks it."""
    if time.time() % period > period - 2:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def queued_tasks(callbacks) -> list:
    """The after-commit callbacks that queue work, without the page cache's version bumps
    (portal.pagecache: every write also bumps after commit)."""
    from portal.pagecache import is_page_cache_bump

    return [callback for callback in callbacks if not is_page_cache_bump(callback)]


@contextmanager
def drawn(template_name: str):
    """The contexts ``template_name`` was rendered with inside the block (the test
    runner's template_rendered signal): how many blocks a page drew, not read from the
    shared cache."""
    contexts = []

    def on_render(sender, template, context, **kwargs):
        if template.name == template_name:
            contexts.append(context)

    template_rendered.connect(on_render)
    try:
        yield contexts
    finally:
        template_rendered.disconnect(on_render)


def redis_commands(monkeypatch) -> list[tuple]:
    """From now on, each round trip any Redis client makes, in order: a command's name and
    arguments, or for a pipeline "MULTI" (a transaction) or "PIPELINE" and the names of
    the commands it sends. A test counts a page's round trips with it."""
    import redis

    sent = []
    real = redis.client.Redis.execute_command
    real_execute = redis.client.Pipeline.execute

    def counted(self, *args, **kwargs):
        sent.append(args)
        return real(self, *args, **kwargs)

    def counted_pipeline(self, *args, **kwargs):
        if self.command_stack:
            names = (command[0][0] for command in self.command_stack)
            sent.append(("MULTI" if self.transaction else "PIPELINE", *names))
        return real_execute(self, *args, **kwargs)

    monkeypatch.setattr(redis.client.Redis, "execute_command", counted)
    monkeypatch.setattr(redis.client.Pipeline, "execute", counted_pipeline)
    return sent
