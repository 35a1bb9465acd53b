"""Reading an uploaded file into records: (sheet, row number, {column: raw value}) for each
stakeholder and tie, whatever the format (CSV and XLSX here; Kumu JSON in `kumu`, GraphML in
`graphml`, on the helpers of this module). Headers are matched to Accord's columns (with the usual
aliases); nothing is checked here but the file's shape, and the records are produced lazily so a
large file is never held twice.

A CSV's encoding and separator are detected or chosen (`csv_text`); an XLSX is checked against the
import's limits before calamine opens it (`xlsx_guard`). Messages are Sentences, so each reader
of an import reads them in their own language.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from accord.landscape.importing import csv_text, limits, xlsx_guard
from accord.landscape.importing.columns import (
    STAKEHOLDER_ALIASES,
    STAKEHOLDER_COLUMNS,
    TIE_ALIASES,
    TIE_COLUMNS,
    ImportFileError,
)
from accord.landscape.importing.values import squash
from accord.landscape.models import ImportJob
from accord.lib.sentences import Sentence


@dataclass
class Source:
    """What a reader found: records (sheet, row number, {column: raw value}) and notices; for a
    CSV, how it was read (`read_as`: encoding and separator)."""

    present: dict[str, set[str]] = field(default_factory=lambda: {"stakeholders": set(), "ties": set()})
    notices: list[Sentence] = field(default_factory=list)
    unescape: bool = True  # spreadsheets carry formula escapes; JSON and XML do not
    records: Iterator[tuple[str, int, dict[str, Any]]] = field(default_factory=lambda: iter(()))
    read_as: dict[str, Any] = field(default_factory=dict)


def _canon(header: Any) -> str:
    text = "" if header is None else str(header)
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower().replace("\ufeff", "")).strip("_")


def _columns(headers: list[Any], sheet: str, source: Source, *, label: str | Sentence) -> list[str | None]:
    """Canonical column for each header cell (None for columns Accord does not use)."""
    known = STAKEHOLDER_COLUMNS if sheet == "stakeholders" else TIE_COLUMNS
    aliases = STAKEHOLDER_ALIASES if sheet == "stakeholders" else TIE_ALIASES
    canon = [_canon(h) for h in headers]
    out: list[str | None] = [None] * len(headers)
    seen: set[str] = set()
    # Exact names first, then aliases, so "notes" beside "note" never takes the tie's column.
    for exact in (True, False):
        for i, name in enumerate(canon):
            if out[i] is not None:
                continue
            name = name if exact else aliases.get(name, "")
            if name in known and name not in seen:
                seen.add(name)
                out[i] = name
    unused = [str(h)[:40] for h, c, o in zip(headers, canon, out, strict=True) if o is None and c and c != "record"]
    if unused:
        source.notices.append(
            Sentence(
                gettext_noop("%(where)s: columns not used: %(cols)s."), {"where": label, "cols": ", ".join(unused[:20])}
            )
        )
    source.present[sheet] |= seen
    return out


def _require(source: Source, sheet: str, label: str | Sentence) -> None:
    needed = {"name"} if sheet == "stakeholders" else {"from", "to"}
    missing = needed - source.present[sheet]
    if missing:
        raise ImportFileError(
            Sentence(
                gettext_noop(
                    "%(where)s has no “%(cols)s” column. The first row must name the columns; "
                    "download the template to see them."
                ),
                {"where": label, "cols": "”, “".join(sorted(missing))},
            )
        )


def blank(values: tuple[Any, ...] | list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _decode_text(data: bytes) -> str:
    """JSON and XML text: UTF-8 (with or without a byte-order mark) or UTF-16 with one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(
                Sentence(gettext_noop("The file says it is UTF-16 but is not valid UTF-16."))
            ) from None
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            Sentence(
                gettext_noop(
                    "This is not a text CSV file (it contains binary data). "
                    "Upload a CSV, XLSX, Kumu JSON or GraphML file."
                )
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            Sentence(
                gettext_noop(
                    "The file is not UTF-8 (unreadable text on line %(line)s). In your spreadsheet program, "
                    "save it as “CSV UTF-8” and upload it again."
                ),
                {"line": line},
            )
        ) from None


THE_FILE = gettext_noop("The file")
RECORD_KINDS = {"stakeholder": "stakeholders", "stakeholders": "stakeholders", "tie": "ties", "ties": "ties"}


