"""What the policy-analysis commands share: reading input files and writing the output."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.core.management.base import CommandError


def read_text(path: Path, *, what: str) -> str:
    if not path.is_file():
        raise CommandError(f"{what} niet gevonden: {path}")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise CommandError(f"{what} is geen UTF-8-tekst: {path}") from err


def write(command, text: str | bytes, output: Path | None) -> None:
    if output is None:
        command.stdout.write(text if isinstance(text, str) else text.decode(), ending="")
        return
    try:
        if isinstance(text, bytes):
            output.write_bytes(text)
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as err:
        raise CommandError(f"Kan niet schrijven naar {output}: {err.strerror}") from err


def non_negative(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{raw}' is geen getal") from None
    if value < 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"'{raw}' moet 0 of meer zijn")
    return value


def positive(raw: str) -> float:
    value = non_negative(raw)
    if value == 0:
        raise argparse.ArgumentTypeError("moet groter dan 0 zijn")
    return value


def year(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{raw}' is geen jaartal") from None
    if not 1990 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"{value} ligt buiten 1990-2100")
    return value
