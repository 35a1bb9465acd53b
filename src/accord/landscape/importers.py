"""Pouring a file into the landscape: read, check every row, preview, then one atomic commit.

The method asks an alliance to map its landscape; many already have that map in a spreadsheet or
in Kumu. An import never writes on upload: it is always read and checked first (a dry run), and
the person sees every bad row (row, column, reason) and every probable duplicate of a
stakeholder Accord already knows before anything changes. The commit then writes everything in
one transaction, or nothing.

Formats (the same columns both ways, see `STAKEHOLDER_COLUMNS` and `TIE_COLUMNS`):

- **XLSX**: a sheet "stakeholders" and an optional sheet "ties".
- **CSV**: one file. With a `record` column, each row says whether it is a `stakeholder` or a
  `tie` and fills the matching columns (this is what Accord exports). Without it, a file whose
  header has `from` and `to` but no `name` holds ties; any other file holds stakeholders.
  Comma, semicolon or tab separated; UTF-8 (with or without a byte-order mark) or UTF-16.
- **Kumu JSON**: `{"elements": [{"label", "type", ...}], "connections": [{"from", "to", "type"}]}`.
- **GraphML**: nodes with data keys named after the columns, directed edges with kind, strength
  and note.

Matching: a row's `id` finds the stakeholder Accord exported it from (Accord's own number) or
imported it from (its external id); failing that, the exact name does. A row that matches
nothing is new; if its name is close to an existing stakeholder's (rapidfuzz token sort ratio of
at least `DUPLICATE_THRESHOLD`) it is a probable duplicate, and the person chooses to merge it
into the existing one, skip it, or create it anyway (skipped unless they choose).

Only the columns present in the file are applied, so a file of names and types never blanks
contacts. A new assessment (dated, signed by the importer) is written only where position,
influence or interest differ from the current one. Ties are added or updated, never deleted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.core.history import bulk_create, bulk_update
from accord.core.models import Alliance
from accord.landscape import selectors
from accord.landscape.models import Assessment, ImportJob, Scope, Stakeholder, StakeholderType, Tie
from accord.lib.spreadsheet import unescape_formula

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# An XLSX is a zip: refuse one that would inflate beyond this (a zip bomb) before opening it.
MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024
MAX_ROWS = 200_000
# Above this many rows the file is read in the background and the page shows progress.
BACKGROUND_ABOVE_ROWS = 2_000
DUPLICATE_THRESHOLD = 88
# A file with thousands of bad rows is almost always the wrong file; keep the first ones.
MAX_ERRORS_KEPT = 2_000
PROGRESS_EVERY = 1_000
LONG_TEXT = 10_000

STAKEHOLDER_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "type",
    "scope",
    "individual",
    "belongs_to",
    "political_orientation",
    "represents_affected_population",
    "unlikely_suspect",
    "target",
    "target_ask",
    "contact_person",
    "email",
    "phone",
    "website",
    "notes",
    "position",
    "influence",
    "interest",
    "assessed_on",
    "evidence",
)
TIE_COLUMNS: tuple[str, ...] = ("from", "to", "kind", "strength", "note")
ASSESSMENT_COLUMNS = ("position", "influence", "interest", "assessed_on", "evidence")

# Index of each column in a normalised stakeholder row; index 0 is the file's row number.
S = {name: i + 1 for i, name in enumerate(STAKEHOLDER_COLUMNS)}
T = {name: i + 1 for i, name in enumerate(TIE_COLUMNS)}

# Column -> model field, for the columns that are plain stakeholder fields.
FIELD_OF = {
    "name": "name",
    "type": "kind",
    "scope": "scope",
    "individual": "is_individual",
    "political_orientation": "political_orientation",
    "represents_affected_population": "represents_affected_population",
    "unlikely_suspect": "unlikely_suspect",
    "target": "is_target",
    "target_ask": "target_ask",
    "contact_person": "contact_person",
    "email": "email",
    "phone": "phone",
    "website": "website",
    "notes": "notes",
}
# Columns that may be left blank on an existing stakeholder to keep its value (required fields).
KEEP_WHEN_BLANK = {"type", "scope"}

STAKEHOLDER_ALIASES = {
    "label": "name",
    "kind": "type",
    "element_type": "type",
    "description": "notes",
    "external_id": "id",
    "accord_id": "id",
    "is_individual": "individual",
    "organisation": "belongs_to",
    "organization": "belongs_to",
    "orientation": "political_orientation",
    "affected_population": "represents_affected_population",
    "is_target": "target",
    "ask": "target_ask",
    "website_url": "website",
    "url": "website",
    "assessment_date": "assessed_on",
    "date": "assessed_on",
}
TIE_ALIASES = {
    "source": "from",
    "target": "to",
    "type": "kind",
    "connection_type": "kind",
    "description": "note",
    "notes": "note",
    "weight": "strength",
}

Error = dict[str, Any]


class ImportFileError(Exception):
    """The file as a whole cannot be read (not the format it claims, empty, missing columns)."""


class ImportNotReady(Exception):
    """The import is not waiting for a commit (still reading, already imported, discarded)."""


# --- Small value parsers ---------------------------------------------------------------------


class CellError(Exception):
    pass


def _enum_lookup(choices: Any, extra: dict[str, str] | None = None) -> dict[str, str]:
    """value, English label and spaced value (all lower case) -> value."""
    out: dict[str, str] = {}
    with translation.override("en"):
        for value, label in choices.choices:
            out[value] = value
            out[_squash(str(label))] = value
            out[_squash(value.replace("_", " "))] = value
    out.update(extra or {})
    return out


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


_LOOKUPS: dict[str, dict[str, str]] = {}


def _lookup(name: str) -> dict[str, str]:
    if name not in _LOOKUPS:
        if name == "type":
            _LOOKUPS[name] = _enum_lookup(StakeholderType)
        elif name == "scope":
            _LOOKUPS[name] = _enum_lookup(Scope)
        else:
            extra = {k.removeprefix("is "): v for k, v in _enum_lookup(Tie.Kind).items()}
            _LOOKUPS[name] = {**_enum_lookup(Tie.Kind), **extra}
    return _LOOKUPS[name]


TRUE = {"yes", "y", "true", "1", "x", "oui", "si", "sí", "✓"}
FALSE = {"no", "n", "false", "0", "non", ""}


def _text(value: Any, limit: int, *, unescape: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    if unescape:
        text = unescape_formula(text)
    if "\x00" in text:
        raise CellError(_("contains a NUL character; remove it"))
    if len(text) > limit:
        raise CellError(_("is too long: %(n)s characters, at most %(max)s") % {"n": len(text), "max": limit})
    return text


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = _squash(str(value)) if value is not None else ""
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise CellError(_("write yes or no, not “%(v)s”") % {"v": str(value)[:40]})


def _int(value: Any, low: int, high: int, what: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: float
    if isinstance(value, bool):
        raise CellError(_("%(what)s must be a whole number from %(low)s to %(high)s") % _range(what, low, high))
    if isinstance(value, int | float):
        number = value
    else:
        text = str(value).strip().replace("−", "-").replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise CellError(
                _("%(what)s must be a whole number from %(low)s to %(high)s") % _range(what, low, high)
            ) from None
    if number != number or not float(number).is_integer() or not low <= number <= high:
        raise CellError(_("%(what)s must be a whole number from %(low)s to %(high)s") % _range(what, low, high))
    return int(number)


def _range(what: str, low: int, high: int) -> dict[str, Any]:
    return {"what": what, "low": f"{low:+d}" if low < 0 else low, "high": f"{high:+d}" if low < 0 else high}


UNKNOWN_POSITION = {"unknown", "?", "n/a", "na", "desconocido", "inconnu", "inconnue"}


def _position(value: Any) -> tuple[bool, int | None]:
    """(given, position): "unknown" is a given value that means no known position."""
    if isinstance(value, str) and _squash(value) in UNKNOWN_POSITION:
        return True, None
    number = _int(value, -2, 2, _("position"))
    return number is not None, number


def _date(value: Any, today: dt.date) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            raise CellError(_("is not a date: write it as YYYY-MM-DD, for example 2025-03-31")) from None
    if day > today:
        raise CellError(_("is in the future"))
    if day.year < 1950:
        raise CellError(_("is too far in the past"))
    return day.isoformat()


_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


def _email_value(value: Any) -> str:
    text = _text(value, 254, unescape=True)
    if text:
        try:
            _email(text)
        except ValidationError:
            raise CellError(_("is not an email address")) from None
    return text


def _website(value: Any) -> str:
    text = _text(value, 200, unescape=True)
    if text and "://" not in text and "." in text and " " not in text:
        text = "https://" + text
    if text:
        try:
            _url(text)
        except ValidationError:
            raise CellError(_("is not a web address")) from None
    return text


# --- Reading files into records --------------------------------------------------------------


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


def _blank(values: tuple[Any, ...] | list[Any]) -> bool:
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
                if _blank(cells):
                    continue
                if record_at >= 0:
                    kind = _squash(cells[record_at]) if record_at < len(cells) else ""
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
        if _blank(headers):
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
                    if _blank(cells):
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


# --- Checking every row (no database) --------------------------------------------------------


@dataclass
class Parsed:
    stakeholders: list[list[Any]] = field(default_factory=list)
    ties: list[list[Any]] = field(default_factory=list)
    present: dict[str, list[str]] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)
    bad_rows: int = 0
    notices: list[str] = field(default_factory=list)


SHEET_LABELS = {
    "csv": {"stakeholders": "", "ties": ""},
    "xlsx": {"stakeholders": "stakeholders", "ties": "ties"},
    "kumu": {"stakeholders": "elements", "ties": "connections"},
    "graphml": {"stakeholders": "nodes", "ties": "edges"},
}


def parse(
    data: bytes, fmt: str, *, progress: Callable[[int], None] | None = None, today: dt.date | None = None
) -> Parsed:
    """Read and check every row of a file, without touching the database.

    Raises ImportFileError when the file as a whole cannot be used; bad rows are collected in
    `errors` (sheet, row, column, message) and do not stop the reading.
    """
    source = READERS[fmt](data)
    today = today or timezone.localdate()
    out = Parsed(notices=source.notices)
    labels = SHEET_LABELS[fmt]
    unescape = source.unescape
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    seen_ties: dict[tuple[str, str, str], int] = {}
    errors = out.errors
    for count, (sheet, row, values) in enumerate(source.records, start=1):
        if count > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(n)s rows; split it into smaller files.") % {"n": f"{MAX_ROWS:,}"}
            )
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
        problems: list[tuple[str, str]] = []
        if sheet == "stakeholders":
            item = _check_stakeholder(row, values, source.present["stakeholders"], problems, unescape, today)
            if item is not None and not problems:
                ident, name = item[S["id"]], item[S["name"]]
                if ident:
                    if ident in seen_ids:
                        problems.append(("id", _("the same id is on row %(row)s") % {"row": seen_ids[ident]}))
                    else:
                        seen_ids[ident] = row
                if name in seen_names:
                    problems.append(("name", _("the same name is on row %(row)s") % {"row": seen_names[name]}))
                else:
                    seen_names[name] = row
            if not problems and item is not None:
                out.stakeholders.append(item)
        else:
            tie = _check_tie(row, values, problems, unescape)
            if tie is not None and not problems:
                key = (tie[T["from"]], tie[T["to"]], tie[T["kind"]])
                if key in seen_ties:
                    problems.append(("to", _("the same tie is on row %(row)s") % {"row": seen_ties[key]}))
                else:
                    seen_ties[key] = row
                    out.ties.append(tie)
        if problems:
            out.bad_rows += 1
            for column, message in problems:
                if len(errors) < MAX_ERRORS_KEPT:
                    errors.append({"sheet": labels[sheet], "row": row, "column": column, "message": message})
    if not out.stakeholders and not out.ties and not out.bad_rows:
        raise ImportFileError(_("The file has column headings but no rows."))
    out.present = {k: sorted(v) for k, v in source.present.items()}
    return out


def _check_stakeholder(
    row: int,
    values: dict[str, Any],
    present: set[str],
    problems: list[tuple[str, str]],
    unescape: bool,
    today: dt.date,
) -> list[Any] | None:
    if "__record__" in values:
        problems.append(
            ("record", _("write “stakeholder” or “tie”, not “%(v)s”") % {"v": str(values["__record__"])[:40]})
        )
        return None
    item: list[Any] = [row] + [""] * len(STAKEHOLDER_COLUMNS)
    get = values.get

    def text(col: str, limit: int) -> None:
        try:
            item[S[col]] = _text(get(col), limit, unescape=unescape)
        except CellError as exc:
            problems.append((col, str(exc)))

    text("id", 120)
    text("name", 200)
    if not item[S["name"]] and not any(c == "name" for c, _m in problems):
        problems.append(("name", _("the name is missing")))
    for col, lookup_name in (("type", "type"), ("scope", "scope")):
        raw = get(col)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            # Blank keeps the value of a stakeholder Accord already knows; a new one without a
            # type is refused when the rows are matched against the alliance.
            continue
        found = _lookup(lookup_name).get(_squash(unescape_formula(str(raw)) if unescape else str(raw)))
        if found is None:
            hint = (
                _("use one of the values on the template's lists sheet")
                if col == "type"
                else "grassroots, local, national, international"
            )
            problems.append(
                (col, _("unknown %(col)s “%(v)s”: %(hint)s") % {"col": col, "v": str(raw)[:60], "hint": hint})
            )
        else:
            item[S[col]] = found
    for col in ("individual", "represents_affected_population", "unlikely_suspect", "target"):
        if col in present:
            try:
                item[S[col]] = _bool(get(col))
            except CellError as exc:
                problems.append((col, str(exc)))
        else:
            item[S[col]] = None
    text("belongs_to", 200)
    text("political_orientation", 80)
    text("target_ask", LONG_TEXT)
    text("contact_person", 200)
    text("phone", 60)
    text("notes", LONG_TEXT)
    text("evidence", LONG_TEXT)
    try:
        item[S["email"]] = _email_value(get("email"))
    except CellError as exc:
        problems.append(("email", str(exc)))
    try:
        item[S["website"]] = _website(get("website"))
    except CellError as exc:
        problems.append(("website", str(exc)))
    given = False
    try:
        given, item[S["position"]] = _position(get("position"))
    except CellError as exc:
        problems.append(("position", str(exc)))
        given = True
    for col in ("influence", "interest"):
        try:
            item[S[col]] = _int(get(col), 0, 5, _(col))
        except CellError as exc:
            problems.append((col, str(exc)))
            item[S[col]] = -1
    try:
        item[S["assessed_on"]] = _date(get("assessed_on"), today)
    except CellError as exc:
        problems.append(("assessed_on", _("the date %(e)s") % {"e": exc}))
    has_assessment = given or item[S["influence"]] is not None or item[S["interest"]] is not None
    if has_assessment:
        for col in ("influence", "interest"):
            if item[S[col]] is None:
                problems.append((col, _("%(col)s is needed with an assessment (0 to 5)") % {"col": _(col)}))
    if item[S["belongs_to"]] and item[S["belongs_to"]] in (item[S["id"]], item[S["name"]]):
        problems.append(("belongs_to", _("a stakeholder cannot belong to itself")))
    return item


def _check_tie(row: int, values: dict[str, Any], problems: list[tuple[str, str]], unescape: bool) -> list[Any] | None:
    tie: list[Any] = [row, "", "", Tie.Kind.INFLUENCES, 2, ""]
    for col in ("from", "to"):
        try:
            tie[T[col]] = _text(values.get(col), 200, unescape=unescape)
        except CellError as exc:
            problems.append((col, str(exc)))
            continue
        if not tie[T[col]]:
            problems.append(
                (
                    col,
                    _("say which stakeholder the tie goes %(dir)s (its id or name)")
                    % {"dir": _("from") if col == "from" else _("to")},
                )
            )
    raw = values.get("kind")
    if raw is not None and str(raw).strip():
        found = _lookup("kind").get(_squash(str(raw)))
        if found is None:
            choices = ", ".join(Tie.Kind.values)
            problems.append(
                ("kind", _("unknown kind “%(v)s”: use %(choices)s") % {"v": str(raw)[:60], "choices": choices})
            )
        else:
            tie[T["kind"]] = found
    try:
        strength = _int(values.get("strength"), 1, 3, _("strength"))
        tie[T["strength"]] = 2 if strength is None else strength
    except CellError as exc:
        problems.append(("strength", str(exc)))
    try:
        tie[T["note"]] = _text(values.get("note"), 300, unescape=unescape)
    except CellError as exc:
        problems.append(("note", str(exc)))
    if tie[T["from"]] and tie[T["from"]] == tie[T["to"]]:
        problems.append(("to", _("a tie must join two different stakeholders")))
    return tie


# --- Matching against the alliance (reads only) ----------------------------------------------


@dataclass
class Known:
    """The alliance's stakeholders, current assessments and ties, as the plan needs them."""

    by_pk: dict[int, dict[str, Any]]
    by_external: dict[str, int]
    by_name: dict[str, int]
    assessments: dict[int, tuple[int | None, int, int, dt.date]]
    ties: dict[tuple[int, int, str], tuple[int, int, str]]

    @classmethod
    def load(cls, alliance: Alliance) -> Known:
        fields = ["pk", "external_id", "organisation_id", *FIELD_OF.values()]
        by_pk = {r["pk"]: r for r in alliance.stakeholders.values(*fields)}  # type: ignore[attr-defined]
        by_external: dict[str, int] = {}
        for pk, r in by_pk.items():
            if r["external_id"]:
                by_external.setdefault(r["external_id"], pk)
        current = selectors.current_assessments(alliance)
        return cls(
            by_pk=by_pk,
            by_external=by_external,
            by_name={r["name"]: pk for pk, r in by_pk.items()},
            assessments={k: (a.position, a.influence, a.interest, a.assessed_on) for k, a in current.items()},
            ties={
                (s, t, k): (pk, st, note)
                for pk, s, t, k, st, note in alliance.ties.values_list(  # type: ignore[attr-defined]
                    "pk", "source_id", "target_id", "kind", "strength", "note"
                )
            },
        )

    def find(self, ident: str) -> int | None:
        if not ident:
            return None
        if ident.isdigit() and int(ident) in self.by_pk:
            return int(ident)
        return self.by_external.get(ident)


