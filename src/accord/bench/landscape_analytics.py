"""Landscape analytics at scale: Accord's graph core (rustworkx + numpy) against networkx.

`run()` builds one synthetic influence graph of 100,000 stakeholders and 1,000,000 ties in memory
(no database), then times the same computations with Accord's core and with networkx, each
library in its own forked process so that each one's peak memory (ru_maxrss) is its own:

- building the graph from the edge lists;
- influence ranking: weighted PageRank (alpha 0.85) over the reversed influence graph;
- reach: shortest weighted paths (cost 4 − strength) to 5 targets from everyone who can reach them;
- brokers: betweenness estimated from 50 pivot sources (Brandes' sampling).

networkx's default PageRank needs scipy, which Accord does not install: it is timed with
networkx's own pure-Python PageRank. Its sampled betweenness would take minutes on this graph, so
it is timed on the first 5 of the same 50 pivots and scaled by 10 (each pivot costs the same
work); the report says so. Both libraries' answers are checked against each other on the way.

Returns a markdown section; raises SystemExit when the core is not at least ten times faster
than networkx on the analytics (ranking, reach and brokers together, and each of them).
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
from dataclasses import dataclass, field
from typing import Any

NODES = 100_000
TIES = 1_000_000
TARGETS = 5
PIVOTS = 50
NX_PIVOTS = 5  # networkx's betweenness is timed on this many of the same pivots, then scaled
SEED = 20240601
REQUIRED_RATIO = 10.0
ANALYTICS = ("ranking", "reach", "brokers")


def _edges() -> tuple[Any, Any, Any]:
    """The synthetic ties as (source, target, strength) arrays, duplicates and self-ties removed.
    A preferential pattern (some stakeholders are tied to far more than others) like real maps."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    # Zipf-like popularity: low ids are the ministries and donors everyone is tied to.
    popularity = 1.0 / np.arange(1, NODES + 1) ** 0.6
    popularity /= popularity.sum()
    src = rng.integers(0, NODES, int(TIES * 1.05))
    dst = rng.choice(NODES, size=src.size, p=popularity)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    key = np.unique(src.astype(np.int64) * NODES + dst)[:TIES]
    src, dst = key // NODES, key % NODES
    strength = rng.integers(1, 4, src.size).astype(np.float64)
    return src, dst, strength


def _rss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


@dataclass
class Side:
    seconds: dict[str, float] = field(default_factory=dict)
    input_kib: int = 0
    peak_kib: int = 0
    check: dict[str, Any] = field(default_factory=dict)


def _core(src: Any, dst: Any, w: Any, targets: list[int], pivots: list[int]) -> Side:
    from accord.lib import graph as analytics

    side = Side(input_kib=_rss_kib())
    t = time.perf_counter()
    graph = analytics.InfluenceGraph.from_edges(NODES, src, dst, w)
    side.seconds["build"] = time.perf_counter() - t
    t = time.perf_counter()
    scores = analytics.influence_ranking(graph)
    side.seconds["ranking"] = time.perf_counter() - t
    t = time.perf_counter()
    reach = {target: analytics.reach_lengths(graph, target) for target in targets}
    side.seconds["reach"] = time.perf_counter() - t
    t = time.perf_counter()
    between, sampled = analytics.betweenness(graph, pivots=PIVOTS, seed=SEED)
    side.seconds["brokers"] = time.perf_counter() - t
    assert sampled
    first = analytics.dependencies(graph, pivots[:NX_PIVOTS])
    side.peak_kib = _rss_kib()
    order = sorted(range(NODES), key=lambda i: -scores[i])
    side.check = {
        "top": order[:20],
        "order200": order[:200],
        "scores": [scores[i] for i in order[:20]],
        "reach": {t: (len(r), sum(r.values())) for t, r in reach.items()},
        "between_first": first[order[:200]].tolist(),
        "top_broker": max(range(NODES), key=lambda i: between[i]),
    }
    return side


def _networkx(src: Any, dst: Any, w: Any, targets: list[int], pivots: list[int], order: list[int]) -> Side:
    import networkx as nx
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    side = Side(input_kib=_rss_kib())
    t = time.perf_counter()
    graph = nx.DiGraph()
    graph.add_nodes_from(range(NODES))
    # The same reversed influence edges as the core (influenced → influencer).
    graph.add_weighted_edges_from(zip(dst.tolist(), src.tolist(), w.tolist(), strict=True))
    side.seconds["build"] = time.perf_counter() - t
    t = time.perf_counter()
    scores = _pagerank_python(graph, alpha=0.85, weight="weight", tol=1e-8, max_iter=1000)
    side.seconds["ranking"] = time.perf_counter() - t

    def cost(u: int, v: int, d: dict[str, float]) -> float:
        return 4.0 - d["weight"]

    t = time.perf_counter()
    reach = {}
    for target in targets:
        lengths = nx.single_source_dijkstra_path_length(graph, target, weight=cost)
        del lengths[target]
        reach[target] = lengths
    side.seconds["reach"] = time.perf_counter() - t
    t = time.perf_counter()
    first = nx.betweenness_centrality_subset(graph, sources=pivots[:NX_PIVOTS], targets=list(graph), normalized=False)
    side.seconds["brokers"] = (time.perf_counter() - t) * PIVOTS / NX_PIVOTS
    side.peak_kib = _rss_kib()
    top = sorted(range(NODES), key=lambda i: -scores[i])
    side.check = {
        "top": top[:20],
        "scores": [scores[i] for i in top[:20]],
        "reach": {t: (len(r), sum(r.values())) for t, r in reach.items()},
        "between_first": [first[i] for i in order[:200]],
    }
    return side


