"""The rustworkx graph core agrees with networkx (the reference implementation) on small random
graphs: PageRank, reachable sets and path lengths, exact and sampled betweenness."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import numpy as np
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from accord.lib import graph

SEEDS = range(12)


def random_graph(seed: int) -> tuple[graph.InfluenceGraph, nx.DiGraph]:
    """The same graph for both libraries. networkx gets the reversed edges (influenced →
    influencer) the core stores, duplicates merged keeping the strongest, like the core."""
    rng = random.Random(seed)
    n = rng.randint(2, 40)
    m = rng.randint(0, n * 4)
    src = [rng.randrange(n) for _ in range(m)]
    dst = [rng.randrange(n) for _ in range(m)]
    w = [float(rng.randint(1, 3)) for _ in range(m)]
    core = graph.InfluenceGraph.from_edges(n, np.array(src), np.array(dst), np.array(w))
    ref = nx.DiGraph()
    ref.add_nodes_from(range(n))
    for a, b, weight in zip(src, dst, w, strict=True):
        if a == b:
            continue
        if ref.has_edge(b, a):
            ref[b][a]["weight"] = max(ref[b][a]["weight"], weight)
        else:
            ref.add_edge(b, a, weight=weight, cost=graph.tie_cost(weight))
        ref[b][a]["cost"] = graph.tie_cost(ref[b][a]["weight"])
    return core, ref


@pytest.mark.parametrize("seed", SEEDS)
def test_pagerank_matches_networkx(seed: int) -> None:
    core, ref = random_graph(seed)
    ours = graph.influence_ranking(core)
    # networkx's pure-Python PageRank (its default one needs scipy, which Accord does not install).
    theirs = _pagerank_python(ref, alpha=graph.PAGERANK_ALPHA, weight="weight", tol=1e-12, max_iter=10_000)
    assert max(abs(ours[i] - theirs[i]) for i in range(core.n)) < 1e-6
    # Same ranking wherever the scores are not (numerically) tied.
    for i in range(core.n):
        for j in range(core.n):
            if theirs[i] > theirs[j] + 1e-6:
                assert ours[i] > ours[j]


@pytest.mark.parametrize("seed", SEEDS)
def test_reach_matches_networkx(seed: int) -> None:
    core, ref = random_graph(seed)
    for target in range(core.n):
        ours = graph.reach_lengths(core, target)
        theirs = nx.single_source_dijkstra_path_length(ref, target, weight="cost")
        del theirs[target]
        assert set(ours) == set(theirs)  # the same stakeholders can reach the target
        for node, length in theirs.items():
            assert ours[node] == pytest.approx(length)
        paths = graph.reach_paths(core, target)
        for node, path in paths.items():
            assert path[0] == node and path[-1] == target
            # The path walks real influence edges and costs what the length says.
            cost = sum(ref[b][a]["cost"] for a, b in itertools.pairwise(path))
            assert cost == pytest.approx(ours[node])
        hops = graph.step_counts(core, target, cutoff=2)
        bfs = nx.single_source_shortest_path_length(ref, target, cutoff=2)
        del bfs[target]
        assert hops == bfs


@pytest.mark.parametrize("seed", SEEDS)
def test_exact_betweenness_matches_networkx(seed: int) -> None:
    core, ref = random_graph(seed)
    ours, sampled = graph.betweenness(core)
    assert not sampled
    theirs = nx.betweenness_centrality(ref, normalized=True)
    for i in range(core.n):
        assert ours[i] == pytest.approx(theirs[i], abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_sampled_betweenness_sums_the_dependencies_of_its_pivots(seed: int) -> None:
    core, ref = random_graph(seed)
    if core.n < 4:
        pytest.skip("too small to sample")
    pivots = max(1, core.n // 3)
    ours, sampled = graph.betweenness(core, pivots=pivots, seed=seed)
    assert sampled
    sources = random.Random(seed).sample(range(core.n), pivots)
    theirs = nx.betweenness_centrality_subset(ref, sources=sources, targets=list(ref), normalized=False)
    scale = (core.n / pivots) / ((core.n - 1) * (core.n - 2))
    for i in range(core.n):
        assert ours[i] == pytest.approx(theirs[i] * scale, abs=1e-9)
    # Pivoting from every node is the exact value.
    every = graph.dependencies(core, range(core.n)) / ((core.n - 1) * (core.n - 2))
    exact, _ = graph.betweenness(core)
    assert np.allclose(every, exact)


def test_the_graph_core_imports_without_django() -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = "import sys, accord.lib.graph; assert not any(m.startswith('django') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
