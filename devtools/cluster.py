"""`make cluster`: the portal scaled out on this machine, with production settings.

    haproxy :8120  ->  gunicorn web-1 :8121, web-2 :8122, web-3 :8123
    three Celery workers, exactly one beat, one PostgreSQL, one Redis

Everything the instances share lives outside them: sessions and data in PostgreSQL (the
embedded one, or DATABASE_URL), the cache and the broker in Redis, uploads in one folder
(MEDIA_ROOT and PRIVATE_MEDIA_ROOT, or S3-compatible buckets). The web instances, the
workers, beat and haproxy run under portal/supervisor.py: one that exits is started again.
Ctrl-C or SIGTERM stops them all.

Production settings (DEBUG=0) on plain http: SECURE_SSL_REDIRECT=0, SECURE_COOKIES=0. The
SECRET_KEY is generated once into data/cluster/secret_key (git-ignored) unless the
environment gives one, so sessions outlive a restart. CLUSTER_PORT moves the whole port
block (the load balancer on it, the instances on the next ports, haproxy's statistics page
on CLUSTER_PORT + 9).

tests/cluster/ starts the same Cluster against the test database.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from portal.supervisor import Child, Supervisor

BASE_DIR = Path(__file__).resolve().parent.parent
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
# Large enough for a question's four 10 MB attachments or an enquiry's five reports.
BODY_LIMIT_MB = 64


# What the load balancer compresses (deploy/haproxy.cfg says the same).
COMPRESSED_TYPES = (
    "text/html text/plain text/xml application/json application/xml"
    " application/rss+xml application/atom+xml"
)


def haproxy_config(
    *, listen: str, servers: list[str], host: str, body_limit_mb: int, stats: str | None
) -> str:
    """haproxy in front of the web instances: round robin, a dead instance skipped at once
    (a refused connection is retried on another one: `option redispatch`) and taken out of
    rotation after two failed checks a second apart; bodies above the limit are refused
    with 413 before they reach Django."""
    lines = [
        "global",
        "    maxconn 2000",
        "defaults",
        "    mode http",
        "    timeout connect 2s",
        "    timeout client 60s",
        "    timeout server 60s",
        "    timeout http-request 10s",
        "    retries 3",
        "    option redispatch 1",
        # A request whose instance dies before answering (connection refused, reset, empty
        # reply) is sent again to another one: only GET and HEAD, which are safe to repeat.
        "    retry-on all-retryable-errors",
        "    option forwardfor",
        # Pages, feeds and JSON leave compressed (HTML shrinks to about a fifth); static
        # files come compressed from WhiteNoise already. Django masks CSRF tokens (BREACH).
        "    compression algo gzip",
        "    compression type " + COMPRESSED_TYPES,
        "frontend portal",
        f"    bind {listen}",
        f"    http-request deny deny_status 413 if {{ req.hdr_val(content-length) gt"
        f" {body_limit_mb * 1024 * 1024} }}",
        "    http-request disable-l7-retry if !METH_GET",
        "    default_backend web",
        "backend web",
        "    balance roundrobin",
        # /livez, not /healthz: a shared dependency that is down (the database, the
        # worker's canary) is down for every instance; this asks whether this one answers.
        "    option httpchk",
        f"    http-check send meth GET uri /livez ver HTTP/1.1 hdr Host {host}",
        "    http-check expect status 200",
        "    default-server inter 1s fall 2 rise 1",
    ]
    lines += [f"    server web-{n} {address} check" for n, address in enumerate(servers, 1)]
    if stats:
        lines += ["listen stats", f"    bind {stats}", "    stats enable", "    stats uri /"]
    return "\n".join(lines) + "\n"


def pgbouncer_config(*, database: dict, port: int, run_dir: Path) -> str:
    """PgBouncer in transaction mode in front of DATABASE_URL's server: every instance's
    connections share a small pool of server connections. Django then needs
    DB_DISABLE_SERVER_SIDE_CURSORS=1 (a cursor does not outlive its transaction's server
    connection) and DB_PREPARED_STATEMENTS=0: Debian's PgBouncer (1.18) does not carry a
    statement prepared on one server connection to the next, so psycopg binds parameters
    on the client and prepares nothing."""
    (run_dir / "pgbouncer-users.txt").write_text(
        f'"{database["USER"]}" "{database.get("PASSWORD") or ""}"\n'
    )
    server = f"host={database['HOST'] or '127.0.0.1'} port={database['PORT'] or 5432}"
    if database.get("PASSWORD"):
        server += f" password={database['PASSWORD']}"
    return "\n".join(
        [
            "[databases]",
            f"* = {server}",
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            f"listen_port = {port}",
            "unix_socket_dir =",
            "auth_type = trust",
            f"auth_file = {run_dir / 'pgbouncer-users.txt'}",
            "pool_mode = transaction",
            "max_client_conn = 1000",
            "default_pool_size = 20",
            "ignore_startup_parameters = extra_float_digits,options",
            "",
        ]
    )


class Cluster:
    """The processes of the scaled-out portal, started and stopped together."""

    def __init__(
        self,
        env: dict,
        *,
        run_dir: Path,
        port: int = 8120,
        web: int = 3,
        workers: int = 3,
        host: str = "127.0.0.1",
        log_dir: Path | None = None,
        worker_concurrency: int = 2,
    ):
        self.env, self.run_dir, self.port, self.host = env, run_dir, port, host
        self.web_ports = [port + n for n in range(1, web + 1)]
        self.workers, self.worker_concurrency = workers, worker_concurrency
        self.log_dir = log_dir
        self.url = f"http://{host}:{port}"
        self.supervisor: Supervisor | None = None
        self.pgbouncer: str | None = None  # its configuration, when it runs

    def _child(self, name: str, argv: list[str], **kwargs) -> Child:
        output = self.log_dir / f"{name}.log" if self.log_dir else None
        return Child(name, argv, env=self.env, output=output, **kwargs)

    def children(self) -> list[Child]:
        python = sys.executable
        config = self.run_dir / "haproxy.cfg"
        config.write_text(
            haproxy_config(
                listen=f"{self.host}:{self.port}",
                servers=[f"127.0.0.1:{p}" for p in self.web_ports],
                host=self.host,
                body_limit_mb=int(self.env.get("PROXY_BODY_LIMIT_MB", BODY_LIMIT_MB)),
                stats=f"{self.host}:{self.port + 9}",
            )
        )
        children = [self._child("haproxy", [HAPROXY, "-db", "-f", str(config)])]
        if self.pgbouncer:
            ini = self.run_dir / "pgbouncer.ini"
            ini.write_text(self.pgbouncer)
            # PgBouncer refuses to run as root: it drops to the postgres user then.
            user = ["-u", "postgres"] if os.geteuid() == 0 else []
            children.insert(0, self._child("pgbouncer", [PGBOUNCER, *user, str(ini)]))
        for n, port in enumerate(self.web_ports, 1):
            argv = [python, "-m", "gunicorn", "portal.wsgi:application"]
            argv += ["--bind", f"127.0.0.1:{port}", "--name", f"portal-web-{n}"]
            # gunicorn's control socket defaults to one path per user (~/.gunicorn):
            # each instance gets its own, or the last one started takes it from the others.
            argv += ["--control-socket", str(self.run_dir / f"web-{n}.ctl")]
            if self.env.get("CLUSTER_ACCESS_LOG") == "1":
                argv += ["--access-logfile", "-"]
            children.append(self._child(f"web-{n}", argv, stop_timeout=25))
        max_age = float(self.env.get("WORKER_CANARY_MAX_AGE_SECONDS", 180))
        celery = [python, "-m", "celery", "-A", "portal"]
        level = self.env.get("CLUSTER_LOG_LEVEL", "INFO")
        for n in range(1, self.workers + 1):
            argv = [*celery, "worker", f"--loglevel={level}", "-n", f"worker{n}@%h"]
            argv += [f"--concurrency={self.worker_concurrency}"]
            children.append(self._child(f"worker-{n}", argv, canary=True, canary_max_age=max_age))
        # Exactly one beat, never `worker -B`: two schedulers would queue every job twice.
        schedule = self.run_dir / "celerybeat-schedule"
        beat = [*celery, "beat", f"--loglevel={level}", "--schedule", str(schedule)]
        children.append(self._child("beat", beat))
        return children

    def start(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
        self.supervisor = Supervisor(self.children())
        self.supervisor.start()

    def child(self, name: str) -> Child:
        return next(c for c in self.supervisor.children if c.name == name)

    def pid(self, name: str) -> int:
        return self.child(name).process.pid

    def wait_until_serving(self, timeout: float = 60) -> None:
        """Until every web instance answers directly and the load balancer answers."""
        deadline = time.monotonic() + timeout
        pending = [f"http://127.0.0.1:{p}/livez" for p in self.web_ports]
        pending.append(f"{self.url}/livez")
        while pending:
            try:
                urllib.request.urlopen(pending[0], timeout=2)  # noqa: S310 - our own URL
                pending.pop(0)
                continue
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{pending[0]} did not answer within {timeout:.0f} s")
            time.sleep(0.3)

    def stop(self) -> None:
        if self.supervisor is not None:
            self.supervisor.stop()


def secret_key(path: Path) -> str:
    """The cluster's SECRET_KEY: generated once, kept in a git-ignored file readable by its
    owner only, the same for every instance (sessions and signed links cross them)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def cluster_env(base: dict, *, port: int, run_dir: Path) -> dict:
    """Production settings for plain http on this machine; what the environment already
    sets (DATABASE_URL, REDIS_URL, CACHE_URL, EMAIL_URL, the S3 buckets ...) is kept."""
    env = dict(base)
    env["DEBUG"] = "0"
    env.setdefault("SECRET_KEY", secret_key(run_dir / "secret_key"))
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    env.setdefault("SECURE_SSL_REDIRECT", "0")
    env.setdefault("SECURE_COOKIES", "0")
    env.setdefault("SECURE_HSTS_SECONDS", "0")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env.setdefault("CACHE_URL", "redis://127.0.0.1:6379/1")
    env.setdefault("EMAIL_URL", "consolemail://")
    env.setdefault("DEFAULT_FROM_EMAIL", "Health Portal <no-reply@localhost>")
    # haproxy appends the client's address to X-Forwarded-For; the portal trusts one hop.
    env.setdefault("TRUSTED_PROXY_COUNT", "1")
    # No web server serves the media folder here: the instances do, from the shared folder.
    env.setdefault("SERVE_MEDIA", "1")
    env.setdefault("WEB_CONCURRENCY", "2")
    env.setdefault("GUNICORN_THREADS", "4")
    return env


