"""Looking inside an XLSX before any reader loads it.

An XLSX is a zip of XML parts, and what the parts declare is not what they cost: every XLSX reader
(openpyxl, and python-calamine, which the import reads with) reads the whole shared-string table
when it opens a workbook, pads each row to the sheet's width and yields every empty row up to the
last one; calamine even holds the whole rectangle of a sheet, from A1 to its last row and column,
in memory. So before any reader sees the file, `inspect` checks it against the import's limits (`limits.current()`), cheapest first:

1. the zip's directory: the size of every part once unpacked, and of all of them together
   (Python's zipfile never inflates a part past its declared size, so the directory bounds it);
2. the shared strings: their declared count, their size, then a streaming pass that counts them
   and the characters of each;
3. every sheet (openpyxl reads to the end of each sheet without a declared dimension when it
   opens the workbook): its declared dimension, then a streaming pass that counts cells and
   checks each cell's characters, each row's columns and the last row, and at the end the
   rectangle the sheet's cells span (what calamine will hold).

The same pass keeps what calamine would not give as written (`Sheet.formulas`): a formula's text
(calamine reads its cached value, and the import keeps a formula as its text, never its result) and
an error cell's code ("#N/A", which calamine reads as empty; openpyxl writes the text "#N/A" so).

The streaming passes feed expat a chunk at a time and keep only counters, so a file with one
380 MB cell or 22 million strings is refused within its first megabytes and a few MB of memory,
and the clock of the dry run (`limits.check_time`) is checked after every chunk. A DTD is refused
outright (no XLSX needs one; it is how entity bombs start).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from django.utils.translation import gettext_noop

from accord.landscape.importing.columns import ImportFileError
from accord.landscape.importing.limits import ImportLimitError, Limits, check_time, megabytes, number, refuse
from accord.lib.sentences import Sentence

MB = 1024 * 1024
CHUNK = 256 * 1024
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
WORKBOOK_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)
# Sheets a workbook may carry that are never the stakeholders (Accord's own template has them).
NOT_STAKEHOLDERS = {"ties", "connections", "instructions", "lists"}
DIGITS = "0123456789"
CELL_REF = re.compile(r"([A-Za-z]{1,4})(\d{1,8})$")
RANGE_REF = re.compile(r"([A-Za-z]{1,4})(\d{1,8})(?::([A-Za-z]{1,4})(\d{1,8}))?$")


def unreadable() -> ImportFileError:
    return ImportFileError(
        Sentence(
            gettext_noop(
                "This is not a readable XLSX file. Save it from your spreadsheet program as “Excel Workbook (.xlsx)”."
            )
        )
    )


def choose_sheets(titles: list[str]) -> tuple[int | None, int | None]:
    """Which sheets an import reads, by position: the stakeholders (a sheet of that name, else
    Kumu's "Elements", else the first that is not ties, instructions or lists) and the ties (a
    sheet of that name, else Kumu's "Connections")."""
    names = [t.strip().lower() for t in titles]

    def first(*wanted: str) -> int | None:
        return next((names.index(w) for w in wanted if w in names), None)

    main = first("stakeholders", "elements")
    if main is None:
        main = next((i for i, n in enumerate(names) if n not in NOT_STAKEHOLDERS), None)
    return main, first("ties", "connections")


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


@dataclass
class Sheet:
    title: str
    part: str
    # (row, column), both from 1 -> "=" and the formula's text for a formula, the code for an error.
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _refuse_dtd(*_args: Any) -> None:
    raise ImportFileError(Sentence(gettext_noop("The spreadsheet contains a DTD, which Accord refuses for safety.")))


def _stream(
    archive: zipfile.ZipFile,
    part: str,
    start: Callable[[str, dict[str, str]], None],
    text: Callable[[str], None],
    end: Callable[[str], None] | None = None,
    parsers: list[Any] | None = None,
) -> None:
    """Feed one part of the zip to expat a chunk at a time, checking the clock after each.
    Element names reach `start` as written (with any prefix: "x:c")."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    if end is not None:
        parser.EndElementHandler = end
    if parsers is not None:
        parsers.append(parser)  # for a handler to set or drop other handlers as it reads
    # Adjacent text arrives in one call (up to the buffer), not one per line or entity.
    parser.buffer_text = True
    parser.buffer_size = 64 * 1024
    try:
        with archive.open(part) as fh:
            while chunk := fh.read(CHUNK):
                parser.Parse(chunk, False)
                check_time()
            parser.Parse(b"", True)
    except (expat.ExpatError, zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        raise unreadable() from None


def _xml(archive: zipfile.ZipFile, part: str) -> Any:
    """A small part (already size-checked) as an element tree, with entities refused."""
    from defusedxml import ElementTree as SafeET

    try:
        return SafeET.fromstring(archive.read(part))
    except Exception:
        raise unreadable() from None


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _parts(archive: zipfile.ZipFile) -> tuple[str, str | None, list[str]]:
    """The workbook part, the shared-strings part and every worksheet part, as the content types
    name them (openpyxl finds them the same way)."""
    if "[Content_Types].xml" not in archive.NameToInfo:
        raise unreadable()
    workbook, strings, worksheets = None, None, []
    for el in _xml(archive, "[Content_Types].xml"):
        kind, name = el.get("ContentType", ""), (el.get("PartName") or "").lstrip("/")
        if _local(el.tag).endswith("Override"):
            if kind in WORKBOOK_TYPES and workbook is None:
                workbook = name
            elif kind == SHARED_STRINGS_TYPE:
                strings = name
            elif kind == WORKSHEET_TYPE and name in archive.NameToInfo:
                worksheets.append(name)
    workbook = workbook or "xl/workbook.xml"
    if workbook not in archive.NameToInfo:
        raise unreadable()
    return workbook, strings if strings in archive.NameToInfo else None, worksheets


def _sheets(archive: zipfile.ZipFile, workbook: str) -> list[Sheet]:
    """The workbook's worksheets in order (chart sheets left out, as openpyxl does)."""
    rels_part = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
    targets: dict[str, str] = {}
    if rels_part in archive.NameToInfo:
        for rel in _xml(archive, rels_part):
            if "chartsheet" not in rel.get("Type", ""):
                targets[rel.get("Id", "")] = _resolve(workbook, rel.get("Target", ""))
    out = []
    for el in _xml(archive, workbook).iter():
        if _local(el.tag.rpartition("}")[2]) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k.rpartition("}")[2]) == "id"), "")
        part = targets.get(rid)
        if part and part in archive.NameToInfo:
            out.append(Sheet(el.get("name", ""), part))
    return out


