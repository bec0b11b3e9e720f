"""Start the embedded PostgreSQL server used when DATABASE_URL is not set."""

import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

DATABASE_NAME = "newsroom"


def embedded_database(data_dir: Path) -> dict:
    """Start (or reuse) a PostgreSQL server under data_dir; return Django settings."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset, which is harmless here.
        warnings.simplefilter("ignore")
        import pgserver

        # cleanup_mode=None keeps the server running between manage.py commands,
        # so `migrate`, `load_demo` and `runserver` (and its reloader) share it.
        server = pgserver.get_server(data_dir, cleanup_mode=None)
    uri = urlparse(server.get_uri())
    exists = server.psql(
        f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"
    )
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    # The port too: the socket's name has it, and a PGPORT in the environment
    # of whoever started the server may differ from this process's.
    port = server.get_postmaster_info().port
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": uri.username or "postgres",
        "HOST": parse_qs(uri.query)["host"][0],
        "PORT": str(port) if port else "",
    }
