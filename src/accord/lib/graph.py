"""The graph core of the landscape's power analysis: pure functions over integer nodes and
weighted edges, built on rustworkx (with numpy where rustworkx has no fast path). No Django and
no models: the pages, the API and the benchmark call exactly these, and they can be checked
against networkx on random graphs.

An influence edge `u → v` with weight `w` (1 weak … 3 strong) means u has sway over v. For
distances a tie "costs" 4 − strength (a strong tie is one unit, a weak one three), so the best
path to a target prefers strong ties and few steps. Which kinds of tie carry influence, and which
way, is the landscape's business (`accord.landscape.analytics.INFLUENCE_DIRECTIONS`), not this
module's.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import rustworkx as rx

MAX_STRENGTH = 3
PAGERANK_ALPHA = 0.85
PAGERANK_TOL = 1e-8


def tie_cost(strength: float) -> float:
    """The length of one step along a tie: strong ties are short."""
    return float(MAX_STRENGTH + 1) - float(strength)


@dataclass
class InfluenceGraph:
    """Nodes 0..n-1 and the influence edges reversed (influenced → influencer).

    Stored reversed because every question asked of it runs against the flow of influence:
    PageRank on the reversed graph rewards those who influence the influential, and a search
    from a target over reversed edges finds everyone who can reach it.
    """

    n: int
    rev: rx.PyDiGraph
    # The same reversed edges as arrays, in compressed sparse row form (for sampled betweenness).
    indptr: np.ndarray
    indices: np.ndarray
    costs: np.ndarray  # tie_cost of each edge in `indices`

    @classmethod
    def from_edges(cls, n: int, sources: np.ndarray, targets: np.ndarray, weights: np.ndarray) -> InfluenceGraph:
        """`sources[i]` influences `targets[i]` with `weights[i]`; duplicates are merged (the
        strongest wins) and self-loops dropped."""
        sources = np.asarray(sources, dtype=np.int64)
        targets = np.asarray(targets, dtype=np.int64)
        weights = np.asarray(weights, dtype=np.float64)
        keep = sources != targets
        sources, targets, weights = sources[keep], targets[keep], weights[keep]
        # Reversed edge u=target → v=source; merge duplicates keeping the largest weight.
        key = targets * n + sources
        order = np.lexsort((-weights, key))
        key, weights = key[order], weights[order]
        first = np.ones(key.size, dtype=bool)
        first[1:] = key[1:] != key[:-1]
        key, weights = key[first], weights[first]
        u, v = key // n, key % n
        rev = rx.PyDiGraph(multigraph=False)
        rev.add_nodes_from(range(n))
        rev.extend_from_weighted_edge_list(list(zip(u.tolist(), v.tolist(), weights.tolist(), strict=True)))
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(u, minlength=n), out=indptr[1:])
        # key-sorted, so v is grouped by u
        return cls(n=n, rev=rev, indptr=indptr, indices=v, costs=float(MAX_STRENGTH + 1) - weights)


def influence_ranking(graph: InfluenceGraph) -> list[float]:
    """Weighted PageRank over the reversed influence graph, one score per node (sums to 1).

    A stakeholder ranks high when it holds strong ties over stakeholders who themselves rank
    high: influence over the influential counts more than influence over many bystanders.
    """
    if graph.n == 0:
        return []
    scores = rx.pagerank(graph.rev, alpha=PAGERANK_ALPHA, weight_fn=float, tol=PAGERANK_TOL, max_iter=1000)
    return [float(scores[i]) for i in range(graph.n)]


def reach_lengths(graph: InfluenceGraph, target: int) -> dict[int, float]:
    """The cost of the best path from every node that can reach `target` (target excluded)."""
    dist = reach_array(graph, target)
    found = np.flatnonzero(np.isfinite(dist))
    found = found[found != target]
    return dict(zip(found.tolist(), dist[found].tolist(), strict=True))


def reach_array(graph: InfluenceGraph, target: int) -> np.ndarray:
    """Best path costs to `target` for all nodes (inf where unreachable), by Dial's bucket
    version of Dijkstra: tie costs are the small integers 1..3, so nodes are settled one cost
    level at a time with whole-array operations. rustworkx's Dijkstra calls a Python function
    for every edge, which dominates on large graphs; this does not."""
    n, indptr, indices, costs = graph.n, graph.indptr, graph.indices, graph.costs
    dist = np.full(n, np.inf)
    dist[target] = 0.0
    settled = np.zeros(n, dtype=bool)
    level = 0
    top = 0.0  # the largest tentative distance so far: no node can be waiting beyond it
    while level <= top:
        frontier = np.flatnonzero((dist == level) & ~settled)
        level += 1
        if frontier.size == 0:
            continue
        settled[frontier] = True
        starts, counts = indptr[frontier], indptr[frontier + 1] - indptr[frontier]
        m = int(counts.sum())
        if m == 0:
            continue
        edge = np.arange(m) + np.repeat(starts - (np.cumsum(counts) - counts), counts)
        nbr, cand = indices[edge], np.repeat(dist[frontier], counts) + costs[edge]
        np.minimum.at(dist, nbr, cand)
        top = max(top, float(cand.max()))
    return dist


def reach_paths(graph: InfluenceGraph, target: int) -> dict[int, list[int]]:
    """The best path from every node that can reach `target`, as nodes from that node to it."""
    paths = rx.digraph_dijkstra_shortest_paths(graph.rev, target, target=None, weight_fn=tie_cost)
    return {int(k): [int(x) for x in reversed(list(p))] for k, p in paths.items()}


def step_counts(graph: InfluenceGraph, target: int, *, cutoff: int) -> dict[int, int]:
    """How many ties separate each node from `target`, for nodes at most `cutoff` steps away."""
    seen = {target: 0}
    frontier = [target]
    for step in range(1, cutoff + 1):
        nxt = []
        for node in frontier:
            for succ in graph.rev.successor_indices(node):
                if succ not in seen:
                    seen[succ] = step
                    nxt.append(succ)
        frontier = nxt
    del seen[target]
    return seen


def betweenness(graph: InfluenceGraph, *, pivots: int | None = None, seed: int = 0) -> tuple[list[float], bool]:
    """Normalised betweenness centrality of every node over shortest influence paths (counted in
    steps), and whether it was estimated.

    Exact (rustworkx) when `pivots` is None or covers every node. Otherwise Brandes' estimate:
    the dependencies of `pivots` source nodes drawn with `seed`, scaled by n / pivots. rustworkx
    has no sampling option, so the sampled version runs Brandes' accumulation here, level by
    level over the compressed edge arrays (numpy, no Python loop per edge).
    """
    n = graph.n
    if n < 3:
        return [0.0] * n, False
    if pivots is None or pivots >= n:
        exact = rx.digraph_betweenness_centrality(graph.rev, normalized=True)
        return [float(exact[i]) for i in range(n)], False
    sources = random.Random(seed).sample(range(n), pivots)
    raw = dependencies(graph, sources)
    scale = (n / pivots) / ((n - 1) * (n - 2))
    return (raw * scale).tolist(), True


def dependencies(graph: InfluenceGraph, sources: Iterable[int]) -> np.ndarray:
    """Σ over `sources` of Brandes' dependency δ_s(v) (unnormalised, endpoints excluded)."""
    n, indptr, indices = graph.n, graph.indptr, graph.indices
    total = np.zeros(n, dtype=np.float64)
    for s in sources:
        dist = np.full(n, -1, dtype=np.int64)
        sigma = np.zeros(n, dtype=np.float64)
        dist[s], sigma[s] = 0, 1.0
        frontier = np.array([s], dtype=np.int64)
        levels: list[tuple[np.ndarray, np.ndarray]] = []
        depth = 0
        while frontier.size:
            starts, counts = indptr[frontier], indptr[frontier + 1] - indptr[frontier]
            m = int(counts.sum())
            if m == 0:
                break
            offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts)
            nbr = indices[np.arange(m) + offsets]
            src = np.repeat(frontier, counts)
            fresh = nbr[dist[nbr] < 0]
            dist[fresh] = depth + 1
            on_dag = dist[nbr] == depth + 1
            u, v = src[on_dag], nbr[on_dag]
            sigma += np.bincount(v, weights=sigma[u], minlength=n)
            levels.append((u, v))
            frontier = np.unique(fresh)
            depth += 1
        delta = np.zeros(n, dtype=np.float64)
        for u, v in reversed(levels):
            delta += np.bincount(u, weights=sigma[u] / sigma[v] * (1.0 + delta[v]), minlength=n)
        delta[s] = 0.0
        total += delta
    return total