def inspect(archive: zipfile.ZipFile, limits: Limits) -> list[Sheet]:
    """Check an XLSX against the limits without loading it; return its sheets. Raises
    ImportLimitError naming the limit broken and the numbers, ImportFileError when it is no
    XLSX at all."""
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if total > limits.xlsx_unpacked_mb * MB:
        raise refuse(
            "xlsx_unpacked_mb",
            gettext_noop("Unpacked, this spreadsheet would take %(found)s MB; Accord unpacks at most %(limit)s MB."),
            {"found": megabytes(total), "limit": number(limits.xlsx_unpacked_mb)},
        )
    workbook, strings, worksheets = _parts(archive)
    # Every sheet, not only those Accord reads: opening a workbook, openpyxl reads each sheet
    # that declares no dimension to its end.
    sheets = _sheets(archive, workbook)
    named = {s.part for s in sheets}
    sheets += [Sheet(part, part) for part in worksheets if part not in named]
    sheet_parts = {s.part for s in sheets}
    for info in infos:
        name = info.filename
        if name in sheet_parts or name == strings or not name.endswith((".xml", ".rels")):
            continue
        if info.file_size > limits.xlsx_part_mb * MB:
            raise refuse(
                "xlsx_part_mb",
                gettext_noop(
                    "The part “%(part)s” of this spreadsheet takes %(found)s MB unpacked; "
                    "Accord reads at most %(limit)s MB of it."
                ),
                {"part": name[:80], "found": megabytes(info.file_size), "limit": number(limits.xlsx_part_mb)},
            )
    if strings is not None:
        _check_shared_strings(archive, strings, limits)
    budget = [limits.xlsx_cells]
    for sheet in sheets:
        _check_sheet(archive, sheet, limits, budget)
    return sheets


