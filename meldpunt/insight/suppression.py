"""Small-number suppression for everything that goes to municipalities or the public.

Counts from 1 to 4 are shown as "<5" so that no one can be recognised from a small number; 0
stays 0. A share or rate is withheld when the count above or below the line is 1 to 4 (31 of 32
on time reveals the one who was late). Within a breakdown whose total is shown, one suppressed
cell could be worked out by subtracting the others from the total, so a second cell (the next
smallest) is suppressed as well. Pure: no Django imports.
"""

from __future__ import annotations

from collections.abc import Iterable

SMALL = "<5"
THRESHOLD = 5


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < THRESHOLD


def count(value: int | None) -> int | str | None:
    """A count as it may be shown: "<5" for 1 to 4."""
    return SMALL if is_small(value) else value


def share_is_safe(numerator: int | None, denominator: int | None) -> bool:
    """A share may be shown when neither the count above nor the one below the line is small."""
    if numerator is None or denominator is None:
        return True
    return not (is_small(numerator) or is_small(denominator - numerator))


def cells_to_suppress(counts: Iterable[int]) -> set[int]:
    """Indexes of the cells of one breakdown to suppress: the small ones, plus the next smallest
    non-zero cell when only one would otherwise be hidden (secondary suppression)."""
    values = list(counts)
    hidden = {i for i, v in enumerate(values) if is_small(v)}
    if len(hidden) == 1:
        candidates = sorted((v, i) for i, v in enumerate(values) if v > 0 and i not in hidden)
        if candidates:
            hidden.add(candidates[0][1])
    return hidden
