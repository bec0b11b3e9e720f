"""CPU time of the processes serving a benchmark, read from /proc (Linux).

Requests per second swing with whatever else the machine runs; the CPU time a
request costs the app's workers and their PostgreSQL backends holds steadier.
"""

import os
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """Return the user + system CPU seconds the processes have used so far."""
    ticks = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue  # Gone: its time is lost, so sample only long-lived ones.
        # The command name (field 2) may hold spaces; fields after it are plain.
        fields = stat.rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / TICKS_PER_SECOND


def children(pid: int) -> list[int]:
    """Return the child processes of a process (a server's workers)."""
    pids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            pids += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


def database_backends(server_url: str, database: str) -> list[int]:
    """Return the PostgreSQL backends connected to the database (not this one)."""
    import psycopg2

    connection = psycopg2.connect(f"{server_url}/{database}")
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                [database],
            )
            return [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()