def _check_shared_strings(archive: zipfile.ZipFile, part: str, limits: Limits) -> None:
    size = archive.getinfo(part).file_size
    if size > limits.xlsx_shared_strings_mb * MB:
        raise refuse(
            "xlsx_shared_strings_mb",
            gettext_noop(
                "The shared strings of this spreadsheet (the texts its cells use) take %(found)s MB unpacked; "
                "Accord reads at most %(limit)s MB."
            ),
            {"found": megabytes(size), "limit": number(limits.xlsx_shared_strings_mb)},
        )
    count = chars = 0

    def too_many(found: str | Sentence) -> ImportLimitError:
        return refuse(
            "xlsx_shared_strings",
            gettext_noop(
                "This spreadsheet has %(found)s shared strings (the texts its cells use); "
                "Accord reads at most %(limit)s."
            ),
            {"found": found, "limit": number(limits.xlsx_shared_strings)},
        )

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal count, chars
        if ":" in name:
            name = _local(name)
        if name == "si":
            count += 1
            chars = 0
            if count > limits.xlsx_shared_strings:
                raise too_many(Sentence(gettext_noop("more than %(n)s"), {"n": number(limits.xlsx_shared_strings)}))
        elif name == "sst":
            # What the table declares is checked before reading a single string.
            declared = attrs.get("uniqueCount", "")
            if declared.isdigit() and int(declared) > limits.xlsx_shared_strings:
                raise too_many(number(int(declared)))

    def text(data: str) -> None:
        # All text of a string counts, its runs and phonetic hints too: an upper bound is enough.
        nonlocal chars
        chars += len(data)
        if chars > limits.cell_chars:
            raise refuse(
                "cell_chars",
                gettext_noop(
                    "Text number %(n)s of this spreadsheet's shared strings has more than %(limit)s "
                    "characters, the most one cell may hold."
                ),
                {"n": number(count), "limit": number(limits.cell_chars)},
            )

    _stream(archive, part, start, text)


