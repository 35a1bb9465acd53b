"""Taking the map out of Accord: CSV, XLSX, Kumu JSON and GraphML, and the import templates.

The columns are those the importer reads (`importing.columns.STAKEHOLDER_COLUMNS`, `TIE_COLUMNS`), so an
export imported back changes nothing. Text that a spreadsheet would run as a formula is escaped
in CSV and XLSX. Only co-chairs and the secretariat export, and every export is logged.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET  # writing only; files are read with defusedxml

import rules
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accord.core.models import Alliance
from accord.landscape.importing.columns import STAKEHOLDER_COLUMNS, TIE_COLUMNS
from accord.landscape.models import ExportLog, Scope, StakeholderType, Tie
from accord.lib.spreadsheet import csv_bytes, xlsx_text

FORMATS = ("csv", "xlsx", "kumu", "graphml")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "kumu": "application/json",
    "graphml": "application/graphml+xml",
}
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "kumu": "json", "graphml": "graphml"}
BOOLEAN_COLUMNS = ("individual", "represents_affected_population", "unlikely_suspect", "target")
INT_COLUMNS = ("influence", "interest")
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


@dataclass
class ExportFile:
    content: bytes
    filename: str
    content_type: str
    rows: int


@dataclass
class MapRows:
    stakeholders: list[dict[str, Any]]
    ties: list[dict[str, Any]]


def map_rows(alliance: Alliance) -> MapRows:
    """The whole map as rows of the import columns: stakeholders with their current assessment,
    then ties. Three queries whatever the size of the map."""
    people = list(alliance.stakeholders.order_by("name", "pk"))
    latest: dict[int, Any] = {}
    for row in alliance.assessments.order_by("stakeholder_id", "-assessed_on", "-id"):
        latest.setdefault(row.stakeholder_id, row)
    externals = Counter(s.external_id for s in people if s.external_id)

    def ident(s: Any) -> str:
        # Accord's own number unless the row came from elsewhere under a unique, non-numeric id;
        # the importer reads a number as Accord's id first.
        if s.external_id and externals[s.external_id] == 1 and not s.external_id.isdigit():
            return str(s.external_id)
        return str(s.pk)

    ids = {s.pk: ident(s) for s in people}
    names = {s.pk: s.name for s in people}
    out = []
    for s in people:
        a = latest.get(s.pk)
        out.append(
            {
                "id": ids[s.pk],
                "name": s.name,
                "type": s.kind,
                "scope": s.scope,
                "individual": s.is_individual,
                "belongs_to": ids.get(s.organisation_id, "") if s.organisation_id else "",
                "political_orientation": s.political_orientation,
                "represents_affected_population": s.represents_affected_population,
                "unlikely_suspect": s.unlikely_suspect,
                "target": s.is_target,
                "target_ask": s.target_ask,
                "contact_person": s.contact_person,
                "email": s.email,
                "phone": s.phone,
                "website": s.website,
                "notes": s.notes,
                "position": ("unknown" if a.position is None else a.position) if a else "",
                "influence": a.influence if a else "",
                "interest": a.interest if a else "",
                "assessed_on": a.assessed_on if a else "",
                "evidence": a.evidence if a else "",
            }
        )
    ties = [
        {
            "from": ids[t.source_id],
            "to": ids[t.target_id],
            "from_name": names[t.source_id],
            "to_name": names[t.target_id],
            "kind": t.kind,
            "strength": t.strength,
            "note": t.note,
        }
        for t in alliance.ties.order_by("pk")
    ]
    return MapRows(out, ties)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


# --- Writers ---------------------------------------------------------------------------------


def write_csv(rows: MapRows) -> bytes:
    """One CSV: the `record` column says whether a row is a stakeholder or a tie."""
    header = ["record", *STAKEHOLDER_COLUMNS, *TIE_COLUMNS]
    blank_s = [""] * len(STAKEHOLDER_COLUMNS)
    blank_t = [""] * len(TIE_COLUMNS)

    def lines() -> Any:
        for s in rows.stakeholders:
            yield ["stakeholder", *(_csv_value(s[c]) for c in STAKEHOLDER_COLUMNS), *blank_t]
        for t in rows.ties:
            yield ["tie", *blank_s, *(t[c] for c in TIE_COLUMNS)]

    return csv_bytes(header, lines())


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return _cell(value)


def write_xlsx(rows: MapRows) -> bytes:
    """A workbook the importer reads back: "stakeholders" and "ties" sheets with drop-down lists,
    an "instructions" sheet, and the lists themselves."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    people = wb.active
    people.title = "stakeholders"
    people.append(list(STAKEHOLDER_COLUMNS))
    for s in rows.stakeholders:
        people.append([xlsx_text(_cell(s[c])) for c in STAKEHOLDER_COLUMNS])
    ties = wb.create_sheet("ties")
    ties.append(list(TIE_COLUMNS))
    for t in rows.ties:
        ties.append([xlsx_text(t[c]) for c in TIE_COLUMNS])
    for ws in (people, ties):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"

    lists = wb.create_sheet("lists")
    lists.append(["type", "type label", "scope", "kind"])
    with translation.override("en"):
        types = [(v, str(label)) for v, label in StakeholderType.choices]
        scopes = list(Scope.values)
        kinds = list(Tie.Kind.values)
    for i in range(max(len(types), len(scopes), len(kinds))):
        lists.append(
            [
                types[i][0] if i < len(types) else None,
                types[i][1] if i < len(types) else None,
                scopes[i] if i < len(scopes) else None,
                kinds[i] if i < len(kinds) else None,
            ]
        )
    lists.sheet_state = "hidden"

    last = max(1000, len(rows.stakeholders) + 500)
    col = {c: _letter(i) for i, c in enumerate(STAKEHOLDER_COLUMNS)}

    def validate(ws: Any, formula: str, ref: str, message: str, kind: str = "list", **kw: Any) -> None:
        dv = DataValidation(type=kind, formula1=formula, allow_blank=True, showErrorMessage=True, error=message, **kw)
        ws.add_data_validation(dv)
        dv.add(ref)

    validate(
        people,
        f"lists!$A$2:$A${len(types) + 1}",
        f"{col['type']}2:{col['type']}{last}",
        _("Pick a type from the list."),
    )
    validate(
        people,
        f"lists!$C$2:$C${len(scopes) + 1}",
        f"{col['scope']}2:{col['scope']}{last}",
        _("Pick a scope from the list."),
    )
    for c in BOOLEAN_COLUMNS:
        validate(people, '"yes,no"', f"{col[c]}2:{col[c]}{last}", _("Write yes or no."))
    validate(
        people, '"-2,-1,0,1,2,unknown"', f"{col['position']}2:{col['position']}{last}", _("From -2 to +2, or unknown.")
    )
    for c in INT_COLUMNS:
        validate(
            people,
            "0",
            f"{col[c]}2:{col[c]}{last}",
            _("A whole number from 0 to 5."),
            kind="whole",
            operator="between",
            formula2="5",
        )
    tie_last = max(1000, len(rows.ties) + 500)
    validate(ties, f"lists!$D$2:$D${len(kinds) + 1}", f"C2:C{tie_last}", _("Pick a kind from the list."))
    validate(
        ties, "1", f"D2:D{tie_last}", _("A whole number from 1 to 3."), kind="whole", operator="between", formula2="3"
    )
    for cell in people[col["assessed_on"]][1:]:
        cell.number_format = "yyyy-mm-dd"

    notes = wb.create_sheet("instructions")
    for line in instructions():
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def instructions() -> list[str]:
    return [
        _("How to fill this workbook"),
        "",
        _("One row per stakeholder on the “stakeholders” sheet; one row per tie on the “ties” sheet."),
        _("id: leave it as exported. Accord uses it to find the stakeholder again; new rows can leave it blank."),
        _("name is required and must be unique. type: pick from the list (see the hidden “lists” sheet)."),
        _("scope: grassroots, local, national or international. yes/no columns: write yes or no."),
        _("belongs_to: the id or name of the organisation an individual works in."),
        _("position: -2 (strongly against) to +2 (strongly for), or unknown. influence and interest: 0 to 5."),
        _("Changing position, influence or interest records a new dated assessment; the old one stays in the history."),
        _("Ties: from and to are stakeholder ids or names; kind from the list; strength 1 (weak) to 3 (strong)."),
        _("Uploading never changes anything at once: Accord shows a preview with every problem first."),
    ]


