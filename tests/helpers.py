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


def queued_tasks(callbacks) -> list:
    """The after-commit callbacks that queue work, without the page cache's version bumps
    (portal.pagecache: every write also bumps after commit)."""
    from portal.pagecache import is_page_cache_bump

    return [callback for callback in callbacks if not is_page_cache_bump(callback)]
