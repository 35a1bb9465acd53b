"""Reading an uploaded file into records: (sheet, row number, {column: raw value}) for each
stakeholder and tie, whatever the format (CSV, XLSX, Kumu JSON, GraphML). Headers are matched to
Accord's columns (with the usual aliases); nothing is checked here but the file's shape, and the
records are produced lazily so a large file is never held twice."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from accord.landscape.importing.columns import (
    STAKEHOLDER_ALIASES,
    STAKEHOLDER_COLUMNS,
    TIE_ALIASES,
    TIE_COLUMNS,
    ImportFileError,
)
from accord.landscape.importing.values import squash
from accord.landscape.models import ImportJob

# An XLSX is a zip: refuse one that would inflate beyond this (a zip bomb) before opening it.
MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024
# Kumu attributes that are objects are kept as JSON text, cut a little beyond what a cell holds.
LONG_TEXT = 10_000


@dataclass
class Source:
    """What a reader found: records (sheet, row number, {column: raw value}) and notices."""

    present: dict[str, set[str]] = field(default_factory=lambda: {"stakeholders": set(), "ties": set()})
    notices: list[str] = field(default_factory=list)
    unescape: bool = True  # spreadsheets carry formula escapes; JSON and XML do not
    records: Iterator[tuple[str, int, dict[str, Any]]] = field(default_factory=lambda: iter(()))


def _canon(header: Any) -> str:
    text = "" if header is None else str(header)
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower().replace("\ufeff", "")).strip("_")


def _columns(headers: list[Any], sheet: str, source: Source, *, label: str) -> list[str | None]:
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
            _("%(where)s: columns not used: %(cols)s.") % {"where": label, "cols": ", ".join(unused[:20])}
        )
    source.present[sheet] |= seen
    return out


def _require(source: Source, sheet: str, label: str) -> None:
    needed = {"name"} if sheet == "stakeholders" else {"from", "to"}
    missing = needed - source.present[sheet]
    if missing:
        raise ImportFileError(
            _(
                "%(where)s has no “%(cols)s” column. The first row must name the columns; download the template to see them."
            )
            % {"where": label, "cols": "”, “".join(sorted(missing))}
        )


def blank(values: tuple[Any, ...] | list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(_("The file says it is UTF-16 but is not valid UTF-16.")) from None
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            _("This is not a text CSV file (it contains binary data). Upload a CSV, XLSX, Kumu JSON or GraphML file.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "The file is not UTF-8 (unreadable text on line %(line)s). In your spreadsheet program, "
                "save it as “CSV UTF-8” and upload it again."
            )
            % {"line": line}
        ) from None


def read_csv(data: bytes) -> Source:
    text = _decode_text(data)
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except csv.Error as exc:
        raise ImportFileError(_("The first line cannot be read as CSV: %(e)s") % {"e": exc}) from None
    source = Source()
    canon = [_canon(h) for h in headers]
    kinds: tuple[str, ...]
    if "record" in canon:
        kinds = ("stakeholders", "ties")
        record_at = canon.index("record")
    elif {"from", "to"} <= set(canon) and "name" not in canon and "label" not in canon:
        kinds, record_at = ("ties",), -1
    else:
        kinds, record_at = ("stakeholders",), -1
    cols = {k: _columns(headers, k, source, label=_("The file")) for k in kinds}
    if record_at >= 0:
        # The shared header names both kinds' columns: only report columns neither kind uses.
        source.notices = []
        unused = [str(h) for i, h in enumerate(headers) if i != record_at and all(cols[k][i] is None for k in kinds)]
        if unused:
            source.notices.append(_("The file: columns not used: %(cols)s.") % {"cols": ", ".join(unused[:20])})
    _require(source, kinds[0], _("The file"))

    def records() -> Iterator[tuple[str, int, dict[str, Any]]]:
        row = 1
        try:
            for cells in reader:
                row += 1
                if blank(cells):
                    continue
                if record_at >= 0:
                    kind = squash(cells[record_at]) if record_at < len(cells) else ""
                    sheet = {
                        "stakeholder": "stakeholders",
                        "stakeholders": "stakeholders",
                        "tie": "ties",
                        "ties": "ties",
                    }.get(kind)
                    if sheet is None:
                        yield "stakeholders", row, {"__record__": cells[record_at] if record_at < len(cells) else ""}
                        continue
                else:
                    sheet = kinds[0]
                names = cols[sheet]
                yield sheet, row, {n: cells[i] for i, n in enumerate(names) if n is not None and i < len(cells)}
        except csv.Error as exc:
            raise ImportFileError(
                _("Line %(line)s cannot be read as CSV (%(e)s). A cell may be too large or a quote unclosed.")
                % {"line": reader.line_num, "e": exc}
            ) from None

    source.records = records()
    return source


def read_xlsx(data: bytes) -> Source:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise ImportFileError(_("The spreadsheet is too large once unpacked."))
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(
            _("This is not a readable XLSX file. Save it from your spreadsheet program as “Excel Workbook (.xlsx)”.")
        ) from None
    sheets = {ws.title.strip().lower(): ws for ws in workbook.worksheets}
    main = sheets.get("stakeholders")
    if main is None:
        candidates = [ws for name, ws in sheets.items() if name not in {"ties", "instructions", "lists"}]
        main = candidates[0] if candidates else None
    if main is None:
        raise ImportFileError(_("The workbook has no “stakeholders” sheet."))
    ties = sheets.get("ties")
    source = Source()
    plan = []
    for sheet, ws in (("stakeholders", main), ("ties", ties)):
        if ws is None:
            continue
        rows = ws.iter_rows(values_only=True)
        try:
            headers = list(next(rows))
        except StopIteration:
            if sheet == "ties":
                continue
            raise ImportFileError(_("The “%(sheet)s” sheet is empty.") % {"sheet": ws.title}) from None
        except Exception:
            raise ImportFileError(_("The “%(sheet)s” sheet cannot be read.") % {"sheet": ws.title}) from None
        if blank(headers):
            if sheet == "ties":
                continue
            raise ImportFileError(_("The “%(sheet)s” sheet is empty.") % {"sheet": ws.title})
        label = _("The “%(sheet)s” sheet") % {"sheet": ws.title}
        cols = _columns(headers, sheet, source, label=label)
        _require(source, sheet, label)
        plan.append((sheet, ws.title, rows, [(i, n) for i, n in enumerate(cols) if n is not None]))

    def records() -> Iterator[tuple[str, int, dict[str, Any]]]:
        for sheet, title, rows, cols in plan:
            row = 1
            try:
                for cells in rows:
                    row += 1
                    if blank(cells):
                        continue
                    n = len(cells)
                    yield sheet, row, {name: cells[i] for i, name in cols if i < n}
            except Exception:
                raise ImportFileError(
                    _("Row %(row)s of the “%(sheet)s” sheet cannot be read.") % {"row": row, "sheet": title}
                ) from None
        workbook.close()

    source.records = records()
    return source


def _flat(item: Any, kind: str, index: int) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ImportFileError(_("%(kind)s %(n)s is not an object.") % {"kind": kind, "n": index})
    attrs = item.get("attributes")
    flat = {**attrs, **{k: v for k, v in item.items() if k != "attributes"}} if isinstance(attrs, dict) else dict(item)
    return flat


def read_kumu(data: bytes) -> Source:
    try:
        doc = json.loads(_decode_text(data))
    except ImportFileError:
        raise
    except (ValueError, RecursionError) as exc:
        raise ImportFileError(_("This is not valid JSON (%(e)s).") % {"e": str(exc)[:120]}) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("elements"), list):
        raise ImportFileError(
            _("This JSON is not a Kumu map: it needs an “elements” list (and may have “connections”).")
        )
    connections = doc.get("connections") or []
    if not isinstance(connections, list):
        raise ImportFileError(_("In this Kumu map, “connections” is not a list."))
    if not doc["elements"]:
        raise ImportFileError(_("The Kumu map has no elements."))
    source = Source(unescape=False)
    elements = [_flat(e, _("Element"), i + 1) for i, e in enumerate(doc["elements"])]
    conns = [_flat(c, _("Connection"), i + 1) for i, c in enumerate(connections)]

    def header_of(items: list[dict[str, Any]]) -> list[str]:
        seen: dict[str, None] = {}
        for it in items:
            for k in it:
                seen.setdefault(str(k), None)
        return list(seen)

    e_head = header_of(elements)
    e_cols = dict(zip(e_head, _columns(e_head, "stakeholders", source, label=_("Elements")), strict=True))
    _require(source, "stakeholders", _("Elements"))
    c_head = header_of(conns)
    c_cols = dict(zip(c_head, _columns(c_head, "ties", source, label=_("Connections")), strict=True))
    if conns:
        _require(source, "ties", _("Connections"))

    def value(v: Any) -> Any:
        if isinstance(v, list):  # Kumu tags
            return ", ".join(str(x) for x in v)
        if isinstance(v, dict):
            return json.dumps(v)[: LONG_TEXT + 1]
        return v

    def records() -> Iterator[tuple[str, int, dict[str, Any]]]:
        for i, e in enumerate(elements, start=1):
            yield "stakeholders", i, {e_cols[k]: value(v) for k, v in e.items() if e_cols.get(k)}  # type: ignore[misc]
        for i, c in enumerate(conns, start=1):
            yield "ties", i, {c_cols[k]: value(v) for k, v in c.items() if c_cols.get(k)}  # type: ignore[misc]

    source.records = records()
    return source


def read_graphml(data: bytes) -> Source:
    from defusedxml import ElementTree as SafeET  # refuses entity expansion (XML bombs) and DTD tricks
    from defusedxml.common import DefusedXmlException

    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException:
        raise ImportFileError(
            _("The XML file uses entities or external references, which Accord refuses for safety.")
        ) from None
    except Exception as exc:
        raise ImportFileError(_("This is not valid XML (%(e)s).") % {"e": str(exc)[:120]}) from None

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    if local(root.tag) != "graphml":
        raise ImportFileError(_("This XML file is not GraphML."))
    keys: dict[str, str] = {}
    graph = None
    for child in root:
        if local(child.tag) == "key":
            keys[child.get("id", "")] = child.get("attr.name") or child.get("id", "")
        elif local(child.tag) == "graph" and graph is None:
            graph = child
    if graph is None:
        raise ImportFileError(_("The GraphML file has no graph."))
    nodes = [el for el in graph if local(el.tag) == "node"]
    edges = [el for el in graph if local(el.tag) == "edge"]
    if not nodes:
        raise ImportFileError(_("The GraphML graph has no nodes."))
    source = Source(unescape=False)

    def attrs(el: Any) -> dict[str, Any]:
        return {keys.get(d.get("key", ""), d.get("key", "")): (d.text or "") for d in el if local(d.tag) == "data"}

    node_attrs = [attrs(n) for n in nodes]
    edge_attrs = [attrs(e) for e in edges]
    n_head = list(dict.fromkeys(k for a in node_attrs for k in a))
    n_cols = dict(zip(n_head, _columns(n_head, "stakeholders", source, label=_("Nodes")), strict=True))
    source.present["stakeholders"] |= {"id"}
    if "name" not in source.present["stakeholders"]:
        raise ImportFileError(_("The GraphML nodes have no “name” (or “label”) data key."))
    e_head = list(dict.fromkeys(k for a in edge_attrs for k in a))
    e_cols = dict(zip(e_head, _columns(e_head, "ties", source, label=_("Edges")), strict=True))
    source.present["ties"] |= {"from", "to"}

    def records() -> Iterator[tuple[str, int, dict[str, Any]]]:
        for i, (node, a) in enumerate(zip(nodes, node_attrs, strict=True), start=1):
            values = {n_cols[k]: v for k, v in a.items() if n_cols.get(k)}
            values["id"] = node.get("id", "")
            yield "stakeholders", i, values  # type: ignore[misc]
        for i, (edge, a) in enumerate(zip(edges, edge_attrs, strict=True), start=1):
            values = {e_cols[k]: v for k, v in a.items() if e_cols.get(k)}
            values["from"], values["to"] = edge.get("source", ""), edge.get("target", "")
            yield "ties", i, values  # type: ignore[misc]

    source.records = records()
    return source


READERS: dict[str, Callable[[bytes], Source]] = {
    ImportJob.Format.CSV: read_csv,
    ImportJob.Format.XLSX: read_xlsx,
    ImportJob.Format.KUMU: read_kumu,
    ImportJob.Format.GRAPHML: read_graphml,
}


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
