"""Norms of the year plan and their evaluation. Pure: no Django imports.

Kinds: at least a number (80 %), a range (95-100 %), an upper bound (<= 5 a year), a volume
target (4,600 reports: on track within ±10 %), yes/no (certificate maintained) and text
(progress report: on track as the owner judges it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

VOLUME_TOLERANCE = 0.10


class NormKind(StrEnum):
    AT_LEAST = "at_least"
    RANGE = "range"
    AT_MOST = "at_most"
    VOLUME = "volume"
    YES_NO = "yes_no"
    TEXT = "text"


class Status(StrEnum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    MISSING = "missing"


@dataclass(frozen=True)
class Norm:
    kind: NormKind
    low: float | None = None
    high: float | None = None
    text: str = ""

    def __str__(self) -> str:
        fmt = _fmt
        if self.kind is NormKind.AT_LEAST:
            return f"≥ {fmt(self.low)}"
        if self.kind is NormKind.RANGE:
            return f"{fmt(self.low)}–{fmt(self.high)}"
        if self.kind is NormKind.AT_MOST:
            return f"≤ {fmt(self.high)}"
        if self.kind is NormKind.VOLUME:
            return f"{fmt(self.low)} (±{int(VOLUME_TOLERANCE * 100)}%)"
        return self.text or ("ja" if self.kind is NormKind.YES_NO else "voortgang")


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:g}".replace(".", ",")


_NUMBER = r"-?\d+(?:[.,]\d+)?"


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def parse(text: str, *, volume: bool = False) -> Norm:
    """Read a norm as the plans write it: '80', '95-100', '<=6.5', '< 5', a text."""
    t = (text or "").strip()
    if not t:
        raise ValueError("Een norm mag niet leeg zijn.")
    if m := re.fullmatch(rf"(?:<=|≤|<)\s*({_NUMBER})", t):
        return Norm(NormKind.AT_MOST, high=_num(m.group(1)))
    if m := re.fullmatch(rf"(?:>=|≥|>)\s*({_NUMBER})", t):
        return Norm(NormKind.AT_LEAST, low=_num(m.group(1)))
    if m := re.fullmatch(rf"({_NUMBER})\s*[-–]\s*({_NUMBER})", t):
        low, high = _num(m.group(1)), _num(m.group(2))
        if low > high:
            raise ValueError(f"Het bereik '{t}' loopt van hoog naar laag.")
        return Norm(NormKind.RANGE, low=low, high=high)
    if re.fullmatch(_NUMBER, t):
        return Norm(NormKind.VOLUME if volume else NormKind.AT_LEAST, low=_num(t))
    return Norm(NormKind.YES_NO, text=t)


def evaluate(
    norm: Norm, value: float | bool | str | None, *, judged_on_track: bool | None = None
) -> Status:
    """on_track / off_track for a delivered value; missing when nothing was delivered."""
    if value is None or value == "":
        return Status.MISSING
    if norm.kind is NormKind.TEXT:
        if judged_on_track is None:
            return Status.MISSING
        return Status.ON_TRACK if judged_on_track else Status.OFF_TRACK
    if norm.kind is NormKind.YES_NO:
        return Status.ON_TRACK if value is True else Status.OFF_TRACK
    if isinstance(value, bool | str):
        raise TypeError("a numeric norm needs a number")
    ok = {
        NormKind.AT_LEAST: lambda v: v >= norm.low,
        NormKind.AT_MOST: lambda v: v <= norm.high,
        NormKind.RANGE: lambda v: norm.low <= v <= norm.high,
        NormKind.VOLUME: lambda v: abs(v - norm.low) <= VOLUME_TOLERANCE * norm.low,
    }[norm.kind](float(value))
    return Status.ON_TRACK if ok else Status.OFF_TRACK
