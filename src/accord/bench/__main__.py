"""`python -m accord.bench` (`make bench`): how Accord copes with a large alliance.

Builds synthetic alliances at scale 1 and 10 in a throwaway SQLite database, then measures in
this one process, with Django's test client and the bench settings (`accord.bench.settings`,
whose URLconf adds a bare page: the base layout and nothing else), every main page:

- its median time relative to the bare page's (a ratio, so slow and fast machines compare);
- its query count at both scales, which must be equal;
- peak Python memory while rendering it once (tracemalloc), its HTML, its compressed size
  (a repeat visit) and its first load (plus every referenced stylesheet and script, gzipped).

Limits at 10x (exit status 1 when one breaks): first load <= 60 KiB, repeat visit <= 15 KiB,
time <= 10x the bare page, queries flat, peak memory <= 2 MiB and <= 1x peak x 1.5 + 256 KiB.

Then the load test (`accord.bench.load`: gunicorn on PostgreSQL, when PostgreSQL answers on
127.0.0.1:5432), and the two heavy landscape sections, analytics on 100,000 stakeholders
against networkx and the import of 100,000 XLSX rows. `--quick` skips the heavy sections and
shortens each load phase from 60 s to 10 s; `--no-load` skips the load test, `--load-only` runs
it alone. It overwrites docs/benchmarks.md with everything (not with `--load-only`, which
prints its section). No network beyond loopback; every loop is bounded.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import io
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

RUNS = 15
SCALES = (1.0, 10.0)
DOC = Path(__file__).resolve().parents[3] / "docs" / "benchmarks.md"


from accord.bench.pages import BARE_PATH, PAGES, busy_stakeholder  # noqa: E402

# Limits at the largest scale (issue 9).
FIRST_LOAD_KIB = 60
REPEAT_KIB = 15
TIME_RATIO = 10.0
PEAK_KIB = 2048
PEAK_GROWTH = 1.5  # 10x peak <= 1x peak x 1.5 + 256 KiB
PEAK_SLACK_KIB = 256


@dataclass
class PageResult:
    ms: float
    queries: int
    peak_kib: float
    html_kib: float
    gzip_kib: float = 0.0
    on_wire: bool = True  # False: the response was not gzip-encoded; gzip_kib is the bench's own
    first_load_kib: float = 0.0
    broken: set[str] = field(default_factory=set)


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
    bare_ms: float = 0.0
    pages: dict[str, PageResult] = field(default_factory=dict)

    def ratio(self, key: str) -> float:
        return self.pages[key].ms / self.bare_ms


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
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.bench.settings"  # adds the bare page
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


def compressed(response: object) -> tuple[int, bool]:
    """The bytes a response sends compressed, and whether it was compressed on the wire (if not,
    the bench gzips the body itself to report what it would be)."""
    body = bytes(response.content)  # type: ignore[attr-defined]
    if response.get("Content-Encoding") == "gzip":  # type: ignore[attr-defined]
        return len(body), True
    return len(gzip.compress(body, 6)), False


_STATIC_REF = re.compile(
    r"<link\b[^>]*\brel=[\"']?stylesheet[\"']?[^>]*>|<script\b[^>]*\bsrc=[\"'][^\"']+[\"'][^>]*>", re.I
)
_URL_ATTR = re.compile(r"\b(?:href|src)=[\"']([^\"']+)[\"']", re.I)


def static_files(html: str) -> list[str]:
    """The stylesheets and scripts a page references, as URLs, in order, each once."""
    found: list[str] = []
    for tag in _STATIC_REF.findall(html):
        match = _URL_ATTR.search(tag)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


def static_gzip_bytes(url: str) -> int:
    """A static file's gzip size, read through the staticfiles finders (0 if not ours)."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    prefix = str(settings.STATIC_URL)
    path = url.split("?", 1)[0]
    if not path.startswith(prefix):
        return 0
    found = finders.find(path[len(prefix) :])
    if not found:
        raise SystemExit(f"{url} is referenced but no finder has it")
    return len(gzip.compress(Path(str(found)).read_bytes(), 6))


def first_load_bytes(html: str, html_gzip: int) -> int:
    """A first visit: the compressed HTML plus every CSS and JS file it references, compressed."""
    return html_gzip + sum(static_gzip_bytes(url) for url in static_files(html))


