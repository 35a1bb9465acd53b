"""The import reads XLSX with python-calamine after the guard: the guard still refuses a bomb before
calamine opens it, and calamine's values (floats, dates, "" for empty, cached values of formulas)
come out as openpyxl's did: same rows, same errors, formulas kept as their text, error codes kept."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from unittest import mock

import openpyxl
import pytest
import python_calamine

from accord.landscape.importing import limits, reading
from accord.landscape.importing.checks import parse
from accord.landscape.importing.columns import S
from tests.landscape.test_import_hostile_xlsx import HEADER, inline_row, sheet_xml, xlsx

TODAY = dt.date(2026, 1, 1)


def workbook(rows: list[list[Any]], *, hidden_first: bool = False, merge: str | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if hidden_first:
        lists = ws
        lists.title = "Lists"
        lists.sheet_state = "hidden"
        lists["A1"] = "not the stakeholders"
        ws = wb.create_sheet("stakeholders")
    else:
        ws.title = "stakeholders"
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def openpyxl_records(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """What the openpyxl reader gave, for comparison: each non-blank row's cells by header."""
    ws = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[-1]
    rows = list(ws.iter_rows(values_only=True))
    headers = [str(h) for h in rows[0]]
    out = []
    for n, cells in enumerate(rows[1:], start=2):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        out.append((n, {h: c for h, c in zip(headers, cells, strict=False) if c is not None}))
    return out


def test_a_bomb_is_refused_before_calamine_opens_it() -> None:
    bomb = xlsx(sheet_xml([HEADER, inline_row(2, "Ministry", "expert")], dimension="A1:J1000000"))
    with (
        mock.patch.object(python_calamine.CalamineWorkbook, "from_filelike", side_effect=AssertionError("opened")),
        pytest.raises(limits.ImportLimitError),
    ):
        parse(bomb, "xlsx", today=TODAY)


def test_two_cells_far_apart_are_refused_for_the_rectangle_calamine_would_hold() -> None:
    # Few cells, few columns per row, no row past the limit: but from A1 to ALL150000 calamine
    # would hold 150 million cells.
    rows = [HEADER, b'<row r="2"><c r="ALL2" t="inlineStr"><is><t>x</t></is></c></row>', inline_row(150_000, "y")]
    never = mock.patch.object(python_calamine.CalamineWorkbook, "from_filelike", side_effect=AssertionError("opened"))
    with never, pytest.raises(limits.ImportLimitError) as caught:
        parse(xlsx(sheet_xml(rows)), "xlsx", today=TODAY)
    assert caught.value.limit == "xlsx_cells" and "A1:ALL150000" in str(caught.value)


def test_values_dates_booleans_and_numbers_read_as_openpyxl_read_them() -> None:
    rows = [
        ["id", "name", "type", "target", "influence", "interest", "position", "assessed_on", "phone", "notes"],
        ["a1", "Ministry of Seeds", "national_government", True, 4, 3, -1, dt.datetime(2025, 3, 1), 995322, "x"],
        [None, None, None, None, None, None, None, None, None, None],  # a blank row, skipped
        ["a2", "Seed Fund", "expert", "no", 2.0, 5, "unknown", dt.date(2024, 12, 31), "+995 32", None],
        ["a3", "Bad Row", "expert", "maybe", 2.5, 9, 0, "31/12/2024", None, "=1+1"],
    ]
    data = workbook(rows)
    parsed = parse(data, "xlsx", today=TODAY)
    by_row = {item[0]: item for item in parsed.stakeholders}
    assert sorted(by_row) == [2, 4]
    first, second = by_row[2], by_row[4]
    assert (first[S["target"]], first[S["influence"]], first[S["position"]]) == (True, 4, -1)
    assert (first[S["assessed_on"]], first[S["phone"]]) == ("2025-03-01", "995322")
    assert (second[S["target"]], second[S["position"]], second[S["assessed_on"]]) == (False, None, "2024-12-31")
    # Row numbers and columns of the errors as the spreadsheet shows them.
    assert sorted({(e["row"], e["column"]) for e in parsed.errors}) == [
        (5, "assessed_on"),
        (5, "influence"),
        (5, "interest"),
        (5, "target"),
    ]
    # The same rows as openpyxl's reader saw, and the formula kept as its text.
    records = list(reading.read_xlsx(data).records)
    assert [r for _s, r, _v in records] == [n for n, _v in openpyxl_records(data)]
    assert records[-1][2]["notes"] == "=1+1"


def test_a_hidden_sheet_before_the_stakeholders_and_merged_cells() -> None:
    rows = [["name", "type", "notes"], ["Ministry of Seeds", "expert", "merged note"], ["Seed Fund", "expert", ""]]
    parsed = parse(workbook(rows, hidden_first=True, merge="C2:C3"), "xlsx", today=TODAY)
    assert [(i[S["name"]], i[S["notes"]]) for i in parsed.stakeholders] == [
        ("Ministry of Seeds", "merged note"),
        ("Seed Fund", ""),
    ]


def test_a_header_that_starts_below_the_first_row_is_not_a_header() -> None:
    # openpyxl read the first row of the sheet as the header: calamine must not skip empty rows.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "stakeholders"
    ws["B3"], ws["C3"] = "name", "type"
    ws["B4"], ws["C4"] = "Ministry", "expert"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(reading.ImportFileError, match="empty"):
        parse(out.getvalue(), "xlsx", today=TODAY)


def test_an_error_code_written_as_text_comes_back() -> None:
    parsed = parse(workbook([["name", "notes"], ["Ministry", "#N/A"]]), "xlsx", today=TODAY)
    assert parsed.stakeholders[0][S["notes"]] == "#N/A"
