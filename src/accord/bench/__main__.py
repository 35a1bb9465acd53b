"""`python -m accord.bench` (`make bench`): how the roadmap page copes with a large alliance.

Builds alliances at scale 1 and 10 in a throwaway SQLite database, then measures in this one
process, with Django's test client:

- the roadmap page's median time relative to /healthz (a ratio, so slow and fast machines
  compare);
- the roadmap page's query count at both scales, which must be equal (exit status 1 if not);
- peak Python memory while rendering the page (tracemalloc).

It overwrites docs/benchmarks.md with the results. No network; every loop is bounded.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

RUNS = 15
SCALES = (1.0, 10.0)
DOC = Path(__file__).resolve().parents[3] / "docs" / "benchmarks.md"


@dataclass
class Result:
    scale: float
    stakeholders: int
    members: int
    seats: int
    build_seconds: float
    roadmap_ms: float
    members_ms: float
    healthz_ms: float
    roadmap_queries: int
    members_queries: int
    peak_kib: float

    @property
    def ratio(self) -> float:
        return self.roadmap_ms / self.healthz_ms

    @property
    def members_ratio(self) -> float:
        return self.members_ms / self.healthz_ms


def _setup(tmp: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["ACCORD_TESTING"] = "true"  # fast hasher, plain static storage, no SSL redirect
    os.environ["ACCORD_VAR_DIR"] = str(tmp)
    (tmp / "static").mkdir()  # whitenoise warns about a missing STATIC_ROOT otherwise
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)


def _median_ms(client: object, url: str, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return statistics.median(times) * 1000


def _count_queries(client: object, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)  # type: ignore[attr-defined]
    return len(ctx)


def _measure(scale: float) -> Result:
    from django.test import Client

    from accord.bench.synthetic import generate_alliance

    slug = f"bench-x{scale:g}".replace(".", "-")
    start = time.perf_counter()
    generated = generate_alliance(scale, slug=slug)
    build = time.perf_counter() - start
    client = Client()
    client.force_login(generated.co_chair)
    roadmap = f"/a/{slug}/"
    members = f"/a/{slug}/members/"
    client.get(roadmap)  # warm up: first-request session write, template and URL caches
    client.get(members)
    client.get("/healthz")
    healthz_ms = _median_ms(client, "/healthz")
    roadmap_ms = _median_ms(client, roadmap)
    members_ms = _median_ms(client, members)
    tracemalloc.start()
    client.get(roadmap)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sizes = generated.sizes
    return Result(
        scale=scale,
        stakeholders=sizes.stakeholders,
        members=sizes.member_organisations,
        seats=sizes.people,
        build_seconds=build,
        roadmap_ms=roadmap_ms,
        members_ms=members_ms,
        healthz_ms=healthz_ms,
        roadmap_queries=_count_queries(client, roadmap),
        members_queries=_count_queries(client, members),
        peak_kib=peak / 1024,
    )


def _write_doc(results: list[Result], flat: bool) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    import django

    machine = (
        f"{platform.system()} {platform.release()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, Django {django.get_version()}, "
        "SQLite"
    )
    rows = "\n".join(
        f"| {r.scale:g}x | {r.stakeholders:,} | {r.members:,} | {r.seats:,} | {r.build_seconds:.1f} s "
        f"| {r.healthz_ms:.2f} ms | {r.roadmap_ms:.1f} ms | **{r.ratio:.1f}** | {r.roadmap_queries} "
        f"| {r.members_ms:.1f} ms | **{r.members_ratio:.1f}** | {r.members_queries} | {r.peak_kib:,.0f} KiB |"
        for r in results
    )
    verdict = (
        "Query counts are the same at every scale."
        if flat
        else "**A query count grows with the alliance: an N+1 query to fix.**"
    )
    text = f"""# Benchmarks

Written by `make bench` (`python -m accord.bench`); do not edit by hand, run it again.

Last run: {now}, {machine}.

The bench builds synthetic alliances (`accord.bench.synthetic`) in a throwaway SQLite
database: scale 1 is about the size of the Georgian seed alliance (40 member organisations
among 300 stakeholders), scale 10 is ten times that. It then requests pages in the same
process with Django's test client, logged in as a co-chair. Times are medians of {RUNS} runs;
each **ratio** divides a page's time by the time of `/healthz` (one `SELECT 1`), so runs on
different machines compare. Peak memory is Python's allocations while rendering the roadmap
once (tracemalloc).

| Scale | Stakeholders | Member orgs | Seats | Build | /healthz | Roadmap | Roadmap ratio | Roadmap queries | Members page | Members ratio | Members queries | Roadmap peak memory |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
{rows}

{verdict} The bench exits with status 1 when the counts differ.

What the synthetic alliance holds today: stakeholders, memberships (members, candidates,
invitations, refusals, leavers), seats with their roles (co-chairs, secretariat,
working-group leads, observers, evaluators, one representative per member organisation) and
twelve purpose versions, each with its history row. Meetings, activities, surveys, indicators
and the rest are added to the generator when those capabilities land, and the table above then
covers their pages too.

The members page lists every organisation and seat on one page: its query count is flat, but
its time grows with the alliance (see its ratio at 10x).
"""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    return text


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="accord-bench-"))
    try:
        _setup(tmp)
        results = []
        for scale in SCALES:
            result = _measure(scale)
            results.append(result)
            print(
                f"x{scale:g}: built in {result.build_seconds:.1f} s; roadmap {result.roadmap_ms:.1f} ms, "
                f"members {result.members_ms:.1f} ms, /healthz {result.healthz_ms:.2f} ms, "
                f"ratios {result.ratio:.1f} and {result.members_ratio:.1f}; "
                f"{result.roadmap_queries} queries (members page {result.members_queries}); "
                f"peak {result.peak_kib:,.0f} KiB"
            )
        flat = len({r.roadmap_queries for r in results}) == 1 and len({r.members_queries for r in results}) == 1
        _write_doc(results, flat)
        print(f"Wrote {DOC}")
        if not flat:
            print("Query counts differ between scales: an N+1 query.", file=sys.stderr)
            return 1
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
