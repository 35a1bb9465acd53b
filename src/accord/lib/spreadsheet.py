"""Spreadsheet safety: formula injection and CSV that spreadsheet programs open correctly.

A cell whose text starts with = + - @ (or a tab or carriage return) is read as a formula by
Excel, LibreOffice and Google Sheets, so a stakeholder named "=HYPERLINK(...)" could run
something on the computer of whoever opens an export. Exports prefix such text with an
apostrophe, which spreadsheet programs treat as "this is text"; imports remove that prefix again
so an export followed by an import changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
BOM = "\ufeff"


def escape_formula(value: Any) -> Any:
    """`value` made safe for a spreadsheet cell: text that would start a formula gets a leading
    apostrophe. Numbers, booleans, dates and None pass through unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def unescape_formula(value: Any) -> Any:
    """The inverse of `escape_formula` for text read back from a spreadsheet."""
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:2] and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV as UTF-8 with a byte-order mark (so Excel keeps accents), every cell escaped."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([escape_formula(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else escape_formula(v) for v in row])
    return out.getvalue().encode("utf-8")
