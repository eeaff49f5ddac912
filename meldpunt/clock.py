"""The one clock. Tests move it with time-machine; nothing else calls datetime.now()."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate(timezone.now())


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)