def read_csv(data: bytes, *, encoding: str | None = None, delimiter: str | None = None) -> Source:
    """A CSV, in the encoding and with the separator given, or those detected (`csv_text`)."""
    text, read_as = csv_text.read_text(data, encoding=encoding, delimiter=delimiter)
    if not text.strip():
        raise ImportFileError(Sentence(gettext_noop("The file is empty.")))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=read_as.delimiter)
    try:
        headers = next(reader)
    except csv.Error as exc:
        raise ImportFileError(
            Sentence(gettext_noop("The first line cannot be read as CSV: %(e)s"), {"e": str(exc)[:120]})
        ) from None
    source = Source(read_as=read_as.as_json())
    canon = [_canon(h) for h in headers]
    kinds: tuple[str, ...]
    if "record" in canon:
        kinds = ("stakeholders", "ties")
        record_at = canon.index("record")
    elif {"from", "to"} <= set(canon) and "name" not in canon and "label" not in canon:
        kinds, record_at = ("ties",), -1
    else:
        kinds, record_at = ("stakeholders",), -1
    cols = {k: _columns(headers, k, source, label=Sentence(THE_FILE)) for k in kinds}
    if record_at >= 0:
        # The shared header names both kinds' columns: only report columns neither kind uses.
        source.notices = []
        unused = [str(h) for i, h in enumerate(headers) if i != record_at and all(cols[k][i] is None for k in kinds)]
        if unused:
            source.notices.append(
                Sentence(gettext_noop("The file: columns not used: %(cols)s."), {"cols": ", ".join(unused[:20])})
            )
    _require(source, kinds[0], Sentence(THE_FILE))
    max_rows = limits.current().rows

    def records() -> Iterator[tuple[str, int, dict[str, Any]]]:
        row = 1
        try:
            for cells in reader:
                row += 1
                if row % 256 == 0:
                    limits.check_time()
                if row > max_rows + 1:
                    raise limits.refuse(
                        "rows",
                        gettext_noop("The file has more than %(limit)s rows; split it into smaller files."),
                        {"limit": limits.number(max_rows)},
                    )
                if blank(cells):
                    continue
                if record_at >= 0:
                    kind = squash(cells[record_at]) if record_at < len(cells) else ""
                    sheet = RECORD_KINDS.get(kind)
                    if sheet is None:
                        yield "stakeholders", row, {"__record__": cells[record_at] if record_at < len(cells) else ""}
                        continue
                else:
                    sheet = kinds[0]
                names = cols[sheet]
                yield sheet, row, {n: cells[i] for i, n in enumerate(names) if n is not None and i < len(cells)}
        except csv.Error as exc:
            raise ImportFileError(
                Sentence(
                    gettext_noop(
                        "Line %(line)s cannot be read as CSV (%(e)s). A cell may be too large or a quote unclosed."
                    ),
                    {"line": reader.line_num, "e": str(exc)[:120]},
                )
            ) from None

    source.records = records()
    return source


def read_xlsx(data: bytes) -> Source:
    """An XLSX, checked against the import's limits before any reader opens it (`xlsx_guard`),
    then read with python-calamine (Rust; see docs/importing.md for why not openpyxl). Calamine
    reads a formula's cached value; the guard's pass kept each formula's text, which is what the
    import keeps (a formula is never evaluated)."""
    import python_calamine

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:
        raise xlsx_guard.unreadable() from None
    with archive:
        checked = {s.title: s for s in xlsx_guard.inspect(archive, limits.current())}
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        titles = [m.name for m in workbook.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
    except Exception:
        raise xlsx_guard.unreadable() from None
    main_at, ties_at = xlsx_guard.choose_sheets(titles)
    if main_at is None:
        raise ImportFileError(Sentence(gettext_noop("The workbook has no “stakeholders” sheet.")))
    source = Source()
    plan = []
    for sheet, at in (("stakeholders", main_at), ("ties", ties_at)):
        if at is None:
            continue
        title = titles[at]
        try:
            ws = workbook.get_sheet_by_name(title)
            rows = iter(ws.iter_rows())
            headers = [_header(h) for h in next(rows, [])]
        except Exception:
            raise ImportFileError(
                Sentence(gettext_noop("The “%(sheet)s” sheet cannot be read."), {"sheet": title})
            ) from None
        # Calamine's rows begin at the sheet's first row but at its first used column.
        offset = ws.start[1] if ws.start else 0
        formulas: dict[int, list[tuple[int, str]]] = {}
        guarded = checked.get(title)
        for (r, c), text in (guarded.formulas if guarded else {}).items():
            if c - 1 - offset >= 0:
                formulas.setdefault(r, []).append((c - 1 - offset, text))
        for c, text in formulas.get(1, []):
            if c < len(headers):
                headers[c] = text
        if blank(headers):
            if sheet == "ties":
                continue
            raise ImportFileError(Sentence(gettext_noop("The “%(sheet)s” sheet is empty."), {"sheet": title}))
        label = Sentence(gettext_noop("The “%(sheet)s” sheet"), {"sheet": title})
        cols = _columns(headers, sheet, source, label=label)
        _require(source, sheet, label)
        plan.append((sheet, title, rows, [(i, n) for i, n in enumerate(cols) if n is not None], formulas))

    def records() -> Iterator[tuple[str, int, dict[str, Any]]]:
        for sheet, title, rows, cols, formulas in plan:
            row = 1
            try:
                for cells in rows:
                    row += 1
                    if row % 256 == 0:
                        limits.check_time()
                    if row in formulas:
                        for c, text in formulas[row]:
                            if c < len(cells):
                                cells[c] = text
                    if blank(cells):  # calamine gives "" for an empty cell
                        continue
                    n = len(cells)
                    yield sheet, row, {name: cells[i] for i, name in cols if i < n}
            except ImportFileError:
                raise
            except Exception:
                raise ImportFileError(
                    Sentence(
                        gettext_noop("Row %(row)s of the “%(sheet)s” sheet cannot be read."),
                        {"row": row, "sheet": title},
                    )
                ) from None
        workbook.close()

    source.records = records()
    return source


def _header(value: Any) -> Any:
    """A header cell as openpyxl gave it: a whole number without ".0", nothing for an empty cell."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None if value == "" else value


def detect_format(filename: str, data: bytes) -> str:
    name = filename.lower()
    for ext, fmt in (
        (".xlsx", "xlsx"),
        (".csv", "csv"),
        (".json", "kumu"),
        (".graphml", "graphml"),
        (".xml", "graphml"),
    ):
        if name.endswith(ext):
            return fmt
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        return ImportJob.Format.XLSX
    if head.startswith(b"{"):
        return ImportJob.Format.KUMU
    if head.startswith(b"<"):
        return ImportJob.Format.GRAPHML
    return ImportJob.Format.CSV
