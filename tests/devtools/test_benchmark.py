"""`make benchmark` end to end at a tiny size, so it cannot silently break again: gunicorn
with production settings, its own Redis, the data set, every page type driven over HTTP
(wrk, or the Python load generator where wrk is missing), the email timing."""

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from devtools.benchmark import WRK
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.long_file

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PAGE_TYPES = [
    "home",
    "question page",
    "article page",
    "/questions/",
    "/hospitals/",
    "cost page",
    "doctor profile",
    "blog index",
    "deep list page",
    "search",
    "doctor dashboard",
    "doctor dashboard, answers tab",
]


def stop_group(process: subprocess.Popen) -> None:
    """Nothing of the benchmark's process group left running: SIGTERM while the benchmark
    runs (it stops what it started), then SIGKILL to whatever of the group is left."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return  # the group is empty: everything stopped
    process.wait()


def listing(folder: Path) -> dict[str, int]:
    """Every file under folder with its modification time (empty if there is none)."""
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


ROW = re.compile(
    r"^\| (?P<page>[^|]+?) \| (?P<mode>[^|]+?) \| (?P<rps>[\d,.]+) \| (?P<p50>[\d.]+) \|"
)


def test_benchmark_smoke_run_prints_a_row_per_page_type(tmp_path):
    if not shutil.which("redis-server"):
        skip_or_fail("redis-server is not installed")
    database = f"{settings.DATABASES['default']['NAME']}_bench_smoke"
    checkout_static = BASE_DIR / "staticfiles"
    static_before = listing(checkout_static)
    output = tmp_path / "results.md"
    # A session of its own: on a timeout the whole group goes (the benchmark, its manage.py
    # and wrk), after SIGTERM has let the benchmark stop gunicorn, Redis and the worker,
    # which it starts in groups of their own.
    run = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "devtools.benchmark",
            "--size",
            "200",
            "--seconds",
            "1",
            "--emails",
            "3",
            "--database",
            database,
            "--output",
            str(output),
        ],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"]},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = run.communicate(timeout=240)
    finally:
        stop_group(run)
    result = subprocess.CompletedProcess(run.args, run.returncode, stdout, stderr)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    if not WRK:
        assert "using the Python load generator" in result.stdout

    table = output.read_text()
    rows = [m.groupdict() for line in table.splitlines() if (m := ROW.match(line))]
    for page in PAGE_TYPES:
        mine = [r for r in rows if r["page"].split(" (of")[0] == page]
        assert mine, f"no row for {page}:\n{table}"
        for row in mine:
            assert float(row["rps"].replace(",", "")) > 0, row
            assert float(row["p50"]) > 0, row
    modes = {r["mode"] for r in rows}
    assert {"cold", "warm", "signed in"} <= modes
    assert re.search(r"email at the SMTP sink \(3 answers.*p95 \d+ ms", table), table
    # It collects static files into a folder of its own: writing the checkout's
    # staticfiles/ raced WhiteNoise reading it in tests beside this one.
    assert listing(checkout_static) == static_before
