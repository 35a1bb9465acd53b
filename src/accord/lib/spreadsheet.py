"""Spreadsheet safety: formula injection and CSV that spreadsheet programs open correctly.

A cell whose text starts with = + - @ (or a tab or carriage return) is read as a formula by
Excel, LibreOffice and Google Sheets, so a stakeholder named "=HYPERLINK(...)" could run
something on the computer of whoever opens an export. Exports prefix such text with an
apostrophe, which spreadsheet programs treat as "this is text"; imports remove that prefix again
so an export followed by an import changes nothing. Text that already starts with an apostrophe
before such a start (`'=already quoted`) gets one more, so it too comes back as it was.

An XLSX cannot hold most control characters (a vertical tab pasted from Word, say): they are
written as Excel writes them, `_x000B_`, with a literal `_x....._` protected as `_x005F_x...._`,
and read back (`xlsx_text`, `xlsx_untext`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
BOM = "\ufeff"


def escape_formula(value: Any) -> Any:
    """`value` made safe for a spreadsheet cell: text that would start a formula gets a leading
    apostrophe, and so does text that an import would otherwise strip an apostrophe from.
    Numbers, booleans, dates and None pass through unchanged."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or unescape_formula(value) != value):
        return ESCAPE + value
    return value


def unescape_formula(value: Any) -> Any:
    """The inverse of `escape_formula` for text read back from a spreadsheet: one apostrophe is
    dropped before a formula start or another apostrophe; any other apostrophe is the text's."""
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:].startswith((*FORMULA_STARTS, ESCAPE)):
        return value[1:]
    return value


# Characters XML 1.0 cannot carry (tab, line feed and carriage return it can).
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XLSX_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def xlsx_text(value: Any) -> Any:
    """Text for an XLSX cell: formulas escaped, then characters XML cannot hold written as
    Excel does (`_x000B_`), a literal `_xHHHH_` protected as `_x005F_xHHHH_`."""
    value = escape_formula(value)
    if not isinstance(value, str):
        return value
    if "_x" in value:
        value = XLSX_ESCAPED.sub(lambda m: "_x005F" + m.group(0), value)
    return XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)


def xlsx_untext(value: Any) -> Any:
    """The inverse of `xlsx_text`'s character escapes, for text read from an XLSX (Excel writes
    the same escapes). Formula escapes are the importer's to remove."""
    if isinstance(value, str) and "_x" in value:
        return XLSX_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value)
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