def check_limits(results: list[Result]) -> list[str]:
    """Mark each broken cell at the largest scale (and the query counts); the breaks, in words."""
    small, large = results[0], results[-1]
    breaks = []
    for page in PAGES:
        a, b = small.pages[page.key], large.pages[page.key]
        tests = {
            "first_load": (b.first_load_kib <= FIRST_LOAD_KIB, f"first load {b.first_load_kib:.0f} KiB"),
            "repeat": (b.gzip_kib <= REPEAT_KIB, f"repeat visit {b.gzip_kib:.0f} KiB"),
            "time": (large.ratio(page.key) <= TIME_RATIO, f"{large.ratio(page.key):.1f}x the bare page"),
            "queries": (a.queries == b.queries, f"queries {a.queries} / {b.queries}"),
            "peak": (
                b.peak_kib <= PEAK_KIB and b.peak_kib <= a.peak_kib * PEAK_GROWTH + PEAK_SLACK_KIB,
                f"peak memory {a.peak_kib:,.0f} / {b.peak_kib:,.0f} KiB",
            ),
        }
        for cell, (ok, words) in tests.items():
            if not ok:
                b.broken.add(cell)
                breaks.append(f"{page.title}: {words}")
    return breaks


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
    busy = busy_stakeholder(alliance)
    urls = {page.key: f"/a/{slug}/{page.path.format(busy=busy)}" for page in PAGES}
    bare = f"/a/{slug}/{BARE_PATH}"
    # Warm up: the first request writes the session; the network's first request computes and
    # caches its layout (the background task runs inline here), which is timed on its own. Then
    # every page once, so that any background results (analytics, suggestions) are computed.
    _get(client, urls["roadmap"])
    start = time.perf_counter()
    _get(client, urls["network"])
    layout_seconds = time.perf_counter() - start
    layout = alliance.graph_caches.get(kind=GraphCache.Kind.LAYOUT)
    if layout.fingerprint != analytics.fingerprint(alliance):
        raise SystemExit("the network layout was not cached after the warm-up")
    for _ in range(2):
        for url in urls.values():
            _get(client, url)
    _get(client, "/healthz")
    _get(client, bare)
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
        bare_ms=_median_ms(client, bare),
    )
    for page in PAGES:
        url = urls[page.key]
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        html = _get(client, url)
        html_gzip, on_wire = compressed(response)
        result.pages[page.key] = PageResult(
            ms=_median_ms(client, url),
            queries=_count_queries(client, url),
            peak_kib=_peak_kib(client, url),
            html_kib=len(html) / 1024,
            gzip_kib=html_gzip / 1024,
            on_wire=on_wire,
            first_load_kib=first_load_bytes(html.decode(), html_gzip) / 1024,
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


def _mark(text: str, broken: bool) -> str:
    return f"**{text} ✗**" if broken else text


def _page_table(results: list[Result]) -> str:
    scales = " / ".join(f"{r.scale:g}x" for r in results)
    head = (
        f"| Page | Time ({scales}) | **Ratio to the bare page** ({scales}) | Queries ({scales}) "
        f"| Peak memory ({scales}) | HTML ({scales}) | Repeat visit, gzip ({scales}) "
        f"| First load with CSS/JS ({scales}) |\n|---|---|---|---|---|---|---|---|"
    )
    rows = []
    for page in PAGES:
        cells = [r.pages[page.key] for r in results]
        big = cells[-1].broken
        wire = "" if all(c.on_wire for c in cells) else " (not compressed on the wire)"
        rows.append(
            f"| {page.title} (`/a/<slug>/{page.path}`) "
            f"| {' / '.join(f'{c.ms:,.1f} ms' for c in cells)} "
            f"| {_mark(' / '.join(f'{r.ratio(page.key):,.1f}' for r in results), 'time' in big)} "
            f"| {_mark(' / '.join(str(c.queries) for c in cells), 'queries' in big)} "
            f"| {_mark(' / '.join(f'{c.peak_kib:,.0f} KiB' for c in cells), 'peak' in big)} "
            f"| {' / '.join(f'{c.html_kib:,.0f} KiB' for c in cells)} "
            f"| {_mark(' / '.join(f'{c.gzip_kib:,.1f} KiB' for c in cells), 'repeat' in big)}{wire} "
            f"| {_mark(' / '.join(f'{c.first_load_kib:,.1f} KiB' for c in cells), 'first_load' in big)} |"
        )
    rows.append(
        "| Bare page (base layout only, bench URLconf) "
        f"| {' / '.join(f'{r.bare_ms:,.1f} ms' for r in results)} | 1.0 | | | | | |"
    )
    rows.append(
        f"| /healthz | {' / '.join(f'{r.healthz_ms:,.2f} ms' for r in results)} "
        f"| {' / '.join(f'{r.healthz_ms / r.bare_ms:,.2f}' for r in results)} | | | | | |"
    )
    return head + "\n" + "\n".join(rows)


def _write_doc(
    results: list[Result],
    breaks: list[str],
    sections: list[Section],
    quick: bool,
    seconds: float,
    load: tuple[float, float],
) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    verdict = (
        "Every page is within its limits."
        if not breaks
        else "**These limits are broken (marked ✗ above):**\n\n" + "\n".join(f"- {b}" for b in breaks)
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
co-chair, with the bench's settings (`accord.bench.settings`: the product's, plus a URLconf
that adds the **bare page**, a logged-in member's page that renders the base layout and nothing
else). Times are medians of {RUNS} runs; each **ratio** divides a page's time by the bare page's
time in the same process, so runs on different machines compare. Peak memory is Python's
allocations while rendering the page once (tracemalloc), HTML the size of the page
uncompressed. "Repeat visit" is the HTML as sent with `Accept-Encoding: gzip` (static files are
cached immutably); when the response was not gzip-encoded the bench gzips it itself and the
cell says "not compressed on the wire". "First load" adds every stylesheet and script the page
references (`<link rel=stylesheet>`, `<script src>`), read through the staticfiles finders and
gzipped.

Limits, at {results[-1].scale:g}x: first load ≤ {FIRST_LOAD_KIB} KiB, repeat visit ≤ {REPEAT_KIB} KiB,
time ≤ {TIME_RATIO:g}× the bare page, queries equal at every scale, peak memory ≤ {PEAK_KIB // 1024} MiB and
not growing with the data: the {results[-1].scale:g}x peak ≤ the 1x peak × {PEAK_GROWTH:g} + {PEAK_SLACK_KIB} KiB.
A broken cell is marked ✗ and the bench exits with status 1.

{_page_table(results)}

{verdict}

The query counts are also pinned in `tests/test_query_counts.py` on two small scales.

"""
    for section in sections:
        text += "\n" + section.text
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    return text


def exit_status(breaks: list[str], sections: list[Section]) -> int:
    """1 when a page broke a limit or a section failed its own, 0 otherwise."""
    status = 0
    for broken in breaks:
        print(f"Limit broken: {broken}", file=sys.stderr)
        status = 1
    for section in sections:
        if not section.ok:
            print(f"{section.title} failed its limits; see {DOC}.", file=sys.stderr)
            status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m accord.bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="measure the pages only; skip the landscape analytics (100k stakeholders) and import (100k rows) sections",
    )
    parser.add_argument("--no-load", action="store_true", help="skip the load test (gunicorn on PostgreSQL)")
    parser.add_argument("--load-only", action="store_true", help="run the load test alone")
    args = parser.parse_args(argv)
    if args.load_only:
        from accord.bench import load

        return load.main(quick=args.quick)
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
                f"{p.key} {result.pages[p.key].ms:,.1f} ms (x{result.ratio(p.key):,.1f}, "
                f"{result.pages[p.key].queries} q, {result.pages[p.key].gzip_kib:,.1f} KiB gz)"
                for p in PAGES
            )
            print(
                f"x{scale:g}: built in {result.build_seconds:.1f} s, layout {result.layout_seconds:.1f} s, "
                f"/healthz {result.healthz_ms:.2f} ms, bare {result.bare_ms:.2f} ms; {pages}",
                flush=True,
            )
        breaks = check_limits(results)
        if not args.no_load:
            from accord.bench import load

            sections.append(_heavy("Load", lambda: load.run(quick=args.quick)))
        _write_doc(
            results, breaks, sections, args.quick, time.perf_counter() - started, (load_start, os.getloadavg()[0])
        )
        print(f"Wrote {DOC}")
        return exit_status(breaks, sections)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
