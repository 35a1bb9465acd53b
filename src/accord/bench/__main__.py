"""`python -m accord.bench` (`make bench`): how Accord copes with a large alliance.

Builds synthetic alliances at scale 1 and 10 in a throwaway SQLite database, then measures in
this one process, with Django's test client, for the roadmap, the members page and the
landscape's register, power map, network and composition:

- each page's median time relative to /healthz (a ratio, so slow and fast machines compare);
- each page's query count at both scales, which must be equal (exit status 1 if not);
- peak Python memory while rendering each page once (tracemalloc) and the size of its HTML.

Then it appends the two heavy landscape sections, analytics on 100,000 stakeholders against
networkx (`accord.bench.landscape_analytics`) and the import of 100,000 XLSX rows
(`accord.bench.landscape_import`); `--quick` skips them. It overwrites docs/benchmarks.md with
everything. No network; every loop is bounded.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

RUNS = 15
SCALES = (1.0, 10.0)
DOC = Path(__file__).resolve().parents[3] / "docs" / "benchmarks.md"


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    path: str  # below /a/<slug>/


PAGES = (
    Page("roadmap", "Roadmap", ""),
    Page("members", "Members", "members/"),
    Page("register", "Landscape register", "landscape/"),
    Page("map", "Power map", "landscape/map/"),
    Page("network", "Network", "landscape/network/"),
    Page("composition", "Composition", "landscape/composition/"),
)


@dataclass
class PageResult:
    ms: float
    queries: int
    peak_kib: float
    html_kib: float


@dataclass
class Result:
    scale: float
    stakeholders: int
    members: int
    seats: int
    targets: int
    assessments: int
    ties: int
    proposals: int
    votes: int
    build_seconds: float
    layout_seconds: float
    healthz_ms: float
    pages: dict[str, PageResult] = field(default_factory=dict)

    def ratio(self, key: str) -> float:
        return self.pages[key].ms / self.healthz_ms


@dataclass
class Section:
    title: str
    text: str
    ok: bool
    seconds: float


def _setup(tmp: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["ACCORD_TESTING"] = "true"  # fast hasher, plain static storage, no SSL redirect
    os.environ["ACCORD_VAR_DIR"] = str(tmp)
    # Background work (the network layout) runs inline, as in development and tests.
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    (tmp / "static").mkdir()  # whitenoise warns about a missing STATIC_ROOT otherwise
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)


def _get(client: object, url: str) -> bytes:
    response = client.get(url)  # type: ignore[attr-defined]
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return bytes(response.content)


def _median_ms(client: object, url: str, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        _get(client, url)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _count_queries(client: object, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        _get(client, url)
    return len(ctx)


def _peak_kib(client: object, url: str) -> float:
    tracemalloc.start()
    _get(client, url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def _measure(scale: float) -> Result:
    from django.test import Client

    from accord.bench.synthetic import generate_alliance
    from accord.landscape import analytics
    from accord.landscape.models import GraphCache

    slug = f"bench-x{scale:g}".replace(".", "-")
    start = time.perf_counter()
    generated = generate_alliance(scale, slug=slug)
    build = time.perf_counter() - start
    alliance = generated.alliance
    client = Client()
    client.force_login(generated.co_chair)
    urls = {page.key: f"/a/{slug}/{page.path}" for page in PAGES}
    # Warm up: the first request writes the session; the network's first request computes and
    # caches its layout (the background task runs inline here), which is timed on its own.
    _get(client, urls["roadmap"])
    start = time.perf_counter()
    _get(client, urls["network"])
    layout_seconds = time.perf_counter() - start
    layout = alliance.graph_caches.get(kind=GraphCache.Kind.LAYOUT)
    if layout.fingerprint != analytics.fingerprint(alliance):
        raise SystemExit("the network layout was not cached after the warm-up")
    for url in urls.values():
        _get(client, url)
    _get(client, "/healthz")
    result = Result(
        scale=scale,
        stakeholders=generated.sizes.stakeholders,
        members=generated.sizes.member_organisations,
        seats=generated.sizes.people,
        targets=alliance.stakeholders.filter(is_target=True).count(),
        assessments=alliance.assessments.count(),
        ties=alliance.ties.count(),
        proposals=alliance.proposals.count(),
        votes=alliance.votes.count(),
        build_seconds=build,
        layout_seconds=layout_seconds,
        healthz_ms=_median_ms(client, "/healthz"),
    )
    for page in PAGES:
        url = urls[page.key]
        result.pages[page.key] = PageResult(
            ms=_median_ms(client, url),
            queries=_count_queries(client, url),
            peak_kib=_peak_kib(client, url),
            html_kib=len(_get(client, url)) / 1024,
        )
    return result


def _heavy(title: str, run: Callable[[], str]) -> Section:
    """Run one heavy section; a failed limit still leaves its measurements in the document."""
    print(f"{title}: running…", flush=True)
    start = time.perf_counter()
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            text = run()
        ok = True
    except (SystemExit, RuntimeError) as failure:
        # The section's own text (printed or carried by the exception) keeps its measurements;
        # the failure goes right under its heading.
        reason = str(failure).replace("**", "")
        body = out.getvalue().strip() or reason.partition("\n")[2].strip()
        reason = reason.partition("\n")[0].rstrip(".")
        heading, _, rest = body.partition("\n") if body.startswith("## ") else (f"## {title}", "", body)
        text = f"{heading}\n\n**This section failed its limit: {reason}.**\n\n{rest.strip()}\n"
        ok = False
    seconds = time.perf_counter() - start
    print(f"{title}: {'done' if ok else 'FAILED'} in {seconds:.0f} s", flush=True)
    return Section(title, text.strip() + "\n", ok, seconds)


def _machine() -> str:
    import django

    return (
        f"{platform.system()} {platform.release()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, Django {django.get_version()}, "
        "SQLite"
    )


def _scale_table(results: list[Result]) -> str:
    rows = "\n".join(
        f"| {r.scale:g}x | {r.stakeholders:,} | {r.members:,} | {r.targets:,} | {r.assessments:,} | {r.ties:,} "
        f"| {r.seats:,} | {r.proposals} ({r.votes:,} votes) | {r.build_seconds:.1f} s | {r.layout_seconds:.1f} s "
        f"| {r.healthz_ms:.2f} ms |"
        for r in results
    )
    return (
        "| Scale | Stakeholders | Member orgs | Targets | Assessments | Ties | Seats | Proposals | Build "
        "| Network layout | /healthz |\n|---|---|---|---|---|---|---|---|---|---|---|\n" + rows
    )


def _page_table(results: list[Result]) -> str:
    scales = " / ".join(f"{r.scale:g}x" for r in results)
    head = (
        f"| Page | Time ({scales}) | **Ratio to /healthz** ({scales}) | Time grew | Queries ({scales}) "
        f"| Peak memory ({scales}) | HTML ({scales}) |\n|---|---|---|---|---|---|---|"
    )
    rows = []
    for page in PAGES:
        cells = [r.pages[page.key] for r in results]
        flat = len({c.queries for c in cells}) == 1
        rows.append(
            f"| {page.title} (`/a/<slug>/{page.path}`) "
            f"| {' / '.join(f'{c.ms:,.1f} ms' for c in cells)} "
            f"| **{' / '.join(f'{r.ratio(page.key):,.1f}' for r in results)}** "
            f"| {cells[-1].ms / cells[0].ms:.1f}× "
            f"| {' / '.join(str(c.queries) for c in cells)}{'' if flat else ' **(grows)**'} "
            f"| {' / '.join(f'{c.peak_kib:,.0f} KiB' for c in cells)} "
            f"| {' / '.join(f'{c.html_kib:,.0f} KiB' for c in cells)} |"
        )
    return head + "\n" + "\n".join(rows)


def _write_doc(
    results: list[Result], flat: bool, sections: list[Section], quick: bool, seconds: float, load: tuple[float, float]
) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    verdict = (
        "Every page's query count is the same at every scale."
        if flat
        else "**A query count grows with the alliance: an N+1 query to fix (marked above).**"
    )
    if quick:
        sections_note = (
            "**This run used `--quick`: the two heavy landscape sections (analytics on 100,000 "
            "stakeholders against networkx, and the import of 100,000 XLSX rows) were skipped.** "
            "Run `make bench` without it to measure them."
        )
    else:
        failed = [s.title for s in sections if not s.ok]
        sections_note = "The two heavy landscape sections follow the page tables" + (
            f"; **these failed their limits: {', '.join(failed)}**." if failed else ", each within its limits."
        )
    r1 = results[0]
    machine = _machine()
    text = f"""# Benchmarks

