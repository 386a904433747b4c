"""Drop the PostgreSQL connection of a request in the middle of it, from another
connection (`pg_terminate_backend`), as a failover or a network cut would."""

import contextlib
import re

import psycopg
from django.db import connection
from django.db.backends.signals import connection_created


def _dsn() -> str:
    db = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"],
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
    )


def terminate(pid: int) -> None:
    with psycopg.connect(_dsn(), autocommit=True) as killer:
        killer.execute("SELECT pg_terminate_backend(%s)", [pid])


class DropAfter:
    """Execute wrapper: after the `count`-th statement matching `pattern` succeeded, the
    connection that ran it is terminated; what follows in the request fails."""

    def __init__(self, pattern: str, count: int = 1):
        self.pattern = re.compile(pattern, re.I)
        self.count = count
        self.seen = 0
        self.dropped = False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not self.dropped and self.pattern.search(sql):
            self.seen += 1
            if self.seen >= self.count:
                self.dropped = True
                terminate(context["connection"].connection.info.backend_pid)
        return result


@contextlib.contextmanager
def drop_connection_after(pattern: str, count: int = 1):
    """Arm the dropper on the current connection and on every new one (the next request
    opens its own with CONN_MAX_AGE=0)."""
    dropper = DropAfter(pattern, count)
    wrappers = []

    def arm(sender, connection, **kwargs):
        manager = connection.execute_wrapper(dropper)
        manager.__enter__()
        wrappers.append(manager)

    connection_created.connect(arm, weak=False)
    current = connection.execute_wrapper(dropper)
    current.__enter__()
    try:
        yield dropper
    finally:
        connection_created.disconnect(arm)
        current.__exit__(None, None, None)
        for manager in wrappers:
            with contextlib.suppress(Exception):
                manager.__exit__(None, None, None)
