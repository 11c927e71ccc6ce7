"""``make benchmark``: page speed over HTTP, as a visitor feels it.

    python -m devtools.benchmark --size 1k --seconds 10

1. A PostgreSQL database per size (``bench_1k``, ``bench_1m``... beside DATABASE_URL's),
   migrated, seeded with the demo content and filled with SQL (devtools/benchmark_data.py);
   a finished load is reused by the next run.
2. A Redis server of its own (broker in db 0, cache in db 1), so flushing the cache for
   the cold runs touches nobody else's data; an SMTP sink (aiosmtpd) in this process.
3. gunicorn with production settings (DEBUG=0, a generated SECRET_KEY, the Redis cache,
   no SSL redirect) on a free port, with BENCHMARK_BARE_VIEW=1: /bench/bare/ is a short
   HTML page through the same middleware, the ceiling every page is compared with.
   Sync workers (one request at a time each) unless --threads: with two connections
   and threaded workers, both connections can land on one process, whose requests then
   share one core (the issue's figures were measured with sync workers).
4. For each page type: wrk (``/usr/bin/wrk``; a small Python load generator when it is
   missing) for N seconds cold (cache flushed, then a rotation over addresses that never
   repeat: each page of the type, then each again with a parameter no view reads, so every
   request misses the page cache while blocks shared between pages, such as question
   cards, are kept as a running site keeps them) and warm (one URL, again and again); the
   bare view before and after each page. req/s, p50/p95/p99 and page / bare (the mean of
   the bare runs either side) are printed and written to benchmarks/results-<size>.md.
5. A doctor's dashboard (signed in, never cached): the demo doctor, who has about 5,000
   answers at a million questions.
6. Answer saved -> email at the SMTP sink: a real Celery worker, answers saved through
   the service, the time until each email arrives.

Nothing is asserted: the figures are for reading (the README names the targets).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
SIZES = {"tiny": 200, "1k": 1000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
WRK = shutil.which("wrk")
LUA_SCRIPT = Path(__file__).with_name("benchmark.lua")


def parse_size(text: str) -> tuple[str, int]:
    """``1k`` -> ("1k", 1000); ``200`` -> ("200", 200)."""
    text = text.strip().lower()
    if text in SIZES:
        return text, SIZES[text]
    match = re.fullmatch(r"(\d+)([km]?)", text)
    if not match:
        raise SystemExit(f"SIZE must be a number, optionally with k or m: {text!r}")
    number = int(match[1]) * {"": 1, "k": 1000, "m": 1_000_000}[match[2]]
    return text, number


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(base_url: str, name: str) -> str:
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path="/" + quote(name)))


# --- load generation -------------------------------------------------------------------


@dataclass
class Result:
    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    p50: float = 0.0
    p95: float = 0.0
    p99: float = 0.0
    statuses: dict = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_load(
    base: str, paths: list[str], seconds: float, connections: int, headers: dict, loader: str
) -> Result:
    if loader == "wrk":
        return _run_wrk(base, paths, seconds, connections, headers)
    return _run_python(base, paths, seconds, connections, headers)


def _run_wrk(base, paths, seconds, connections, headers) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
        paths_file = handle.name
    command = [
        WRK,
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA_SCRIPT),
        base + paths[0],
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    env = {**os.environ, "BENCH_PATHS": paths_file}
    try:
        out = subprocess.run(  # noqa: S603 - our own command line
            command, capture_output=True, text=True, env=env, check=True
        ).stdout
    finally:
        os.unlink(paths_file)
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    data = json.loads(line[6:])
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=data["errors"],
        p50=data["p50_us"] / 1000,
        p95=data["p95_us"] / 1000,
        p99=data["p99_us"] / 1000,
    )


def _run_python(base, paths, seconds, connections, headers) -> Result:
    """The fallback when wrk is missing: one thread per connection, keep-alive, the same
    rotation over ``paths``."""
    import http.client

    host = urlsplit(base)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    counter = [0]
    deadline = time.perf_counter() + seconds

    def worker():
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            with lock:
                path = paths[counter[0] % len(paths)]
                counter[0] += 1
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
            mine.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if not latencies:
        return Result(seconds=elapsed, errors=errors[0])
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000

    return Result(
        requests=len(latencies),
        seconds=elapsed,
        errors=errors[0],
        p50=pct(50),
        p95=pct(95),
        p99=pct(99),
    )


# --- the SMTP sink ---------------------------------------------------------------------


class Sink:
    """aiosmtpd in a thread: records when each message arrived, by recipient."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.arrivals: dict[str, float] = {}
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
                now = time.time()
                for rcpt in envelope.rcpt_tos:
                    sink.arrivals.setdefault(rcpt.lower(), now)
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


