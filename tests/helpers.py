"""Plain helpers for tests across apps (fixtures live in conftest.py)."""

import time


def wait_until(predicate, timeout: float = 10.0) -> bool:
    """Poll ``predicate`` until it is true (True) or ``timeout`` seconds pass (False):
    for work a real Celery worker does in another process."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False
