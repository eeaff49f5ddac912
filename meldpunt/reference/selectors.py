from __future__ import annotations

from meldpunt.reference.models import District, Municipality, WorkArea


def work_area_for(municipality: Municipality, district: District | None) -> WorkArea | None:
    """The work area a report belongs to: the district's when the municipality is split."""
    if district is not None:
        return district.work_area
    return municipality.work_area