NEW, UPDATE, UNCHANGED, DUPLICATE, SKIP = "new", "update", "unchanged", "duplicate", "skip"
MERGE, CREATE = "merge", "create"
CHOICES = (MERGE, SKIP, CREATE)


@dataclass
class Plan:
    actions: list[str]
    matches: list[int | None]
    changed: list[list[str]]
    assess: list[bool]
    belongs: list[tuple[str, int] | None]  # ("pk", id) or ("row", index) per row, when given
    ties: list[tuple[str, Any, Any, int | None]]  # (action, source ref, target ref, existing tie pk)
    duplicates: list[dict[str, Any]]
    errors: list[Error]
    counts: dict[str, int]


def plan(
    alliance: Alliance,
    parsed_rows: list[list[Any]],
    tie_rows: list[list[Any]],
    present: dict[str, list[str]],
    *,
    fmt: str,
    choices: dict[int, str] | None = None,
    known: Known | None = None,
) -> Plan:
    """Match every checked row against the alliance and decide what the commit would do."""
    from rapidfuzz import fuzz, process, utils

    known = known or Known.load(alliance)
    choices = choices or {}
    labels = SHEET_LABELS[fmt]
    cols = set(present.get("stakeholders", []))
    applied = [c for c in FIELD_OF if c in cols]
    errors: list[Error] = []
    n = len(parsed_rows)
    actions: list[str] = [NEW] * n
    matches: list[int | None] = [None] * n
    changed: list[list[str]] = [[] for _ in range(n)]
    assess = [False] * n
    duplicates: list[dict[str, Any]] = []
    claimed: dict[int, int] = {}
    names_lower = None
    choice_names = list(known.by_name)

    def err(sheet: str, row: int, column: str, message: str) -> None:
        if len(errors) < MAX_ERRORS_KEPT:
            errors.append({"sheet": labels[sheet], "row": row, "column": column, "message": message})

    for i, item in enumerate(parsed_rows):
        row, ident, name = item[0], item[S["id"]], item[S["name"]]
        pk = known.find(ident)
        if pk is None:
            pk = known.by_name.get(name)
        if pk is None:
            if not item[S["type"]]:
                err("stakeholders", row, "type", _("the type is missing for a new stakeholder"))
            if choice_names:
                if names_lower is None:
                    names_lower = [utils.default_process(x) for x in choice_names]
                best = process.extractOne(
                    utils.default_process(name),
                    names_lower,
                    scorer=fuzz.token_sort_ratio,
                    processor=None,
                    score_cutoff=DUPLICATE_THRESHOLD,
                )
                if best is not None:
                    existing_pk = known.by_name[choice_names[best[2]]]
                    choice = choices.get(row, SKIP)
                    duplicates.append(
                        {
                            "sheet": labels["stakeholders"],
                            "row": row,
                            "name": name,
                            "existing_id": existing_pk,
                            "existing_name": choice_names[best[2]],
                            "score": round(best[1]),
                            "choice": choice,
                        }
                    )
                    if choice == SKIP:
                        actions[i] = SKIP
                        continue
                    if choice == MERGE:
                        pk = existing_pk
                        # Merging keeps the name Accord knows; the file's spelling was the variant.
                        item = [*item]
                        item[S["name"]] = known.by_pk[pk]["name"]
                        parsed_rows[i] = item
            if pk is None:
                continue
        if pk in claimed:
            err(
                "stakeholders",
                row,
                "id" if ident else "name",
                _("this is the same stakeholder as row %(row)s") % {"row": claimed[pk]},
            )
            continue
        claimed[pk] = row
        matches[i] = pk
        current = known.by_pk[pk]
        other = known.by_name.get(item[S["name"]])
        if other is not None and other != pk:
            err("stakeholders", row, "name", _("another stakeholder already has this name"))
        diff = []
        for col in applied:
            value = item[S[col]]
            if col in KEEP_WHEN_BLANK and not value:
                continue
            if current[FIELD_OF[col]] != value:
                diff.append(col)
        changed[i] = diff
        actions[i] = UPDATE if diff else UNCHANGED

    # Where each id and name of the file points, for belongs_to and ties.
    row_of: dict[str, int] = {}
    for i, item in enumerate(parsed_rows):
        if item[S["id"]]:
            row_of.setdefault(item[S["id"]], i)
    for i, item in enumerate(parsed_rows):
        row_of.setdefault(item[S["name"]], i)

    def resolve(ref: str) -> tuple[str, int] | None:
        i = row_of.get(ref)
        if i is not None:
            return ("pk", matches[i]) if matches[i] is not None else ("row", i)  # type: ignore[return-value]
        pk = known.find(ref)
        if pk is None:
            pk = known.by_name.get(ref)
        return ("pk", pk) if pk is not None else None

    def same(ref: tuple[str, int], i: int) -> bool:
        return ref == ("row", i) or (matches[i] is not None and ref == ("pk", matches[i]))

    belongs: list[tuple[str, int] | None] = [None] * n
    if "belongs_to" in cols:
        for i, item in enumerate(parsed_rows):
            ref = item[S["belongs_to"]]
            if actions[i] == SKIP:
                continue
            if not ref:
                if matches[i] is not None and known.by_pk[matches[i]]["organisation_id"] is not None:  # type: ignore[index]
                    changed[i].append("belongs_to")
                continue
            target = resolve(ref)
            if target is None:
                err(
                    "stakeholders",
                    item[0],
                    "belongs_to",
                    _("no stakeholder with the id or name “%(v)s”") % {"v": ref[:60]},
                )
                continue
            if same(target, i):
                err("stakeholders", item[0], "belongs_to", _("a stakeholder cannot belong to itself"))
                continue
            belongs[i] = target
            if matches[i] is not None and target != ("pk", known.by_pk[matches[i]]["organisation_id"]):  # type: ignore[index]
                changed[i].append("belongs_to")

    for i, item in enumerate(parsed_rows):
        if actions[i] == SKIP or item[S["influence"]] is None:
            continue
        triple = (item[S["position"]], item[S["influence"]], item[S["interest"]])
        current_a = known.assessments.get(matches[i]) if matches[i] is not None else None  # type: ignore[arg-type]
        assess[i] = current_a is None or current_a[:3] != triple
        if (changed[i] or assess[i]) and actions[i] == UNCHANGED:
            actions[i] = UPDATE

    tie_plan: list[tuple[str, Any, Any, int | None]] = []
    for tie in tie_rows:
        row = tie[0]
        ends = []
        for col in ("from", "to"):
            ref = resolve(tie[T[col]])
            if ref is None:
                err(
                    "ties",
                    row,
                    col,
                    _("no stakeholder with the id or name “%(v)s” in this file or this alliance")
                    % {"v": tie[T[col]][:60]},
                )
            elif ref[0] == "row" and actions[ref[1]] == SKIP:
                ref = ("skip", ref[1])
            ends.append(ref)
        if None in ends:
            tie_plan.append(("bad", None, None, None))
            continue
        source, target = ends
        if source == target:
            err("ties", row, "to", _("a tie must join two different stakeholders"))
            tie_plan.append(("bad", None, None, None))
            continue
        if source[0] == "skip" or target[0] == "skip":  # type: ignore[index]
            tie_plan.append((SKIP, source, target, None))
            continue
        existing = None
        if source[0] == "pk" and target[0] == "pk":  # type: ignore[index]
            existing = known.ties.get((source[1], target[1], tie[T["kind"]]))  # type: ignore[index]
        if existing is None:
            tie_plan.append((NEW, source, target, None))
        elif (existing[1], existing[2]) != (tie[T["strength"]], tie[T["note"]]):
            tie_plan.append((UPDATE, source, target, existing[0]))
        else:
            tie_plan.append((UNCHANGED, source, target, existing[0]))

    counts = {
        "new": sum(1 for a in actions if a == NEW),
        "updated": sum(1 for a in actions if a == UPDATE),
        "unchanged": sum(1 for a in actions if a == UNCHANGED),
        "skipped": sum(1 for a in actions if a == SKIP),
        "duplicates": len(duplicates),
        "ties_new": sum(1 for t in tie_plan if t[0] == NEW),
        "ties_updated": sum(1 for t in tie_plan if t[0] == UPDATE),
        "ties_unchanged": sum(1 for t in tie_plan if t[0] == UNCHANGED),
        "ties_skipped": sum(1 for t in tie_plan if t[0] == SKIP),
        "assessments": sum(assess),
    }
    return Plan(actions, matches, changed, assess, belongs, tie_plan, duplicates, errors, counts)


