"""Row visibility as one filter: who may see which files. Every selector starts from it."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from meldpunt.access.roles import Right


def case_filter(user, *, prefix: str) -> Q:
    """The Q object that keeps only the files `user` may see.

    `prefix` is the path from the queried model to its Case ("" for Case, "case__" for Report).
    Shielded files are visible only to the users named on them, and to a crisis-team member
    during an emergency access (break the glass); subqueries (not joins) keep rows from being
    repeated.
    """
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not user.can(Right.VIEW_CASES)
    ):
        return Q(pk__in=[])
    through = apps.get_model("registry", "Case").shielded_for.through
    named = through.objects.filter(user_id=user.pk).values("case_id")
    visible = Q(**{f"{prefix}shielded": False}) | Q(**{f"{prefix}id__in": named})
    if user.can(Right.BREAK_GLASS):
        from meldpunt.access.emergency import active_case_ids

        visible |= Q(**{f"{prefix}id__in": active_case_ids(user)})
    return visible


def may_see_reporter(user, reporter) -> bool:
    """An anonymous reporter's identity is known to Veilig Thuis only: to the roles that need it
    for contact and feedback."""
    return not reporter.anonymous or user.can(Right.VIEW_ANONYMOUS_REPORTER)


def may_see_address(user, person) -> bool:
    """A confidential address (shelter, a victim in hiding) is shown only to those who need it;
    it is never printed in letters or exports, nor used as a search result for others."""
    return not person.confidential_address or user.can(Right.VIEW_CONFIDENTIAL_ADDRESS)


HIDDEN = "(afgeschermd)"
ADDRESS_FIELDS = ("street", "house_number", "postcode", "city")


def address_of(user, person) -> dict[str, str]:
    """The address fields as `user` may see them."""
    if may_see_address(user, person):
        return {f: getattr(person, f) for f in ADDRESS_FIELDS}
    return {f: HIDDEN if getattr(person, f) else "" for f in ADDRESS_FIELDS}
