"""Hostile spreadsheets: small zips that declare or hold huge content are refused before any
reader loads them, quickly and in little memory, and their import ends as failed with a message
that names the limit and the numbers. No import is left "reading the file" forever.

The files are written here, part by part with zipfile, so a test file of a few hundred KB can
unpack to a hundred MB: what an attacker sends, not what openpyxl would write.
"""

from __future__ import annotations

import datetime as dt
import io
import time
import tracemalloc
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any
from unittest import mock

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accord.landscape.importing import jobs, limits, reading, stalled, tasks
from accord.landscape.importing.checks import parse
from accord.landscape.importing.columns import ImportFileError
from accord.landscape.models import ImportJob
from tests.conftest import World

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS_NS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml"
TODAY = dt.date(2026, 1, 1)


def _content_types(strings: bool) -> bytes:
    shared = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{MAIN}.sharedStrings+xml"/>' if strings else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{MAIN}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{MAIN}.worksheet+xml"/>'
        f"{shared}</Types>"
    ).encode()


def xlsx(sheet: Iterable[bytes], strings: Iterable[bytes] | None = None) -> bytes:
    """A minimal XLSX whose sheet (and shared strings) are the chunks given, streamed into the
    zip so that a huge part never exists whole in memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _content_types(strings is not None))
        z.writestr(
            "_rels/.rels",
            f'<Relationships {RELS_NS}><Relationship Id="rId1" Target="xl/workbook.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} {R_NS}><sheets><sheet name="stakeholders" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        rels = (
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        )
        if strings is not None:
            rels += (
                '<Relationship Id="rId2" Target="sharedStrings.xml" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
            )
        z.writestr("xl/_rels/workbook.xml.rels", f"<Relationships {RELS_NS}>{rels}</Relationships>")
        for name, chunks in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", strings)):
            if chunks is None:
                continue
            with z.open(name, "w", force_zip64=True) as fh:
                for chunk in chunks:
                    fh.write(chunk)
    return out.getvalue()


def sheet_xml(rows: Iterable[bytes], dimension: str | None = None) -> Iterator[bytes]:
    yield f"<worksheet {NS}>".encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    yield from rows
    yield b"</sheetData></worksheet>"


def inline_row(r: int, *values: str) -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{r}">{cells}</row>'.encode()


HEADER = inline_row(1, "name", "type")


def giant(chars: int, piece: bytes = b"a" * 65536) -> Iterator[bytes]:
    for _ in range(chars // len(piece)):
        yield piece


def refused(data: bytes, *, max_seconds: float = 5.0, max_mb: float = 40.0) -> ImportFileError:
    """Read the file as the dry run does; it must be refused within the time and memory given."""
    tracemalloc.start()
    began = time.monotonic()
    try:
        with limits.reading_time():
            parse(data, "xlsx", today=TODAY)
    except ImportFileError as exc:
        error = exc
    else:
        raise AssertionError("the hostile file was read")
    finally:
        seconds = time.monotonic() - began
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert seconds < max_seconds, f"refused only after {seconds:.1f} s"
    assert peak < max_mb * 1024 * 1024, f"peak memory {peak / 1e6:.0f} MB"
    return error


def test_a_sheet_declaring_ten_million_cells_is_refused_before_a_row_is_read() -> None:
    data = xlsx(sheet_xml([HEADER, inline_row(2, "Ministry", "expert")], dimension="A1:J1000000"))
    assert len(data) < 5_000
    exc = refused(data)
    assert isinstance(exc, limits.ImportLimitError) and exc.limit == "xlsx_cells"
    message = str(exc)
    assert "A1:J1000000" in message and "1,000,000 rows" in message and "200,001 rows" in message, message


def test_real_cells_past_the_limit_are_refused_when_no_dimension_warns() -> None:
    row = b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(100))

    def rows() -> Iterator[bytes]:
        yield HEADER
        for r in range(2, 3_000):  # 300,000 cells
            yield b'<row r="%d">' % r + row + b"</row>"

    data = xlsx(sheet_xml(rows()))
    assert len(data) < 200_000
    with override_settings(ACCORD_IMPORT_LIMITS={"xlsx_cells": 100_000}):
        exc = refused(data)
    assert isinstance(exc, limits.ImportLimitError) and exc.limit == "xlsx_cells"
    assert "more than 100,000 cells" in str(exc), str(exc)


def test_twenty_two_million_declared_shared_strings_are_refused_before_reading_one() -> None:
    strings = [f'<sst {NS} count="22000000" uniqueCount="22000000">'.encode(), b"<si><t>x</t></si>" * 1000, b"</sst>"]
    data = xlsx(sheet_xml([HEADER]), strings)
    exc = refused(data)
    assert isinstance(exc, limits.ImportLimitError) and exc.limit == "xlsx_shared_strings"
    assert "22,000,000 shared strings" in str(exc) and "2,000,000" in str(exc), str(exc)


def test_shared_strings_beyond_the_limit_are_refused_even_when_not_declared() -> None:
    strings = [f"<sst {NS}>".encode(), *(b"<si><t>x</t></si>" * 10_000 for _ in range(3)), b"</sst>"]
    data = xlsx(sheet_xml([HEADER]), strings)
    with override_settings(ACCORD_IMPORT_LIMITS={"xlsx_shared_strings": 20_000}):
        exc = refused(data)
    assert isinstance(exc, limits.ImportLimitError) and exc.limit == "xlsx_shared_strings"
    assert "more than 20,000 shared strings" in str(exc), str(exc)


def test_one_cell_of_a_hundred_megabytes_is_refused_within_its_first_chunk() -> None:
    def rows() -> Iterator[bytes]:
        yield HEADER
        yield b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        yield from giant(100 * 1024 * 1024)
        yield b"</t></is></c></row>"

    data = xlsx(sheet_xml(rows()))
    assert len(data) < 1_000_000
    exc = refused(data, max_mb=10)
    assert isinstance(exc, limits.ImportLimitError) and exc.limit == "cell_chars"
    assert "A2" in str(exc) and "32,767 characters" in str(exc), str(exc)


def test_one_shared_string_of_fifty_megabytes_is_refused_in_little_memory() -> None:
    strings = [f'<sst {NS} uniqueCount="1"><si><t>'.encode(), *giant(50 * 1024 * 1024), b"</t></si></sst>"]
    data = xlsx(sheet_xml([HEADER, b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>']), strings)
    exc = refused(data, max_mb=10)
    assert isinstance(exc, limits.ImportLimitError) and exc.limit == "cell_chars"
    assert "Text number 1" in str(exc), str(exc)


def test_a_zip_that_unpacks_past_the_limit_is_refused_from_its_directory() -> None:
    data = xlsx(sheet_xml([HEADER, b"<!--", *giant(40 * 1024 * 1024, b" " * 65536), b"-->"]))
    with override_settings(ACCORD_IMPORT_LIMITS={"xlsx_unpacked_mb": 30}):
        exc = refused(data, max_mb=5)
    assert isinstance(exc, limits.ImportLimitError) and exc.limit == "xlsx_unpacked_mb"
    assert "40.0 MB" in str(exc) and "at most 30 MB" in str(exc), str(exc)


def test_a_row_far_below_the_data_and_a_column_far_to_the_right_are_refused() -> None:
    far_row = xlsx(sheet_xml([HEADER, inline_row(1_048_576, "x")]))
    exc = refused(far_row)
    assert isinstance(exc, limits.ImportLimitError) and exc.limit == "rows"
    assert "1,048,576" in str(exc), str(exc)
    far_col = xlsx(sheet_xml([HEADER, b'<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>']))
    exc = refused(far_col)
    assert isinstance(exc, limits.ImportLimitError) and exc.limit == "xlsx_columns"
    assert "16,384" in str(exc) and "1,000 columns" in str(exc), str(exc)


def test_entities_in_a_spreadsheet_are_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + b"".join(sheet_xml([HEADER]))
    with pytest.raises(ImportFileError, match="DTD"):
        parse(xlsx([bomb]), "xlsx", today=TODAY)


def test_a_dimension_that_understates_the_sheet_loses_no_row() -> None:
    # Some programs write dimension "A1" whatever the sheet holds; openpyxl would stop there.
    rows = [HEADER, inline_row(2, "Ministry of Seeds", "national_government"), inline_row(3, "Seed Fund", "expert")]
    parsed = parse(xlsx(sheet_xml(rows, dimension="A1")), "xlsx", today=TODAY)
    assert [item[2] for item in parsed.stakeholders] == ["Ministry of Seeds", "Seed Fund"], parsed.errors


def test_the_limits_come_from_settings_with_documented_defaults(settings: Any) -> None:
    assert limits.current() == limits.Limits(**limits.DEFAULTS)
    settings.ACCORD_IMPORT_LIMITS = {"xlsx_cells": 10}
    assert limits.current().xlsx_cells == 10 and limits.current().rows == limits.DEFAULTS["rows"]


# --- The import job around it ---------------------------------------------------------------


def upload(world: World, data: bytes, name: str = "hostile.xlsx") -> ImportJob:
    return jobs.import_job_create(alliance=world.a, user=world.alice, upload=io.BytesIO(data), filename=name)


def test_an_import_of_a_hostile_file_ends_failed_with_the_limit_and_numbers(world: World) -> None:
    data = xlsx(sheet_xml([HEADER], dimension="A1:XFD1048576"))
    job = upload(world, data)
    assert job.status == ImportJob.Status.FAILED
    message = job.errors[0]["message"]
    assert "1,048,576 rows" in message and "16,384 columns" in message and "5,000,000 cells" in message, message
    page = world.client_for(world.alice).get(reverse("landscape:import_job", args=[world.a.slug, job.pk]))
    assert "16,384 columns" in page.content.decode()


def test_an_import_that_runs_out_of_time_ends_failed_saying_so(world: World, settings: Any) -> None:
    settings.ACCORD_IMPORT_LIMITS = {"seconds": 0}
    rows = "".join(f"Org {i},expert\n" for i in range(600))
    job = upload(world, f"name,type\n{rows}".encode(), "slow.csv")
    assert job.status == ImportJob.Status.FAILED
    assert "longer than 0 seconds" in job.errors[0]["message"], job.errors


def test_the_background_task_fails_its_import_when_anything_escapes(world: World) -> None:
    job = ImportJob.objects.create(alliance=world.a, filename="x.csv", format="csv", preview={"upload": "nowhere"})
    with (
        mock.patch.object(tasks, "import_job_parse", side_effect=MemoryError),
        pytest.raises(MemoryError),
    ):
        tasks.parse_import_job.func(import_job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "stopped before the end" in job.errors[0]["message"]


def test_an_import_whose_worker_died_is_failed_when_someone_looks(world: World) -> None:
    started = timezone.now() - dt.timedelta(seconds=limits.DEFAULTS["seconds"] + 100)
    job = ImportJob.objects.create(
        alliance=world.a, filename="x.xlsx", format="xlsx", preview={"upload": "x", "started_at": started.isoformat()}
    )
    # Within the time limit (and a minute) it is still reading...
    soon = started + dt.timedelta(seconds=limits.DEFAULTS["seconds"])
    assert stalled.expire_if_stalled(job, now=soon).status == ImportJob.Status.PENDING
    # ...after it, whoever opens the import sees it failed.
    page = world.client_for(world.alice).get(reverse("landscape:import_job", args=[world.a.slug, job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "stopped before the end" in page.content.decode()
    # An upload no worker ever took fails too, an hour after the time limit.
    queued = ImportJob.objects.create(alliance=world.a, filename="y.xlsx", format="xlsx", preview={"upload": "y"})
    later = queued.created_at + dt.timedelta(hours=1, seconds=limits.DEFAULTS["seconds"] + 61)
    assert stalled.expire_if_stalled(queued, now=later - dt.timedelta(minutes=2)).status == ImportJob.Status.PENDING
    assert stalled.expire_if_stalled(queued, now=later).status == ImportJob.Status.FAILED


def test_reading_xlsx_uses_the_guard() -> None:
    # A wrong program could drop the guard and let openpyxl open the file: this one is refused by
    # the guard alone (openpyxl would read its one row happily).
    data = xlsx(sheet_xml([HEADER, inline_row(2, "Ministry", "expert")], dimension="A1:B300000"))
    with pytest.raises(limits.ImportLimitError):
        list(reading.read_xlsx(data).records)


def test_a_limit_is_set_from_the_environment_and_the_rest_keep_their_defaults(tmp_path: Any) -> None:
    import os
    import subprocess
    import sys

    from accord.landscape.importing.limits import DEFAULTS

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ACCORD_"))},
        "DEBUG": "true",
        "ACCORD_VAR_DIR": str(tmp_path),
        "ACCORD_IMPORT_ROWS": "7",
        "DJANGO_SETTINGS_MODULE": "accord.config.settings",
    }
    code = (
        "import django; django.setup(); "
        "from accord.landscape.importing.limits import current; "
        "print(current().rows, current().seconds)"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["7", str(DEFAULTS["seconds"])]