# --- Layout -------------------------------------------------------------------------------------


def layout(ids: Sequence[int], edges: Iterable[tuple[int, int]]) -> dict[int, list[float]]:
    """Positions in [0, 1]² for every id, from a force layout over the undirected `edges` (pairs
    of ids; pairs naming an unknown id are ignored). Fixed seed, so the same network always gets
    the same picture."""
    index = {pk: i for i, pk in enumerate(ids)}
    g = rx.PyGraph(multigraph=False)
    g.add_nodes_from(list(ids))
    for a, b in edges:
        if a in index and b in index:
            g.add_edge(index[a], index[b], None)
    if not ids:
        return {}
    if len(ids) == 1:
        return {ids[0]: [0.5, 0.5]}
    return packed_layout(g)


def packed_layout(g: rx.PyGraph) -> dict[int, list[float]]:
    """Lay out each connected group on its own, then pack the groups side by side, largest
    first, with lone stakeholders in rows underneath. A single force layout of the whole
    network flings small groups to the edges and shrinks the main one to a dot."""
    groups = sorted((sorted(c) for c in rx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    connected = [c for c in groups if len(c) > 1]
    lone = [g[c[0]] for c in groups if len(c) == 1]  # payloads (stakeholder ids), not indices
    placed: dict[int, tuple[float, float]] = {}
    # Each group gets a square box whose side grows with the square root of its size.
    boxes = [(c, math.sqrt(len(c))) for c in connected]
    total_area = sum(side * side for _c, side in boxes)
    row_width = max([side for _c, side in boxes] + [math.sqrt(total_area) * 1.3, 1.0])
    x = y = row_height = 0.0
    gap = 0.6
    for nodes, side in boxes:
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        sub = g.subgraph(nodes)
        pos = rx.spring_layout(sub, seed=1729, num_iter=200 if len(nodes) <= 2000 else 50)
        xs = [pos[i][0] for i in sub.node_indices()]
        ys = [pos[i][1] for i in sub.node_indices()]
        x0, y0 = min(xs), min(ys)
        w, h = (max(xs) - x0) or 1.0, (max(ys) - y0) or 1.0
        for i in sub.node_indices():
            placed[sub[i]] = (x + (pos[i][0] - x0) / w * side, y + (pos[i][1] - y0) / h * side)
        x += side + gap
        row_height = max(row_height, side)
    # Lone stakeholders: a grid under the groups, one unit apart.
    top = y + row_height + (gap if connected else 0.0)
    per_row = max(1, int(row_width))
    for n, pk in enumerate(lone):
        placed[pk] = ((n % per_row) + 0.5, top + (n // per_row))
    xs = [p[0] for p in placed.values()]
    ys = [p[1] for p in placed.values()]
    x0, y0 = min(xs), min(ys)
    w, h = (max(xs) - x0) or 1.0, (max(ys) - y0) or 1.0
    return {pk: [round((px - x0) / w, 4), round((py - y0) / h, 4)] for pk, (px, py) in placed.items()}
