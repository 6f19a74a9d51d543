"""Union-find and connected components of reports joined by shared identifiers, checked against
a plain breadth-first search on random graphs."""

from __future__ import annotations

from collections import defaultdict, deque

from hypothesis import given, settings
from hypothesis import strategies as st

from qorgau.link.graph import KeyedUnionFind, UnionFind, components


def bfs_components(rows: list[list[str]]) -> list[int]:
    """The reference: label each report with the first report of its component."""
    by_ident: dict[str, list[int]] = defaultdict(list)
    for r, idents in enumerate(rows):
        for i in idents:
            by_ident[i].append(r)
    label = [-1] * len(rows)
    for start in range(len(rows)):
        if label[start] != -1:
            continue
        label[start] = start
        queue = deque([start])
        while queue:
            r = queue.popleft()
            for i in rows[r]:
                for other in by_ident[i]:
                    if label[other] == -1:
                        label[other] = start
                        queue.append(other)
    return label


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from([f"phone:{i}" for i in range(30)]), max_size=4),
                max_size=60))
def test_components_match_breadth_first_search(rows):
    assert components(rows) == bfs_components(rows)


def test_components_chain_and_singletons():
    rows = [["card:1"], ["phone:a"], ["card:1", "phone:b"], ["phone:b", "phone:a"], [], ["x"]]
    assert components(rows) == [0, 0, 0, 0, 4, 5]


def test_union_find_sizes_and_labels():
    uf = UnionFind(5)
    assert uf.union(3, 4) == uf.find(4)
    uf.union(0, 3)
    assert uf.find(0) == uf.find(4)
    assert uf.labels() == [0, 1, 2, 0, 0]
    assert uf.add() == 5 and len(uf) == 6
    assert uf.labels()[5] == 5


def test_union_find_handles_long_chains():
    n = 200_000
    uf = UnionFind(n)
    for i in range(1, n):
        uf.union(i - 1, i)
    labels = uf.labels()
    assert labels[0] == labels[-1] == 0


def test_keyed_union_find_groups_in_first_seen_order():
    kuf = KeyedUnionFind()
    kuf.union(("r", 1), ("g", 7))
    kuf.node(("r", 2))
    kuf.union(("r", 3), ("g", 7))
    groups = sorted(kuf.groups(), key=len)
    assert groups == [[("r", 2)], [("r", 1), ("g", 7), ("r", 3)]]
