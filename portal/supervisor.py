"""Keep the Celery worker and beat running: restart either when it exits, and restart
the worker when its canary goes stale (it is up but no longer takes tasks).

Used by `make run` (devtools/devrun.py) and by the compose `worker` service:

    python -m portal.supervisor worker -- celery -A portal worker --loglevel=INFO

A process that is up is not proof that it works: after a frozen broker a Celery worker
can stay up and answer pings while it consumes nothing. The proof is the canary task that
beat queues every minute on the emails' queue; `manage.py worker_health` fails when a
worker last ran it more than WORKER_CANARY_MAX_AGE ago. The supervisor runs that check
every CHECK_EVERY seconds once the worker has been up longer than the allowed age, and
restarts the worker when it fails. Standard library only: it starts before Django does.
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def say(message: str) -> None:
    print(f"[supervisor {time.strftime('%H:%M:%S')}] {message}", flush=True)


STALE = 1  # worker_health's exit status for a stale canary (2: the database is down)


def worker_health(env: dict, cwd: Path = BASE_DIR) -> tuple[bool, str]:
    """Run `manage.py worker_health`: (stale, its message). Only a canary known to be
    stale counts: with the database down, a restart would not help, and could cut short
    a worker that is waiting to record an accepted email as sent."""
    try:
        done = subprocess.run(  # noqa: S603 - our own command
            [sys.executable, str(cwd / "manage.py"), "worker_health"],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        return False, "worker_health took longer than 60 s"
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode == STALE, lines[-1] if lines else ""


class Child:
    """One supervised process: started again whenever it exits."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        *,
        env: dict,
        cwd: Path = BASE_DIR,
        canary: bool = False,
        canary_max_age: float = 180,
        stop_timeout: float = 20,
        output: Path | None = None,
    ):
        self.name, self.argv, self.env, self.cwd = name, argv, env, cwd
        self.output = output  # a file its output is appended to, else this terminal
        self.canary, self.canary_max_age, self.stop_timeout = canary, canary_max_age, stop_timeout
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.restarts = 0
        self.stale_checks = 0

    def start(self) -> None:
        # Its own session: a Ctrl-C in the terminal reaches the supervisor, which stops
        # the children itself, rather than killing them under it (and restarting them).
        log = open(self.output, "ab") if self.output else None  # noqa: SIM115
        try:
            self.process = subprocess.Popen(  # noqa: S603
                self.argv,
                env=self.env,
                cwd=self.cwd,
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT if log else None,
            )
        finally:
            if log:
                log.close()
        self.started_at = time.monotonic()

    def terminate(self) -> None:
        """Ask it to stop (SIGTERM) without waiting: stop() then waits."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self._terminated = self.process

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        if getattr(self, "_terminated", None) is not process:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=self.stop_timeout)
        except subprocess.TimeoutExpired:
            say(f"{self.name} did not stop within {self.stop_timeout:.0f} s: killing it")
            process.kill()
            process.wait()

    def check(self) -> None:
        code = self.process.poll()
        if code is not None:
            say(f"{self.name} exited with status {code}: restarting it")
            self.restarts += 1
            self.stale_checks = 0
            self.start()
            return
        if self.canary and time.monotonic() - self.started_at > self.canary_max_age:
            stale, message = worker_health(self.env, self.cwd)
            # Two stale checks in a row: one may follow a database outage just ended.
            self.stale_checks = self.stale_checks + 1 if stale else 0
            if self.stale_checks >= 2:
                say(f"{self.name} is up but its canary is stale ({message}): restarting it")
                self.stale_checks = 0
                # A Celery worker prints every thread's stack on SIGUSR1: where it hung.
                self.process.send_signal(signal.SIGUSR1)
                time.sleep(1)
                self.stop()
                self.restarts += 1
                self.start()


class Supervisor:
    def __init__(self, children: list[Child], *, check_every: float = 30, poll_every: float = 1):
        self.children, self.check_every, self.poll_every = children, check_every, poll_every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        for child in self.children:
            child.start()
        self._thread = threading.Thread(target=self._run, name="supervisor", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        last_health = time.monotonic()
        while not self._stop.wait(self.poll_every):
            health_due = time.monotonic() - last_health >= self.check_every
            for child in self.children:
                if self._stop.is_set():
                    return
                if child.process.poll() is not None or (child.canary and health_due):
                    child.check()
            if health_due:
                last_health = time.monotonic()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=70)
        # All of them at once, then wait for each: stopping is as long as the slowest.
        for child in self.children:
            child.terminate()
        for child in self.children:
            child.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="a name for the messages, e.g. worker or beat")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command")
    parser.add_argument("--no-canary", action="store_true", help="only restart on exit")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    env = os.environ.copy()
    max_age = float(env.get("WORKER_CANARY_MAX_AGE_SECONDS", 180))
    child = Child(args.name, command, env=env, canary=not args.no_canary, canary_max_age=max_age)
    supervisor = Supervisor([child], check_every=float(env.get("SUPERVISOR_CHECK_SECONDS", 30)))
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    supervisor.start()
    say(f"supervising {args.name}: {' '.join(command)}")
    stopping.wait()
    say(f"stopping {args.name}")
    supervisor.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
