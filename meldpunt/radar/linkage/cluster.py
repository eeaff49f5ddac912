"""Clustering pairwise links into people, without chaining different people together.

Plain transitive closure (connected components) merges A and C when A–B and B–C link, even when
A and C plainly differ: a record without a given name links to both of two twins, and the twins
become one "person". Here links are joined strongest first, and two groups are only joined when
no record of one clearly contradicts a record of the other (their own match probability under
`cannot_link`). Cluster ids are the smallest member id, so they do not depend on the order of
the work. Pure Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

#: Below this pairwise match probability two records may not end up in one cluster.
CANNOT_LINK = 0.05


def constrained_clusters(
    ids: Iterable[int],
    links: Iterable[tuple[int, int, float]],
    pair_probability: Callable[[int, int], float],
    *,
    cannot_link: float = CANNOT_LINK,
) -> dict[int, int]:
    """Map every id to its cluster id. `links` are (a, b, probability) above the threshold."""
    parent: dict[int, int] = {i: i for i in ids}
    members: dict[int, list[int]] = {i: [i] for i in parent}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, _ in sorted(links, key=lambda link: (-link[2], link[0], link[1])):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        group_a, group_b = members[ra], members[rb]
        if len(group_a) > 1 or len(group_b) > 1:
            conflict = any(
                pair_probability(x, y) < cannot_link
                for x in group_a
                for y in group_b
                if (x, y) != (a, b) and (y, x) != (a, b)
            )
            if conflict:
                continue
        if len(group_a) < len(group_b):
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra].extend(members.pop(rb))
    return {i: min(members[find(i)]) for i in parent}
