"""Row visibility as one filter: who may see which files. Every selector starts from it."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from meldpunt.access.roles import Right


def case_filter(user, *, prefix: str) -> Q:
    """The Q object that keeps only the files `user` may see.

    `prefix` is the path from the queried model to its Case ("" for Case, "case__" for Report).
    Shielded files are visible only to the users named on them; a subquery (not a join) keeps
    rows from being repeated.
    """
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not user.can(Right.VIEW_CASES)
    ):
        return Q(pk__in=[])
    through = apps.get_model("registry", "Case").shielded_for.through
    named = through.objects.filter(user_id=user.pk).values("case_id")
    return Q(**{f"{prefix}shielded": False}) | Q(**{f"{prefix}id__in": named})