def write_kumu(rows: MapRows) -> bytes:
    """Kumu's JSON: elements by label with their attributes, connections from label to label."""
    elements = []
    for s in rows.stakeholders:
        element: dict[str, Any] = {"label": s["name"], "type": s["type"], "description": s["notes"]}
        for c in STAKEHOLDER_COLUMNS:
            if c in {"name", "type", "notes"}:
                continue
            value = s[c]
            element[c] = value.isoformat() if isinstance(value, dt.date) else value
        elements.append(element)
    connections = [
        {
            "from": t["from_name"],
            "to": t["to_name"],
            "type": t["kind"],
            "direction": "directed",
            "strength": t["strength"],
            "description": t["note"],
        }
        for t in rows.ties
    ]
    return json.dumps({"elements": elements, "connections": connections}, ensure_ascii=False, indent=1).encode()


def write_graphml(rows: MapRows) -> bytes:
    """GraphML: one node per stakeholder (its id), data keys named after the columns, directed
    edges with kind, strength and note."""
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    node_cols = [c for c in STAKEHOLDER_COLUMNS if c != "id"]
    for c in node_cols:
        kind = "boolean" if c in BOOLEAN_COLUMNS else "int" if c in INT_COLUMNS else "string"
        ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {"id": c, "for": "node", "attr.name": c, "attr.type": kind})
    for c, kind in (("kind", "string"), ("strength", "int"), ("note", "string")):
        ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {"id": f"e_{c}", "for": "edge", "attr.name": c, "attr.type": kind})
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", {"id": "landscape", "edgedefault": "directed"})
    for s in rows.stakeholders:
        node = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": s["id"]})
        for c in node_cols:
            value = s[c]
            if value == "" or value is None:
                continue
            data = ET.SubElement(node, f"{{{GRAPHML_NS}}}data", {"key": c})
            data.text = (
                ("true" if value else "false")
                if isinstance(value, bool)
                else value.isoformat()
                if isinstance(value, dt.date)
                else str(value)
            )
    for i, t in enumerate(rows.ties, start=1):
        edge = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", {"id": f"e{i}", "source": t["from"], "target": t["to"]})
        for c in ("kind", "strength", "note"):
            if t[c] == "":
                continue
            data = ET.SubElement(edge, f"{{{GRAPHML_NS}}}data", {"key": f"e_{c}"})
            data.text = str(t[c])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "kumu": write_kumu, "graphml": write_graphml}