def _in_child(func: Any, *args: Any) -> Side:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def target() -> None:
        child.send(func(*args))
        child.close()

    proc = ctx.Process(target=target)
    proc.start()
    result: Side = parent.recv()
    proc.join()
    if proc.exitcode:
        raise SystemExit(f"{func.__name__} failed with exit code {proc.exitcode}")
    return result


def _agree(core: Side, ref: Side) -> list[str]:
    """Differences between the two libraries' answers (empty when they agree)."""
    import math

    problems = []
    if core.check["top"][:10] != ref.check["top"][:10]:
        problems.append("PageRank top ten differ")
    # Both libraries stop iterating when the total change falls below n × tol, so single scores
    # of a 100,000-node graph agree to a fraction of a percent, not to the last digit; the
    # ranking (checked above) is what the pages use.
    drift = max(abs(a - b) / b for a, b in zip(core.check["scores"], ref.check["scores"], strict=True))
    core.check["pagerank_drift"] = drift
    if drift > 0.05:
        problems.append(f"PageRank scores differ by {drift:.1%}")
    for t, (n, total) in core.check["reach"].items():
        n2, total2 = ref.check["reach"][t]
        if n != n2 or not math.isclose(total, total2, rel_tol=1e-9):
            problems.append(f"reach to node {t} differs")
    if not all(
        math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
        for a, b in zip(core.check["between_first"], ref.check["between_first"], strict=True)
    ):
        problems.append("betweenness of the shared pivots differs")
    return problems


def run() -> str:
    import random

    import numpy as np

    start = time.perf_counter()
    src, dst, w = _edges()
    targets = [int(x) for x in np.random.default_rng(SEED + 1).choice(1000, TARGETS, replace=False)]
    pivots = random.Random(SEED).sample(range(NODES), PIVOTS)  # the core draws the same ones
    core = _in_child(_core, src, dst, w, targets, pivots)
    ref = _in_child(_networkx, src, dst, w, targets, pivots, core.check["order200"])
    problems = _agree(core, ref)
    elapsed = time.perf_counter() - start

    names = {
        "build": "Build the graph from the edge lists",
        "ranking": "Influence ranking (weighted PageRank)",
        "reach": f"Reach: weighted shortest paths to {TARGETS} targets",
        "brokers": f"Brokers: betweenness from {PIVOTS} pivots",
    }
    rows = []
    for key, label in names.items():
        a, b = core.seconds[key], ref.seconds[key]
        note = f" (timed on {NX_PIVOTS} pivots, ×{PIVOTS // NX_PIVOTS})" if key == "brokers" else ""
        rows.append(f"| {label} | {a:.2f} s | {b:.2f} s{note} | **{b / a:.0f}×** |")
    core_total = sum(core.seconds[k] for k in ANALYTICS)
    ref_total = sum(ref.seconds[k] for k in ANALYTICS)
    ratio = ref_total / core_total
    rows.append(
        f"| **Analytics together** (ranking, reach, brokers) | {core_total:.2f} s | {ref_total:.2f} s | **{ratio:.0f}×** |"
    )
    slow = [k for k in ANALYTICS if ref.seconds[k] / core.seconds[k] < REQUIRED_RATIO]
    verdict = (
        f"Every analytics computation is at least {REQUIRED_RATIO:.0f}× faster than networkx."
        if not slow and ratio >= REQUIRED_RATIO
        else f"**Below the required {REQUIRED_RATIO:.0f}×: {', '.join(slow) or 'in total'}.**"
    )
    agreement = (
        "Both libraries gave the same answers: the same PageRank top ten (the twenty highest "
        f"scores within {core.check['pagerank_drift']:.2%} of each other), the same reach sets and "
        "path lengths, the same betweenness for the shared pivots."
        if not problems
        else "**The libraries disagree: " + "; ".join(problems) + ".**"
    )
    text = f"""## Landscape analytics: 100,000 stakeholders, 1,000,000 ties

Written by `accord.bench.landscape_analytics` in {elapsed:.0f} s. A synthetic influence graph of
{NODES:,} stakeholders and {TIES:,} ties (strength 1–3, a few stakeholders tied to far more than
others, as ministries and big donors are) is built in memory, without the database. Accord's
graph core (`accord.lib.graph`: rustworkx, with numpy for sampled betweenness, which
rustworkx lacks) and networkx {_nx_version()} do the same computations on the same graph, each in
its own process so each peak memory is its own.

| Computation | Accord (rustworkx) | networkx | Ratio |
|---|---|---|---|
{chr(10).join(rows)}

{verdict} {agreement}

Peak memory (ru_maxrss of each process): Accord {core.peak_kib / 1024:,.0f} MiB, networkx
{ref.peak_kib / 1024:,.0f} MiB; the edge arrays both start from take {core.input_kib / 1024:,.0f} MiB
of that.

Honest notes: networkx's PageRank is its pure-Python version (the default one needs scipy, which
Accord does not install). networkx's sampled betweenness would take minutes here, so it ran on
{NX_PIVOTS} of the same {PIVOTS} pivots and its time is multiplied by {PIVOTS // NX_PIVOTS}; each pivot is one
full breadth-first search, so the work per pivot is the same. Betweenness counts steps (not tie
strength) in both.
"""
    if problems or slow or ratio < REQUIRED_RATIO:
        print(text)
        raise SystemExit("landscape analytics: " + ("; ".join(problems) or verdict))
    return text


def _nx_version() -> str:
    import networkx as nx

    return str(nx.__version__)


if __name__ == "__main__":
    print(run())