Written by `make bench` (`python -m accord.bench`); do not edit by hand, run it again. A full
run takes several minutes, most of it in the analytics section. `python -m accord.bench --quick`
measures only the pages (about a minute) and skips the two heavy landscape sections; a quick run
also rewrites this file and says so here.

Last run: {now}, {machine}, {seconds / 60:.1f} minutes in all. The machine's load average
(one minute) was {load[0]:.1f} at the start and {load[1]:.1f} at the end: other work on the same
CPUs slows both sides of every ratio, but not always equally, so compare ratios from quiet runs.

{sections_note}

## Pages of a large alliance

The bench builds synthetic alliances (`accord.bench.synthetic`) in a throwaway SQLite
database: scale 1 is about the size of the Georgian seed alliance ({r1.members} member
organisations among {r1.stakeholders} stakeholders), scale 10 is ten times that. Every row is
written with its history row, as a real save would.

{_scale_table(results)}

What the synthetic landscape holds: members mostly from civil society; about 3% of
stakeholders are targets (ministries, the parliament's committee, local authorities, and
technical officials inside them, each with what the alliance wants from them); each
stakeholder has one to three dated assessments whose position sometimes moves; about three
ties per stakeholder (influences, funds, member of, allied with, opposes, reports to; strength 1
to 3; no self-ties, no duplicate pairs), drawn so that targets, government bodies and donors
are tied to far more stakeholders than the rest; a quarter of stakeholders have a recorded
political orientation and a few are flagged as unlikely suspects. The alliance has also
decided: its latest purpose, its second principles and its non-negotiables were agreed by
proposals every member organisation voted on, a few general decisions passed, and one proposal
is still open. Meetings, activities, surveys and indicators join the generator when those
capabilities land. "Network layout" is the time of the first request to the network page,
which computes the force layout and caches it (the background task runs inline here); the
timings below read the cached layout, as every request after a change of ties does.

