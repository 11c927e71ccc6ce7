"""The fault rig: a Redis server of the test's own, a real Celery worker and a separate
beat under portal/supervisor.py (as `make run` and compose run them), an SMTP sink that
can hold its replies, and a TCP proxy in front of PostgreSQL that can cut the worker off
from the database. Used by test_faults.py (short, in `make test`) and `make faults`
(long, prints figures)."""

import asyncio
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller
from django.db import connection

from portal.supervisor import BASE_DIR, Child, Supervisor
from tests.conftest import TEST_QUEUE, free_port


def wait_for_port(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


class RedisServer:
    """redis-server on a free port, nothing persisted: a restart loses queued messages,
    as a Redis without persistence (or a failover to an empty replica) would."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server"), "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir), "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


class SinkHandler:
    """Keeps every message; can hold its reply to DATA (widening the window between
    "SMTP accepted" and "row marked sent") or to QUIT."""

    def __init__(self):
        self.messages = []
        self.data_delay = 0.0
        self.quit_delay = 0.0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        with self._lock:
            self.messages.append(message_from_bytes(envelope.original_content))
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        if self.quit_delay:
            await asyncio.sleep(self.quit_delay)
        return "221 Bye"

    def message_ids(self) -> Counter:
        with self._lock:
            return Counter(m["Message-ID"] for m in self.messages)


class SmtpSink:
    def __init__(self):
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter
        self.handler = SinkHandler()
        self.port = free_port()
        self.controller = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


class DatabaseProxy:
    """A TCP proxy to PostgreSQL for the worker: cut() drops every connection and
    refuses new ones, as a stopped database server would; restore() lets them in."""

    def __init__(self, host: str, port: int):
        self.host, self.target_port = host, port
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(100)
        self.port = self.server.getsockname()[1]
        self.down = threading.Event()
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        self.server.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self.server.accept()
            except OSError:
                continue
            if self.down.is_set():
                client.close()
                continue
            try:
                upstream = self._connect_upstream()
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _connect_upstream(self) -> socket.socket:
        if self.host.startswith("/"):  # a Unix socket folder, as the embedded server uses
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(f"{self.host}/.s.PGSQL.{self.target_port}")
            return upstream
        return socket.create_connection((self.host, self.target_port), timeout=5)

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self.down.set()
        with self._lock:
            conns, self._conns = self._conns, []
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def restore(self) -> None:
        self.down.clear()

    def close(self) -> None:
        self._stop.set()
        self.cut()
        self.server.close()


@dataclass
class Figures:
    scenario: str
    answers: int = 0
    save_times: list[float] = field(default_factory=list)
    recovery: float | None = None
    emails: Counter = field(default_factory=Counter)
    expected: set = field(default_factory=set)
    worker_restarts: int = 0

    @property
    def missing(self) -> int:
        return sum(1 for mid in self.expected if self.emails[mid] == 0)

    @property
    def doubled(self) -> int:
        return sum(1 for mid in self.expected if self.emails[mid] > 1)

    @property
    def max_save(self) -> float:
        return max(self.save_times, default=0.0)

    def line(self) -> str:
        per = Counter(self.emails[mid] for mid in self.expected)
        spread = " ".join(f"{n}x:{c}" for n, c in sorted(per.items()))
        recovery = "-" if self.recovery is None else f"{self.recovery:5.1f}s"
        return (
            f"{self.scenario:<28} answers {self.answers:>4}  emails/notification {spread:<14}"
            f" missing {self.missing:>2}  doubled {self.doubled:>2}"
            f"  save max {self.max_save:5.2f}s  recovery {recovery}"
            f"  worker restarts {self.worker_restarts}"
        )


# Fast clocks for the rig's worker and beat: the canary every 2 s and stale after 30 s,
# the sweep every 3 s for rows older than 3 s, re-queued after 15 s. A broker socket
# timeout of 1 s (as the stall was first seen with) makes a 4 s freeze fail
# acknowledgements, the path that stalled workers.
RIG_ENV = {
    "BROKER_SOCKET_TIMEOUT": "1",
    "WORKER_CANARY_SECONDS": "2",
    "WORKER_CANARY_MAX_AGE_SECONDS": "30",
    "NOTIFICATION_SWEEP_SECONDS": "3",
    "NOTIFICATION_SWEEP_AFTER_SECONDS": "3",
    "NOTIFICATION_REQUEUE_AFTER_SECONDS": "15",
    "NOTIFICATION_LEASE_SECONDS": "20",
}


class Rig:
    def __init__(self, workdir: Path, *, concurrency: int = 2):
        self.workdir = workdir
        self.redis = RedisServer(workdir)
        self.sink = SmtpSink()
        db = connection.settings_dict
        host = db["HOST"] or db["OPTIONS"].get("host") or "127.0.0.1"
        self.db_proxy = DatabaseProxy(host, int(db["PORT"] or 5432))
        user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        self.env = {
            **os.environ,
            **RIG_ENV,
            "DEBUG": "1",
            "DATABASE_URL": f"postgres://{user}@127.0.0.1:{self.db_proxy.port}/{db['NAME']}",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.sink.port}",
            "CELERY_QUEUE": TEST_QUEUE,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        celery = [sys.executable, "-m", "celery", "-A", "portal"]
        self.worker = Child(
            "worker",
            [*celery, "worker", "--loglevel=WARNING", f"--concurrency={concurrency}",
             "--without-mingle", "--without-gossip", "-n", f"rig-{TEST_QUEUE}@%h"],
            env=self.env, canary=True, canary_max_age=30, stop_timeout=10,
        )  # fmt: skip
        self.beat = Child(
            "beat",
            [*celery, "beat", "--loglevel=WARNING", "--schedule", str(workdir / "beat")],
            env=self.env, stop_timeout=10,
        )  # fmt: skip
        self.supervisor = Supervisor([self.worker, self.beat], check_every=5, poll_every=0.5)

    def start(self) -> None:
        self.redis.start()
        self.env["REDIS_URL"] = self.redis.url
        self.sink.start()
        self.supervisor.start()

    def stop(self) -> None:
        self.supervisor.stop()
        self.sink.stop()
        self.redis.stop()
        self.db_proxy.close()

    def kill_worker(self) -> None:
        """SIGKILL the worker and its pool children at once (an OOM kill)."""
        os.killpg(self.worker.process.pid, signal.SIGKILL)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False


def workdir_for(tmp_path: Path) -> Path:
    path = tmp_path / "rig"
    path.mkdir(exist_ok=True)
    return path


__all__ = ["BASE_DIR", "Figures", "Rig", "workdir_for"]
