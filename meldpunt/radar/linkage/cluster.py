"""Clustering pairwise links into people, without chaining different people together.

Plain transitive closure (connected components) merges A and C when A–B and B–C link, even when
A and C plainly differ: a record without a given name links to both of two twins, and the twins
become one "person". Here links are joined strongest first, and two groups are only joined when
no record of one contradicts a record of the other (`contradicts(x, y)`: comparisons.contradicts,
an outright disagreement on given name, birth date, sex or BSN). Records that merely lack
evidence about each other (missing fields, a move) may still end up together through the
records between them. Cluster ids are the smallest member id, so they do not depend on the
order of the work. Pure Python.

The work is done per connected component of the links: a component of two records, or one in
which no two records contradict each other, is one cluster as it is (the strongest-first
joining would join it whole). Only components with a contradiction are joined link by link.
The contradictions of all components can be asked at once (`contradictions`: one SQL query in
batch.py) instead of pair by pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

Pair = tuple[int, int]

#: Components up to this size have every pair of their records checked at once; a larger one
#: (rare: a chain of weak links) is joined link by link, asking `contradicts` as it goes.
BULK_MAX = 60


def _find(parent: dict[int, int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def components(ids: Iterable[int], links: Iterable[tuple[int, int, float]]) -> dict[int, list[int]]:
    """Connected components of the links: root → members (ids without a link left out)."""
    parent: dict[int, int] = {}
    for a, b, _ in links:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in parent:
        groups[_find(parent, i)].append(i)
    return groups


def _strongest_first(
    links: list[tuple[int, int, float]], contradicts: Callable[[int, int], bool]
) -> dict[int, int]:
    parent: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    for a, b, _ in sorted(links, key=lambda link: (-link[2], link[0], link[1])):
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = _find(parent, a), _find(parent, b)
        if ra == rb:
            continue
        group_a, group_b = members.get(ra, [ra]), members.get(rb, [rb])
        if (len(group_a) > 1 or len(group_b) > 1) and any(
            contradicts(x, y)
            for x in group_a
            for y in group_b
            if (x, y) != (a, b) and (y, x) != (a, b)
        ):
            continue
        if len(group_a) < len(group_b):
            ra, rb, group_a, group_b = rb, ra, group_b, group_a
        parent[rb] = ra
        members[ra] = group_a + group_b
        members.pop(rb, None)
    roots: dict[int, int] = {}
    out = {}
    for i in parent:
        r = _find(parent, i)
        if r not in roots:
            roots[r] = min(members.get(r, [r]))
        out[i] = roots[r]
    return out


def constrained_clusters(
    ids: Iterable[int],
    links: Iterable[tuple[int, int, float]],
    contradicts: Callable[[int, int], bool],
    *,
    contradictions: Callable[[list[Pair]], set[Pair]] | None = None,
) -> dict[int, int]:
    """Map every id to its cluster id. `links` are (a, b, probability) above the threshold.
    `contradictions(pairs)`, when given, returns the contradicting ones of many (low, high)
    pairs at once; it must agree with `contradicts`."""
    links = list(links)
    out = {i: i for i in ids}
    groups = components(out, links)
    check = [
        (x, y)
        for members in groups.values()
        if 2 < len(members) <= BULK_MAX
        for i, x in enumerate(sorted(members))
        for y in sorted(members)[i + 1 :]
    ]
    if contradictions is not None:
        bad = contradictions(check)
    else:
        bad = {pair for pair in check if contradicts(*pair)}
    root_of = {i: root for root, members in groups.items() for i in members}
    troubled = {root_of[x] for x, _ in bad}
    troubled |= {root for root, members in groups.items() if len(members) > BULK_MAX}
    per_root: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for link in links:
        root = root_of[link[0]]
        if root in troubled:
            per_root[root].append(link)

    def known(x: int, y: int) -> bool:
        return (min(x, y), max(x, y)) in bad

    for root, members in groups.items():
        if root not in troubled:
            first = min(members)
            out.update(dict.fromkeys(members, first))
            continue
        check_pair = contradicts if len(members) > BULK_MAX else known
        out.update(_strongest_first(per_root[root], check_pair))
    return out
