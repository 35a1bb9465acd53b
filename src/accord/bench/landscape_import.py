"""Import of 100,000 XLSX rows: at most a quarter of openpyxl's bare read of the same file, and at
most 300 MB of peak memory growth.

`run()` writes a workbook of synthetic stakeholders in a temporary directory, then measures, each
in a fresh forked process so that one measurement's memory does not hide another's:

- openpyxl's bare read-only iteration of every row (the floor any XLSX import pays);
- Accord's dry run of the same file: the XLSX guard's streaming pass, python-calamine's read,
  every row checked and the errors collected (`accord.landscape.importing.checks.parse`; no
  database writes).

It reports the times, their ratio and each process's peak resident memory growth
(ru_maxrss after minus before), and raises when the ratio exceeds 0.25 or the memory 300 MB.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

ROWS = 100_000
MAX_RATIO = 0.25
MAX_MEMORY_MB = 300.0

TYPES = ["local_ngo", "ingo", "member_based", "womens_rights", "donor_bilateral", "academic", "national_government",
         "parliament", "media", "un_agency", "private", "local_authority"]  # fmt: skip
SCOPES = ["grassroots", "local", "national", "international"]


def write_workbook(path: Path, rows: int = ROWS) -> None:
    from openpyxl import Workbook

    from accord.landscape.importing.columns import STAKEHOLDER_COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("stakeholders")
    ws.append(list(STAKEHOLDER_COLUMNS))
    for i in range(rows):
        ws.append(
            [
                f"ext-{i}",
                f"Stakeholder {i:06d} of the synthetic landscape",
                TYPES[i % len(TYPES)],
                SCOPES[i % len(SCOPES)],
                "yes" if i % 7 == 0 else "no",
                "",
                "",
                "yes" if i % 5 == 0 else "no",
                "no",
                "yes" if i % 50 == 0 else "no",
                "Table the amendment in committee" if i % 50 == 0 else "",
                f"Contact {i}",
                f"contact{i}@example.org",
                f"+995 32 2{i % 1000:03d} {i % 100:02d}",
                f"https://org{i}.example.org",
                "Met at the regional workshop; follows the seed law closely.",
                (i % 5) - 2,
                i % 6,
                (i * 7) % 6,
                "2025-03-01",
                "Mapping workshop, March 2025",
            ]
        )
    ws2 = wb.create_sheet("ties")
    ws2.append(["from", "to", "kind", "strength", "note"])
    wb.save(path)


def _bare(path: str) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    n = 0
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            n += 1
    wb.close()
    return n


def _accord(path: str) -> int:
    import datetime as dt

    from accord.landscape.importing.checks import parse

    parsed = parse(Path(path).read_bytes(), "xlsx", today=dt.date.today())
    if parsed.errors:
        raise RuntimeError(f"the synthetic file has errors: {parsed.errors[:3]}")
    return len(parsed.stakeholders)


def _measure(kind: str, path: str, conn: Any) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    rows = (_bare if kind == "bare" else _accord)(path)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    conn.send((rows, seconds, peak_kib / 1024))
    conn.close()


def _in_child(kind: str, path: str) -> tuple[int, float, float]:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_measure, args=(kind, path, child))
    process.start()
    result = parent.recv()
    process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"{kind} measurement failed")
    return result


def run(rows: int = ROWS) -> str:
    """Measure and return the markdown section for docs/benchmarks.md."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "landscape.xlsx"
        start = time.perf_counter()
        write_workbook(path, rows)
        build = time.perf_counter() - start
        size_mb = path.stat().st_size / (1024 * 1024)
        bare_rows, bare_s, bare_mb = _in_child("bare", str(path))
        accord_rows, accord_s, accord_mb = _in_child("accord", str(path))
    if accord_rows != rows:
        raise RuntimeError(f"the dry run read {accord_rows} rows, expected {rows}")
    ratio = accord_s / bare_s
    section = f"""## Landscape import: {rows:,} XLSX rows

A workbook of {rows:,} stakeholders (21 columns, {size_mb:.1f} MB, written in {build:.1f} s) is read
twice, each time in a fresh process: openpyxl's bare read-only iteration, then Accord's dry run
(the XLSX guard's streaming pass, python-calamine's read, every cell of every row checked, errors
collected; no database writes). Memory is the growth of
the process's peak resident size during the measurement.

| measurement | rows | seconds | peak memory growth (MB) |
|---|---|---|---|
| openpyxl bare read | {bare_rows:,} | {bare_s:.2f} | {bare_mb:.0f} |
| Accord dry run | {accord_rows:,} | {accord_s:.2f} | {accord_mb:.0f} |

**Ratio: {ratio:.2f}×** the bare read (limit {MAX_RATIO:.2f}×); peak memory {accord_mb:.0f} MB (limit {MAX_MEMORY_MB:.0f} MB).
"""
    if ratio > MAX_RATIO:
        raise RuntimeError(f"import dry run is {ratio:.2f}x openpyxl's bare read (limit {MAX_RATIO}x)\n{section}")
    if accord_mb > MAX_MEMORY_MB:
        raise RuntimeError(f"import dry run peaked at {accord_mb:.0f} MB (limit {MAX_MEMORY_MB} MB)\n{section}")
    return section


if __name__ == "__main__":
    print(run())