# --- Services --------------------------------------------------------------------------------


def _authorize(user: Any, alliance: Alliance) -> None:
    import rules
    from django.core.exceptions import PermissionDenied

    if not rules.has_perm("landscape.import_map", user, alliance):
        raise PermissionDenied("landscape.import_map")


def _read_upload(upload: Any) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _too_large()})
    data = upload.read(MAX_UPLOAD_BYTES + 1) if hasattr(upload, "read") else bytes(upload)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _too_large()})
    return data  # type: ignore[no-any-return]


def _too_large() -> str:
    return _("The file is larger than %(mb)s MB. Split it into smaller files.") % {
        "mb": MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def estimate_rows(data: bytes, fmt: str) -> int:
    """A cheap guess of the number of rows, to decide whether to read in the background."""
    if fmt == ImportJob.Format.CSV:
        return data.count(b"\n")
    if fmt == ImportJob.Format.KUMU:
        return data.count(b'"label"') + data.count(b'"from"')
    if fmt == ImportJob.Format.GRAPHML:
        return data.count(b"<node") + data.count(b"<edge")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = sum(i.file_size for i in archive.infolist() if i.filename.startswith("xl/worksheets/"))
        return sheets // 400  # a stakeholder row takes a few hundred bytes of sheet XML
    except Exception:
        return 0


def import_job_create(
    *, alliance: Alliance, user: Any, upload: Any, filename: str, fmt: str | None = None
) -> ImportJob:
    """Receive a file to import. Nothing of the landscape is written: the file is read and
    checked (the dry run) at once, or in the background for long files, and waits for a
    commit. Files over the size limit are refused before anything is stored."""
    _authorize(user, alliance)
    data = _read_upload(upload)
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    fmt = fmt or detect_format(filename, data)
    if fmt not in ImportJob.Format.values:
        raise ValidationError({"format": _("Unknown format.")})
    total = estimate_rows(data, fmt)
    job = ImportJob.objects.create(
        alliance=alliance,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        filename=(filename or "upload")[:255],
        format=fmt,
        total_rows=total,
    )
    path = default_storage.save(f"imports/{alliance.pk}/{uuid.uuid4().hex}.{fmt}", ContentFile(data))
    job.preview = {"upload": path}
    job.save(update_fields=["preview"])
    if total > BACKGROUND_ABOVE_ROWS:
        from accord.landscape.tasks_io import parse_import_job

        parse_import_job.enqueue(import_job_id=job.pk)
        job.refresh_from_db()
    else:
        import_job_parse(job=job)
    return job


def import_job_parse(*, job: ImportJob) -> ImportJob:
    """The dry run: read and check every row, match it against the alliance, and keep the
    result for the preview. Writes only the import record itself, never the landscape."""
    path = (job.preview or {}).get("upload")
    if not path or job.status != ImportJob.Status.PENDING:
        return job
    try:
        with default_storage.open(path, "rb") as fh:
            data = fh.read()

        def progress(done: int) -> None:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=max(done, job.total_rows))

        parsed = parse(data, job.format, progress=progress)
        result = plan(job.alliance, parsed.stakeholders, parsed.ties, parsed.present, fmt=job.format)
    except ImportFileError as exc:
        job.status = ImportJob.Status.FAILED
        job.errors = [{"sheet": "", "row": 0, "column": "", "message": str(exc)}]
        job.preview = {}
    except Exception:  # any other surprise in a hostile file is a refusal, not a crash
        log.exception("import %s could not be read", job.pk)
        job.status = ImportJob.Status.FAILED
        job.errors = [{"sheet": "", "row": 0, "column": "", "message": _("The file could not be read.")}]
        job.preview = {}
    else:
        job.status = ImportJob.Status.PREVIEWED
        job.errors = parsed.errors + result.errors
        rows = len(parsed.stakeholders) + len(parsed.ties) + parsed.bad_rows
        job.total_rows = job.processed_rows = rows
        job.preview = {
            "stakeholders": parsed.stakeholders,
            "ties": parsed.ties,
            "present": parsed.present,
            "notices": parsed.notices,
            "counts": {**result.counts, "bad": parsed.bad_rows + len({(e["sheet"], e["row"]) for e in result.errors})},
            "duplicates": result.duplicates,
            "changes": _changes(parsed.stakeholders, result),
        }
    default_storage.delete(path)
    job.save(update_fields=["status", "errors", "preview", "total_rows", "processed_rows"])
    return job