# --- Services --------------------------------------------------------------------------------


@transaction.atomic
def map_export(*, alliance: Alliance, user: Any, fmt: str) -> ExportFile:
    """Export the whole map (stakeholders, current assessments, ties). Only those allowed to
    export the map may (co-chairs and the secretariat), and every export is logged: who, when,
    which format and how many rows."""
    if fmt not in WRITERS:
        raise ValueError(f"Unknown export format {fmt!r}")
    if not rules.has_perm("landscape.export_map", user, alliance):
        raise PermissionDenied("landscape.export_map")
    rows = map_rows(alliance)
    content = WRITERS[fmt](rows)
    count = len(rows.stakeholders) + len(rows.ties)
    ExportLog.objects.create(alliance=alliance, exported_by=user, exported_at=timezone.now(), format=fmt, rows=count)
    stamp = alliance.today().isoformat()
    filename = f"{slugify(alliance.slug)}-landscape-{stamp}.{EXTENSIONS[fmt]}"
    return ExportFile(content=content, filename=filename, content_type=CONTENT_TYPES[fmt], rows=count)


def template_file(fmt: str) -> ExportFile:
    """An empty file to fill in: the XLSX with its lists and instructions, or the CSV header."""
    empty = MapRows([], [])
    if fmt == "xlsx":
        return ExportFile(write_xlsx(empty), "landscape-template.xlsx", CONTENT_TYPES["xlsx"], 0)
    return ExportFile(write_csv(empty), "landscape-template.csv", CONTENT_TYPES["csv"], 0)


def export_log(alliance: Alliance, limit: int = 50) -> list[ExportLog]:
    """The latest exports with who made them (one query)."""
    return list(alliance.export_logs.select_related("exported_by").order_by("-exported_at", "-pk")[:limit])
