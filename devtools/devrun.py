"""`make run`: migrate, load the demo content once, then serve the portal with a Celery
worker and a separate beat (the notification sweep and the worker's canary) beside it.

Both run under portal/supervisor.py: either one exiting is started again with a message
in this terminal, and the worker is restarted when its canary goes stale (it is up but
takes no tasks, as after a frozen broker).

When Redis does not answer at REDIS_URL, tasks run inline (eagerly) instead, so the portal
still works on a laptop with nothing installed.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import redis

from portal.supervisor import Child, Supervisor

BASE_DIR = Path(__file__).resolve().parent.parent
ADDRESS = os.environ.get("RUN_ADDRESS", "127.0.0.1:8000")


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def wait_until_serving(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local URL
            return
        except OSError:
            time.sleep(0.5)


def _stop(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    # Ctrl-C raises KeyboardInterrupt; SIGTERM (a process manager, `timeout`) takes the
    # same way out, so the worker, beat and server never outlive `make run`.
    signal.signal(signal.SIGTERM, _stop)
    env = os.environ.copy()
    env.setdefault("DEBUG", "1")
    if not env.get("DATABASE_URL"):
        from devtools.devdb import PGDATA, embedded_database_url

        env["DATABASE_URL"] = embedded_database_url()
        print(f"Database: embedded PostgreSQL, data in {PGDATA}")
    else:
        print("Database: DATABASE_URL")
    redis_url = env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    use_worker = redis_answers(redis_url)
    if not use_worker:
        env["CELERY_TASK_ALWAYS_EAGER"] = "1"
        print(f"Redis does not answer at {redis_url}: notifications will be sent inline.")

    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True)  # noqa: S603
    subprocess.run([*manage, "seed_demo", "--once"], env=env, check=True)  # noqa: S603

    supervisor = None
    if use_worker:
        celery = [sys.executable, "-m", "celery", "-A", "portal"]
        worker = [*celery, "worker", "--loglevel=INFO", "--concurrency=2"]
        beat = [*celery, "beat", "--loglevel=INFO", "--schedule", "data/celerybeat-schedule"]
        max_age = float(env.get("WORKER_CANARY_MAX_AGE_SECONDS", 180))
        supervisor = Supervisor(
            [
                Child("worker", worker, env=env, canary=True, canary_max_age=max_age),
                Child("beat", beat, env=env),
            ]
        )
        supervisor.start()
        print(f"Celery worker and beat started, supervised (broker {redis_url}).")
    server = subprocess.Popen([*manage, "runserver", ADDRESS], env=env)  # noqa: S603
    try:
        wait_until_serving(f"http://{ADDRESS}/", server)
        print(f"\n  The portal is at http://{ADDRESS}/  (Ctrl-C stops everything)\n", flush=True)
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        if supervisor is not None:
            supervisor.stop()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
