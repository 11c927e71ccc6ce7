"""`make benchmark` end to end at a tiny size, so it cannot silently break again: gunicorn
with production settings, its own Redis, the data set, every page type driven over HTTP
(wrk, or the Python load generator where wrk is missing), the email timing."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from devtools.benchmark import WRK
from tests.conftest import skip_or_fail

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
ROW = re.compile(
    r"^\| (?P<page>[^|]+?) \| (?P<mode>[^|]+?) \| (?P<rps>[\d,.]+) \| (?P<p50>[\d.]+) \|"
)


def test_benchmark_smoke_run_prints_a_row_per_page_type(tmp_path):
    if not shutil.which("redis-server"):
        skip_or_fail("redis-server is not installed")
    database = f"{settings.DATABASES['default']['NAME']}_bench_smoke"
    output = tmp_path / "results.md"
    result = subprocess.run(
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
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
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
