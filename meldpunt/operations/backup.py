"""Backup and restore with the database's own tools: SQLite's online backup API (a consistent
copy while the app runs) and pg_dump/pg_restore for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

from meldpunt.errors import DomainError


def _db(alias: str = "default") -> dict:
    return connections[alias].settings_dict


def _pg_env(settings: dict) -> dict[str, str]:
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return env


def _pg_args(settings: dict) -> list[str]:
    args = []
    if settings.get("HOST"):
        args += ["-h", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["-p", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["-U", str(settings["USER"])]
    return args


def backup(target: Path, *, alias: str = "default") -> Path:
    """Write a consistent copy of the database to `target`."""
    settings = _db(alias)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if settings["ENGINE"].endswith("sqlite3"):
        connection = connections[alias]
        connection.ensure_connection()
        with sqlite3.connect(partial) as out:
            connection.connection.backup(out)
        out.close()
    elif settings["ENGINE"].endswith("postgresql"):
        if shutil.which("pg_dump") is None:
            raise DomainError("pg_dump is niet geïnstalleerd (Debian-pakket postgresql-client).")
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(partial),
                *_pg_args(settings),
                str(settings["NAME"]),
            ],
            check=True,
            env=_pg_env(settings),
            capture_output=True,
        )
    else:
        raise DomainError(f"Geen back-up mogelijk voor database {settings['ENGINE']}.")
    partial.replace(target)  # only a complete backup gets the final name
    return target


def restore(source: Path, *, alias: str = "default") -> None:
    """Replace the database's contents with the backup in `source`."""
    if not source.exists():
        raise DomainError(f"Back-upbestand niet gevonden: {source}")
    settings = _db(alias)
    connection = connections[alias]
    if settings["ENGINE"].endswith("sqlite3"):
        with open(source, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise DomainError("Dit is geen SQLite-back-up van Meldpunt.")
        connection.ensure_connection()
        with sqlite3.connect(source) as backup_db:
            backup_db.backup(connection.connection)
        backup_db.close()
    elif settings["ENGINE"].endswith("postgresql"):
        with open(source, "rb") as fh:
            if fh.read(5) != b"PGDMP":
                raise DomainError("Dit is geen PostgreSQL-back-up (pg_dump --format=custom).")
        connection.close()
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                str(settings["NAME"]),
                *_pg_args(settings),
                str(source),
            ],
            check=True,
            env=_pg_env(settings),
            capture_output=True,
        )
    else:
        raise DomainError(f"Geen herstel mogelijk voor database {settings['ENGINE']}.")
