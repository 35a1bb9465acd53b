"""The columns an import reads and an export writes, and what an import can refuse.

Each stakeholder row is normalised to a list: index 0 is the file's row number, then one value per
column of `STAKEHOLDER_COLUMNS` (see `S`); a tie row likewise with `TIE_COLUMNS` (see `T`). Lists,
not dicts, because a dry run of 100,000 rows keeps them all in the import's preview.
"""

from __future__ import annotations

from typing import Any

from accord.lib.sentences import sentence_of, tell

# A file with thousands of bad rows is almost always the wrong file; keep the first ones.
MAX_ERRORS_KEPT = 2_000

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

# How each format names its two kinds of record, for the row errors.
SHEET_LABELS = {
    "csv": {"stakeholders": "", "ties": ""},
    "xlsx": {"stakeholders": "stakeholders", "ties": "ties"},
    "kumu": {"stakeholders": "elements", "ties": "connections"},
    "graphml": {"stakeholders": "nodes", "ties": "edges"},
}

Error = dict[str, Any]


def error(sheet: str, row: int, column: str, message: Any) -> Error:
    """A problem as an import keeps it: where, the sentence in the writer's language
    (`message`) and what it was made of (`said`), so each reader gets it in their own language
    (`told`)."""
    said = sentence_of(message)
    return {"sheet": sheet, "row": row, "column": column, "message": str(said), "said": said.as_json()}


def told(errors: list[Error]) -> list[Error]:
    """Stored problems in the active language (rows kept before sentences were stored keep
    their text)."""
    return [
        {k: v for k, v in e.items() if k != "said"} | {"message": tell(e.get("said"), e.get("message", ""))}
        for e in errors
    ]


class ImportFileError(Exception):
    """The file as a whole cannot be read (not the format it claims, empty, missing columns)."""


class ImportNotReady(Exception):
    """The import is not waiting for a commit (still reading, already imported, discarded)."""