def _check_sheet(archive: zipfile.ZipFile, sheet: Sheet, limits: Limits, budget: list[int]) -> None:
    max_rows = limits.rows + 1  # the first row names the columns
    row = col = cols = chars = 0
    last_row = last_col = 0
    ref = ""
    cells_left = budget[0]
    formula: list[str] | None = None  # the text of the formula or error code being read
    columns: dict[str, int] = {}  # "AB" -> 28
    row_digits = ""  # the current row's number as written
    is_error = False

    def refuse_dimension(ref: str, rows: int, cols: int) -> ImportLimitError:
        return refuse(
            "xlsx_cells",
            gettext_noop(
                "The “%(sheet)s” sheet says it spans %(ref)s: %(rows)s rows and %(cols)s columns. Accord reads "
                "at most %(max_rows)s rows, %(max_cols)s columns and %(max_cells)s cells. Delete the empty rows "
                "and columns after your data and save the file again."
            ),
            {
                "sheet": sheet.title,
                "ref": ref[:40],
                "rows": number(rows),
                "cols": number(cols),
                "max_rows": number(max_rows),
                "max_cols": number(limits.xlsx_columns),
                "max_cells": number(limits.xlsx_cells),
            },
        )

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row, col, cols, chars, ref, cells_left, formula, last_row, last_col, is_error, row_digits
        # Called for every element of the sheet (millions): the commonest return first.
        if name == "v":
            if is_error and (row, col) not in sheet.formulas:
                formula = []
                parsers[0].EndElementHandler = end
            return
        if ":" in name:
            name = _local(name)
        if name == "f":
            formula = []
            # Only while a formula or an error code is read: a handler for every element's end
            # would cost as much again as the whole pass.
            parsers[0].EndElementHandler = end
        elif name == "c":
            is_error = attrs.get("t") == "e"
            cells_left -= 1
            if cells_left < 0:
                raise refuse(
                    "xlsx_cells",
                    gettext_noop(
                        "The sheets of this spreadsheet hold more than %(limit)s cells, the most an import reads."
                    ),
                    {"limit": number(limits.xlsx_cells)},
                )
            ref = attrs.get("r", "")
            # Most references are in the row being read: "AB" + the row's digits.
            if row_digits and ref.endswith(row_digits) and (at := columns.get(ref[: -len(row_digits)])):
                col = at
            else:
                letters = ref.rstrip(DIGITS)
                digits = ref[len(letters) :]
                at = columns.get(letters)
                if at is None and digits and letters.isascii() and letters.isalpha() and len(letters) <= 4:
                    at = columns[letters] = column_number(letters)
                if at is None or not digits:
                    col += 1
                else:
                    col = at
                    if digits != row_digits:  # a cell's own reference says its row
                        row = int(digits)
                        row_digits = digits
            cols += 1
            chars = 0
            if row > last_row:
                last_row = row
            if col > last_col:
                last_col = col
            if col > limits.xlsx_columns or cols > limits.xlsx_columns:
                raise refuse(
                    "xlsx_columns",
                    gettext_noop(
                        "Row %(row)s of the “%(sheet)s” sheet reaches column %(col)s; Accord reads at most "
                        "%(limit)s columns. Delete the columns after your data."
                    ),
                    {
                        "row": number(row),
                        "sheet": sheet.title,
                        "col": number(max(col, cols)),
                        "limit": number(limits.xlsx_columns),
                    },
                )
        elif name == "row":
            r = attrs.get("r", "")
            row = int(r) if r.isdigit() else row + 1
            row_digits = str(row)
            col = cols = chars = 0
            if row > max_rows:
                raise refuse(
                    "rows",
                    gettext_noop(
                        "The “%(sheet)s” sheet has a row numbered %(row)s; Accord reads at most %(limit)s rows. "
                        "Delete the rows after your data, or split the file."
                    ),
                    {"sheet": sheet.title, "row": number(row), "limit": number(max_rows)},
                )
        elif name == "dimension":
            found = RANGE_REF.match(attrs.get("ref", ""))
            if found and found.group(3):
                rows = int(found.group(4)) - int(found.group(2)) + 1
                width = column_number(found.group(3)) - column_number(found.group(1)) + 1
                if rows > max_rows or width > limits.xlsx_columns or rows * width > limits.xlsx_cells:
                    raise refuse_dimension(attrs.get("ref", ""), rows, width)

    def text(data: str) -> None:
        # Every character since the cell began counts (value, formula, rich-text runs), and so
        # does text between cells: a reader would keep that too.
        nonlocal chars
        chars += len(data)
        if formula is not None:
            formula.append(data)
        if chars > limits.cell_chars:
            raise refuse(
                "cell_chars",
                gettext_noop(
                    "Cell %(cell)s of the “%(sheet)s” sheet has more than %(limit)s characters, "
                    "the most one cell may hold."
                ),
                {"cell": ref[:12] or "?", "sheet": sheet.title, "limit": number(limits.cell_chars)},
            )

    def end(name: str) -> None:
        nonlocal formula
        if formula is None:
            return
        name = _local(name)
        if name == "f":
            if formula:  # a shared formula's other cells carry no text: their value is read
                sheet.formulas[(row, col)] = "=" + "".join(formula)
            formula = None
        elif name == "v":
            sheet.formulas[(row, col)] = "".join(formula)
            formula = None
        if formula is None:
            parsers[0].EndElementHandler = None

    parsers: list[Any] = []
    _stream(archive, sheet.part, start, text, parsers=parsers)
    budget[0] = cells_left
    # A reader that holds the sheet holds every cell of the rectangle from A1 to the last cell,
    # empty or not: a cell at A200001 and one at ALL1 would be 200 million of them.
    if last_row > max_rows:
        raise refuse(
            "rows",
            gettext_noop(
                "The “%(sheet)s” sheet has a row numbered %(row)s; Accord reads at most %(limit)s rows. "
                "Delete the rows after your data, or split the file."
            ),
            {"sheet": sheet.title, "row": number(last_row), "limit": number(max_rows)},
        )
    if last_row * last_col > limits.xlsx_cells:
        letters = ""
        n = last_col
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(65 + rest) + letters
        raise refuse_dimension(f"A1:{letters}{last_row}", last_row, last_col)
