"""Row visibility as one filter: who may see which files. Every selector starts from it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db.models import BooleanField, Expression, F, Q

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


def report_filter(user, *, prefix: str) -> Q:
    """The same files as `case_filter`, for rows that hang on a report (`prefix` is the path to
    a non-null Report foreign key, e.g. "report__" for a Term).

    Said the other way round: leave out the reports of the files the user may NOT see. Shielded
    files are rare, so that set is small: it is read once (once per request inside a request,
    `request_scope`) and sent as one array parameter, so the test needs no join from every row
    to its report and file, and no subquery that each query of a page runs again: counting
    30,000 open terms for the worklist stays an index scan (bench/bench_pages.py)."""
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not user.can(Right.VIEW_CASES)
    ):
        return Q(pk__in=[])
    hidden = hidden_report_ids(user)
    return Q(NotAmong(f"{prefix}id", hidden)) if hidden else Q()


_request_cache: ContextVar[dict | None] = ContextVar("visibility_request_cache", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    """Within it (one web or API request, `access.middleware.VisibilityMiddleware`), the hidden
    reports of a user are read once. Outside a request every call reads them afresh."""
    token = _request_cache.set({})
    try:
        yield
    finally:
        _request_cache.reset(token)


def hidden_report_ids(user) -> list[int]:
    """The ids of the reports in the files `user` may not see (see `hidden_cases`)."""
    cache = _request_cache.get()
    if cache is not None and user.pk in cache:
        return cache[user.pk]
    report = apps.get_model("registry", "Report")
    ids = list(report.objects.filter(case__in=hidden_cases(user)).values_list("pk", flat=True))
    if cache is not None:
        cache[user.pk] = ids
    return ids


class NotAmong(Expression):
    """`path NOT IN (ids)` as a filter, for a long list of hidden files or reports: one
    array parameter on PostgreSQL, so neither Django nor the driver handles thousands of
    parameters per query; a plain `NOT IN` elsewhere. NULL counts as not among them, as with
    `~Q(path__in=ids)`.

    On PostgreSQL the array is cast to bigint[] (the type of the id columns): psycopg sends a
    list of small ints as integer[], and bigint = ANY(integer[]) is a cross-type comparison that
    PostgreSQL cannot hash, so it compared every row with every element (12,000 open terms
    against 667 hidden reports: 26 ms; a year's reports at national size against 1,800 hidden
    files: 0.88 s). With the cast PostgreSQL 15 hashes the array once. `= ANY` rather than
    `IN (SELECT unnest(...))` (also hashed): a hashed SubPlan keeps the query out of parallel
    plans and is estimated to keep half the rows, which sent the KPIs' year queries to serial
    nested loops (8,568 open terms: 6 ms either way; 1.5 million terms: 0.25 s against 0.47 s)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, path: str, ids: list[int]):
        super().__init__()
        self.column = F(path)
        self.ids = list(ids)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            among, ids = f"{column} = ANY(%s::bigint[])", [self.ids]
        else:
            among, ids = f"{column} IN ({', '.join(['%s'] * len(self.ids))})", self.ids
        if getattr(getattr(self.column, "target", None), "null", True):
            among = f"{among} AND {column} IS NOT NULL"
        return f"NOT ({among})", [*params, *ids]


def hidden_cases(user, *, emergency_access: bool = True):
    """The shielded files `user` may not see (a subquery): not named on them, and no running
    emergency access. Counting (insight.scope) asks with `emergency_access=False`: figures do
    not change while someone breaks the glass on one file."""
    case = apps.get_model("registry", "Case")
    named = case.shielded_for.through.objects.filter(user_id=user.pk).values("case_id")
    hidden = case.objects.filter(shielded=True).exclude(pk__in=named)
    if emergency_access and user.can(Right.BREAK_GLASS):
        from meldpunt.access.emergency import active_case_ids

        hidden = hidden.exclude(pk__in=active_case_ids(user))
    return hidden.values("pk")


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


def address_of(user, person, *, in_results: bool = False) -> dict[str, str]:
    """The address fields as `user` may see them. In search results (`in_results`) a
    confidential address is hidden from everyone: it is read on the person's own page, where
    the read is audited, never found in a list."""
    if may_see_address(user, person) and not (in_results and person.confidential_address):
        return {f: getattr(person, f) for f in ADDRESS_FIELDS}
    return {f: HIDDEN if getattr(person, f) else "" for f in ADDRESS_FIELDS}


#: The audit event of a read of a confidential address (besides the page's own entry), so the
#: privacy officer can list exactly who saw where someone in hiding lives.
CONFIDENTIAL_ADDRESS_READ = "person.confidential_address.viewed"


def confidential_addresses_shown(user, people) -> list[int]:
    """The ids of the people among `people` whose confidential address `user` is shown."""
    return [p.pk for p in people if p.confidential_address and may_see_address(user, p)]