Each page is then requested in the same process with Django's test client, logged in as a
co-chair. Times are medians of {RUNS} runs; each **ratio** divides a page's time by the time of
`/healthz` (one `SELECT 1`) in the same process, so runs on different machines compare. Peak
memory is Python's allocations while rendering the page once (tracemalloc), HTML the size of
the page sent.

{_page_table(results)}

{verdict} The bench exits with status 1 when any count differs. The same counts are pinned in
`tests/test_query_counts.py` on two small scales.

Reading the table: "time grew" is the time at the largest scale divided by the time at scale 1,
for ten times the data. Only the register pages its rows (50 a page), so its time barely moves.
The other pages stay at a fixed number of queries but read rows in proportion to the alliance:
the roadmap reads every stakeholder's current assessment for step 2's check; the members page
lists every organisation and seat; the power map draws every assessed stakeholder as a dot; the
network draws every stakeholder and every tie ({results[-1].stakeholders:,} dots and
{results[-1].ties:,} arrows at the largest scale); the composition counts every member and
candidate. Their time, memory and HTML grow with the data: at {results[-1].scale:g}x the power map sends
{results[-1].pages["map"].html_kib / 1024:.1f} MB of HTML and the network {results[-1].pages["network"].html_kib / 1024:.1f} MB, heavy on a slow
phone connection.
"""
    for section in sections:
        text += "\n" + section.text
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m accord.bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="measure the pages only; skip the landscape analytics (100k stakeholders) and import (100k rows) sections",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load_start = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="accord-bench-"))
    try:
        _setup(tmp)
        sections: list[Section] = []
        if not args.quick:
            # First, while this process is still small: both sections fork children that start
            # from this process's memory, and the analytics reports their peak resident size.
            from accord.bench import landscape_analytics, landscape_import

            sections.append(_heavy("Landscape analytics", landscape_analytics.run))
            sections.append(_heavy("Landscape import", landscape_import.run))
        results = []
        for scale in SCALES:
            result = _measure(scale)
            results.append(result)
            pages = "; ".join(
                f"{p.key} {result.pages[p.key].ms:,.1f} ms (x{result.ratio(p.key):,.1f}, {result.pages[p.key].queries} q)"
                for p in PAGES
            )
            print(
                f"x{scale:g}: built in {result.build_seconds:.1f} s, layout {result.layout_seconds:.1f} s, "
                f"/healthz {result.healthz_ms:.2f} ms; {pages}",
                flush=True,
            )
        flat = all(len({r.pages[p.key].queries for r in results}) == 1 for p in PAGES)
        _write_doc(results, flat, sections, args.quick, time.perf_counter() - started, (load_start, os.getloadavg()[0]))
        print(f"Wrote {DOC}")
        status = 0
        if not flat:
            print("Query counts differ between scales: an N+1 query.", file=sys.stderr)
            status = 1
        for section in sections:
            if not section.ok:
                print(f"{section.title} failed its limits; see {DOC}.", file=sys.stderr)
                status = 1
        return status
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