# --- processes -------------------------------------------------------------------------


class Processes:
    """Children started by the run, each in its own process group, stopped on exit."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.children: list[subprocess.Popen] = []

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        child = subprocess.Popen(  # noqa: S603 - our own command lines
            command,
            env=env,
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.children.append(child)
        return child

    def stop_all(self):
        for child in reversed(self.children):
            if child.poll() is None:
                try:
                    os.killpg(child.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for child in reversed(self.children):
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()


def database_create(base_url: str, name: str) -> None:
    """CREATE DATABASE name, beside base_url's, unless it exists."""
    import psycopg
    import psycopg.sql

    with psycopg.connect(base_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def wait_for(url: str, seconds: float, child: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise SystemExit(f"{what} stopped (exit {child.returncode}); see its log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"{what} did not answer {url} within {seconds:.0f}s")


def redis_flush_cache(port: int) -> None:
    import redis

    redis.Redis(host="127.0.0.1", port=port, db=1).flushdb()


# --- the run ---------------------------------------------------------------------------


def manage(args: list[str], env: dict, log: Path) -> None:
    with open(log, "ab") as out:
        result = subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "manage.py", *args],
            env=env,
            cwd=BASE_DIR,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed; see {log}")


def fmt_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1k", help="questions: 200, 1k, 100k, 1m ...")
    parser.add_argument("--seconds", type=float, default=10, help="per page and mode")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per worker (1: sync workers, as the issue's figures were measured; "
        "more: the gthread worker production runs by default)",
    )
    parser.add_argument("--connections", type=int, default=2, help="open connections")
    parser.add_argument("--database", help="database name (default bench_<size>)")
    parser.add_argument("--output", help="the table's file (default benchmarks/results-<size>.md)")
    parser.add_argument("--emails", type=int, default=20, help="answers timed to the sink")
    parser.add_argument("--loader", choices=["auto", "wrk", "python"], default="auto")
    args = parser.parse_args(argv)

    label, size = parse_size(args.size)
    loader = args.loader
    if loader == "auto":
        loader = "wrk" if WRK else "python"
    if loader == "wrk" and not WRK:
        raise SystemExit("wrk is not installed (apt-get install wrk), use --loader python")
    base_url = os.environ.get("DATABASE_URL")
    if not base_url:
        raise SystemExit("Set DATABASE_URL (the benchmark's databases are created beside it)")
    db_name = args.database or f"bench_{label}"
    output = Path(args.output or BASE_DIR / "benchmarks" / f"results-{label}.md")
    output.parent.mkdir(parents=True, exist_ok=True)
    log_dir = Path(tempfile.mkdtemp(prefix=f"benchmark-{label}-"))

    def say(text: str = "") -> None:
        print(text, flush=True)

    if loader == "python":
        say("wrk not found: using the Python load generator (slower; figures not comparable)")
    say(f"-- logs in {log_dir}")
    # SIGTERM (a cancelled CI job, the smoke test's timeout) unwinds like Ctrl-C: the
    # finally below stops gunicorn, Redis and the worker, each in a group of its own.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    processes = Processes(log_dir)
    try:
        return _run(args, label, size, loader, base_url, db_name, output, log_dir, say, processes)
    finally:
        processes.stop_all()
        # The logs stay for reading; the collected static files are only a copy.
        shutil.rmtree(log_dir / "static", ignore_errors=True)


def _run(args, label, size, loader, base_url, db_name, output, log_dir, say, processes) -> int:
    started = time.monotonic()
    redis_port = free_port()
    redis_dir = log_dir / "redis"
    redis_dir.mkdir()
    redis_child = processes.start(
        "redis",
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(redis_dir),
        ],
        os.environ.copy(),
    )
    bench_db = database_url(base_url, db_name)
    database_create(base_url, db_name)
    media = log_dir / "media"
    common = {
        **os.environ,
        "DATABASE_URL": bench_db,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
        "MEDIA_ROOT": str(media / "public"),
        "PRIVATE_MEDIA_ROOT": str(media / "private"),
        # Static files of its own: collectstatic into the checkout's staticfiles/ rewrote
        # files that a server or a test beside it was reading (WhiteNoise lists the folder
        # when it starts; in CI that was a FileNotFoundError).
        "STATIC_ROOT": str(log_dir / "static"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    common.pop("CELERY_TASK_ALWAYS_EAGER", None)
    # One key for the whole run: the signed-in cookie made by benchmark_prepare must hold
    # for gunicorn.
    common["SECRET_KEY"] = secrets.token_urlsafe(50)
    prepare_out = log_dir / "prepare.json"
    say(f"-- database {db_name}: migrate, seed and fill to {size:,} questions")
    manage(
        ["benchmark_prepare", "--size", str(size), "--out", str(prepare_out)],
        {
            **common,
            "DEBUG": "1",
            "CELERY_TASK_ALWAYS_EAGER": "1",
            "EMAIL_URL": "consolemail://",
        },
        log_dir / "prepare.log",
    )
    plan = json.loads(prepare_out.read_text())
    for line in plan["log"]:
        say(line)
    say(f"-- database ready ({time.monotonic() - started:.0f}s)")

    with Sink() as sink:
        port = free_port()
        site = f"http://127.0.0.1:{port}"
        production = {
            **common,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": site,
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "DEFAULT_FROM_EMAIL": "Benchmark <bench@example.org>",
            "BENCHMARK_BARE_VIEW": "1",
            "GUNICORN_THREADS": str(args.threads),
        }
        manage(["collectstatic", "--noinput", "-v0"], production, log_dir / "collectstatic.log")
        web = processes.start(
            "gunicorn",
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "portal.wsgi:application",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--access-logfile",
                "-",
            ],
            production,
        )
        wait_for(site + "/bench/bare/", 60, web, "gunicorn")
        say(f"-- gunicorn up at {site} ({time.monotonic() - started:.0f}s)")
        if redis_child.poll() is not None:
            raise SystemExit("redis-server stopped; see its log")

        table = _pages(args, plan, site, loader, redis_port, say)
        emails = _emails(args, production, log_dir, processes, sink, say)

    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    header = (
        f"## {size:,} questions ({label}), {args.seconds:g} s per run, "
        f"{args.workers} gunicorn workers "
        f"({'sync' if args.threads == 1 else f'gthread, {args.threads} threads each'}), "
        f"{args.connections} connections, "
        f"{'wrk' if loader == 'wrk' else 'Python load generator (wrk missing)'}, "
        f"{os.cpu_count()} cores, load average at the end {load}"
    )
    lines = [
        header,
        "",
        fmt_row(
            [
                "page",
                "mode",
                "req/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "errors",
                "bare req/s",
                "page / bare",
            ]
        ),
        fmt_row(["---"] * 9),
        *table,
        "",
        emails,
        "",
        f"Data set: {plan['summary']}. Took {time.monotonic() - started:.0f} s.",
    ]
    text = "\n".join(lines) + "\n"
    output.write_text(text)
    say("")
    say(text)
    say(f"-- written to {output}")
    return 0


def _pages(args, plan, site, loader, redis_port, say) -> list[str]:
    seconds, connections = args.seconds, args.connections

    def load(paths, headers=None):
        return run_load(site, paths, seconds, connections, headers or {}, loader)

    def check(path, headers=None):
        """The status of one GET, redirects not followed (a lapsed session would
        otherwise time the login page)."""
        import http.client

        parts = urlsplit(site)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    bare = load(["/bench/bare/"])
    say(f"bare view: {bare.rps:,.0f} req/s, p50 {bare.p50:.1f} ms")
    rows = []
    for page in plan["pages"]:
        headers = {"Cookie": plan["cookie"]} if page.get("signed_in") else {}
        status = check(page["warm"], headers)
        if status != 200:
            raise SystemExit(f"{page['name']}: {page['warm']} answered {status}")
        results = []
        if not page.get("signed_in"):
            redis_flush_cache(redis_port)
            results.append(("cold", load(page["cold"], headers)))
        check(page["warm"], headers)  # fill the cache with the warm URL first
        mode = "signed in" if page.get("signed_in") else "warm"
        results.append((mode, load([page["warm"]], headers)))
        after = load(["/bench/bare/"])
        bare_rps = (bare.rps + after.rps) / 2
        for mode, result in results:
            ratio = result.rps / bare_rps * 100 if bare_rps else 0
            row = fmt_row(
                [
                    page["name"],
                    mode,
                    f"{result.rps:,.1f}",
                    f"{result.p50:.1f}",
                    f"{result.p95:.1f}",
                    f"{result.p99:.1f}",
                    str(result.errors),
                    f"{bare_rps:,.0f}",
                    f"{ratio:.1f} %",
                ]
            )
            rows.append(row)
            say(row)
        bare = after
    return rows


def _emails(args, production, log_dir, processes, sink, say) -> str:
    """Answers saved through the service with a real worker running; the time from each
    commit to its email at the sink."""
    if args.emails <= 0:
        return "Answer saved -> email: not measured (--emails 0)."
    worker = processes.start(
        "worker",
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "portal",
            "worker",
            "--concurrency",
            "2",
            "--loglevel",
            "INFO",
            "--without-mingle",
            "--without-gossip",
        ],
        production,
    )
    saved_out = log_dir / "answers.json"
    # Let the worker connect before the first answer, as a running site's would.
    deadline = time.monotonic() + 30
    ready = False
    while time.monotonic() < deadline and worker.poll() is None:
        if b"ready." in (log_dir / "worker.log").read_bytes():
            ready = True
            break
        time.sleep(0.2)
    if not ready:
        raise SystemExit("the Celery worker did not start; see worker.log")
    manage(
        ["benchmark_answers", "--count", str(args.emails), "--out", str(saved_out)],
        production,
        log_dir / "answers.log",
    )
    saved = json.loads(saved_out.read_text())
    deadline = time.time() + 30
    while time.time() < deadline and not all(r in sink.arrivals for r in saved):
        time.sleep(0.05)
    delays = sorted((sink.arrivals[r] - at) * 1000 for r, at in saved.items() if r in sink.arrivals)
    missing = len(saved) - len(delays)
    if not delays:
        return f"Answer saved -> email at the SMTP sink: no email arrived of {len(saved)}."
    p95 = statistics.quantiles(delays, n=20)[-1] if len(delays) > 1 else delays[0]
    text = (
        f"Answer saved -> email at the SMTP sink ({len(saved)} answers, real Celery worker): "
        f"p50 {statistics.median(delays):.0f} ms, p95 {p95:.0f} ms, max {delays[-1]:.0f} ms"
        + (f", {missing} missing" if missing else "")
        + "."
    )
    say(text)
    return text


if __name__ == "__main__":
    sys.exit(main())
