"""The test database as a `DATABASE_URL`, for the subprocesses the operations tests start (a
killed generator or import, the load test's gunicorn): they must open the same database."""

from __future__ import annotations

from django.db import connection


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