def _stop(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _stop)
    if not Path(HAPROXY).exists():
        print(
            "make cluster needs haproxy: apt-get install haproxy (Debian/Ubuntu)",
            file=sys.stderr,
        )
        return 1
    port = int(os.environ.get("CLUSTER_PORT", "8120"))
    run_dir = BASE_DIR / "data" / "cluster"
    env = os.environ.copy()
    if not env.get("DATABASE_URL"):
        from devtools.devdb import PGDATA, embedded_database_url

        env["DATABASE_URL"] = embedded_database_url()
        print(f"Database: embedded PostgreSQL, data in {PGDATA}")
    else:
        print("Database: DATABASE_URL")
    env = cluster_env(env, port=port, run_dir=run_dir)

    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["seed_demo", "--once", "--allow-production"],
    ):
        subprocess.run([*manage, *command], env=env, check=True, cwd=BASE_DIR)  # noqa: S603

    pgbouncer = None
    if env.get("CLUSTER_PGBOUNCER") == "1":
        if not Path(PGBOUNCER).exists():
            print("CLUSTER_PGBOUNCER=1 needs pgbouncer: apt-get install pgbouncer", file=sys.stderr)
            return 1
        import environ

        database = environ.Env.db_url_config(env["DATABASE_URL"])
        run_dir.mkdir(parents=True, exist_ok=True)
        pgbouncer = pgbouncer_config(database=database, port=port + 8, run_dir=run_dir)
        auth = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
        env["DATABASE_URL"] = f"postgres://{auth}@127.0.0.1:{port + 8}/{database['NAME']}"
        env["DB_DISABLE_SERVER_SIDE_CURSORS"] = "1"
        env["DB_PREPARED_STATEMENTS"] = "0"
        print(f"PgBouncer (transaction mode) at 127.0.0.1:{port + 8} in front of the database")
    cluster = Cluster(
        env,
        run_dir=run_dir,
        port=port,
        workers=int(env.get("CLUSTER_WORKERS", "3")),
        web=int(env.get("CLUSTER_WEB", "3")),
        worker_concurrency=int(env.get("CELERY_CONCURRENCY", "2")),
    )
    cluster.pgbouncer = pgbouncer
    try:
        cluster.start()
        cluster.wait_until_serving()
        print(
            f"\n  The portal is at {cluster.url}/  ({len(cluster.web_ports)} web instances on"
            f" ports {', '.join(map(str, cluster.web_ports))}; haproxy statistics at"
            f" http://127.0.0.1:{port + 9}/)\n  {cluster.workers} Celery workers, one beat."
            " Ctrl-C stops everything.\n",
            flush=True,
        )
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        print("Stopping the cluster ...", flush=True)
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