def _changes(rows: list[list[Any]], result: Plan, limit: int = 200) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item, action, changed, assess in zip(rows, result.actions, result.changed, result.assess, strict=True):
        if action == UPDATE and len(out) < limit:
            cols = list(changed) + (["assessment"] if assess else [])
            out.append({"row": item[0], "name": item[S["name"]], "columns": cols})
    return out


def import_summary(job: ImportJob) -> dict[str, Any]:
    """What the preview page and the API show of an import."""
    preview = job.preview or {}
    return {
        "counts": preview.get("counts", {}),
        "duplicates": preview.get("duplicates", []),
        "changes": preview.get("changes", []),
        "notices": preview.get("notices", []),
    }


@dataclass
class CommitResult:
    created: int
    updated: int
    assessments: int
    ties_created: int
    ties_updated: int
    skipped: int


@transaction.atomic
def import_job_commit(*, job: ImportJob, user: Any, choices: dict[int, str] | None = None) -> CommitResult:
    """Write a previewed import in one transaction: stakeholders, a new dated assessment where
    position, influence or interest changed, and ties — or nothing at all.

    Refused while the file has bad rows (fix them and upload again), and for an import that is
    not waiting for a commit. `choices` maps the row of each probable duplicate to merge, skip or
    create; a duplicate without a choice is skipped. The rows are matched again against the
    alliance as it is now, so a change made since the preview is not overwritten blindly.
    """
    _authorize(user, job.alliance)
    job = ImportJob.objects.select_for_update().select_related("alliance").get(pk=job.pk)
    if job.status != ImportJob.Status.PREVIEWED:
        raise ImportNotReady(
            _("This import is not waiting to be committed (%(status)s).") % {"status": job.get_status_display()}
        )
    if job.errors:
        raise ValidationError(_("The file has rows with problems. Fix them in your file and upload it again."))
    choices = {int(k): v for k, v in (choices or {}).items() if v in CHOICES}
    alliance = job.alliance
    rows: list[list[Any]] = job.preview.get("stakeholders", [])
    ties: list[list[Any]] = job.preview.get("ties", [])
    present = job.preview.get("present", {})
    known = Known.load(alliance)
    result = plan(alliance, rows, ties, present, fmt=job.format, choices=choices, known=known)
    if result.errors:
        job.errors = result.errors
        job.save(update_fields=["errors"])
        raise ValidationError(
            _("Something changed in the alliance since the preview: read the problems and try again.")
        )
    cols = set(present.get("stakeholders", []))
    applied = [c for c in FIELD_OF if c in cols]
    today = timezone.localdate()

    new_objs: dict[int, Stakeholder] = {}
    for i, item in enumerate(rows):
        if result.actions[i] != NEW:
            continue
        obj = Stakeholder(
            alliance=alliance, name=item[S["name"]], external_id=item[S["id"]] if not item[S["id"]].isdigit() else ""
        )
        for col in applied:
            if item[S[col]] not in ("", None) or col not in KEEP_WHEN_BLANK:
                setattr(obj, FIELD_OF[col], item[S[col]])
        new_objs[i] = obj
    try:
        bulk_create(Stakeholder, list(new_objs.values()), user=user)
    except IntegrityError as exc:
        raise ValidationError(
            _("A stakeholder with one of these names was added meanwhile; preview the file again.")
        ) from exc

    def pk_of(ref: tuple[str, int]) -> int:
        return ref[1] if ref[0] == "pk" else new_objs[ref[1]].pk

    by_pk = Stakeholder.objects.in_bulk([m for m in result.matches if m is not None])
    to_update: dict[int, Stakeholder] = {}
    fields: set[str] = set()
    for i, item in enumerate(rows):
        pk = result.matches[i]
        if pk is None or not result.changed[i]:
            continue
        obj = by_pk[pk]
        for col in result.changed[i]:
            if col == "belongs_to":
                continue
            setattr(obj, FIELD_OF[col], item[S[col]])
            fields.add(FIELD_OF[col])
        if not obj.external_id and item[S["id"]] and not item[S["id"]].isdigit():
            obj.external_id = item[S["id"]]
            fields.add("external_id")
        to_update[pk] = obj
    for i, ref in enumerate(result.belongs):
        if "belongs_to" not in cols or result.actions[i] == SKIP:
            continue
        match = result.matches[i]
        found = new_objs.get(i) or (by_pk.get(match) if match is not None else None)
        if found is None:
            continue
        obj = found
        org = pk_of(ref) if ref is not None else None
        if obj.organisation_id != org:
            obj.organisation_id = org
            fields.add("organisation")
            to_update[obj.pk] = obj
    if to_update and fields:
        bulk_update(Stakeholder, list(to_update.values()), sorted(fields), user=user)

    assessments = []
    for i, item in enumerate(rows):
        if not result.assess[i]:
            continue
        matched = result.matches[i]
        owner: int = matched if matched is not None else new_objs[i].pk
        day = dt.date.fromisoformat(item[S["assessed_on"]]) if item[S["assessed_on"]] else today
        previous = known.assessments.get(owner) if matched is not None else None
        current = previous[3] if previous is not None else None
        # A changed judgement is dated today unless the file gives a later date than the current
        # one: editing a position in an exported sheet leaves the old date beside it.
        if current is not None and day <= current:
            day = today
        assessments.append(
            Assessment(
                alliance=alliance,
                stakeholder_id=owner,
                assessed_on=day,
                position=item[S["position"]],
                influence=item[S["influence"]],
                interest=item[S["interest"]],
                evidence=item[S["evidence"]],
                assessed_by=user if getattr(user, "is_authenticated", False) else None,
            )
        )
    bulk_create(Assessment, assessments, user=user)

    new_ties, changed_ties = [], []
    existing_ties = Tie.objects.in_bulk([t[3] for t in result.ties if t[0] == UPDATE and t[3] is not None])
    for (action, source, target, tie_pk), tie in zip(result.ties, ties, strict=True):
        if action == NEW:
            new_ties.append(
                Tie(
                    alliance=alliance,
                    source_id=pk_of(source),
                    target_id=pk_of(target),
                    kind=tie[T["kind"]],
                    strength=tie[T["strength"]],
                    note=tie[T["note"]],
                )
            )
        elif action == UPDATE:
            obj_t = existing_ties[tie_pk]  # type: ignore[index]
            obj_t.strength, obj_t.note = tie[T["strength"]], tie[T["note"]]
            changed_ties.append(obj_t)
    try:
        bulk_create(Tie, new_ties, user=user)
    except IntegrityError as exc:
        raise ValidationError(_("A tie in the file joins the same two stakeholders twice with the same kind.")) from exc
    if changed_ties:
        bulk_update(Tie, changed_ties, ["strength", "note"], user=user)

    job.status = ImportJob.Status.COMMITTED
    job.committed_at = timezone.now()
    counts = dict(job.preview.get("counts", {}))
    counts.update(result.counts)
    # The normalised rows are no longer needed; keep the summary for the record.
    job.preview = {**import_summary(job), "counts": counts, "duplicates": result.duplicates}
    job.save(update_fields=["status", "committed_at", "preview"])
    # "Updated" counts existing stakeholders that changed in any way, their own fields or a new
    # assessment, as the preview announced them.
    reassessed = {result.matches[i] for i in range(len(rows)) if result.assess[i] and result.matches[i] is not None}
    return CommitResult(
        created=len(new_objs),
        updated=len(set(to_update) | reassessed),
        assessments=len(assessments),
        ties_created=len(new_ties),
        ties_updated=len(changed_ties),
        skipped=result.counts["skipped"],
    )


@transaction.atomic
def import_job_discard(*, job: ImportJob) -> ImportJob:
    """Drop an import that has not been committed; the landscape is untouched."""
    if job.status in (ImportJob.Status.COMMITTED, ImportJob.Status.DISCARDED):
        raise ImportNotReady(_("This import can no longer be discarded."))
    path = (job.preview or {}).get("upload")
    if path:
        default_storage.delete(path)
    job.status = ImportJob.Status.DISCARDED
    job.preview = {}
    job.save(update_fields=["status", "preview"])
    return job
