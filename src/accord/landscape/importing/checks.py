"""Checking every row of a file, without the database: each cell is parsed (`values`), each
row normalised (`columns.S`, `columns.T`), and every problem kept as (sheet, row, column,
message). Rows repeated within the file are caught here; what needs the alliance's register
(matching, belongs-to, names already taken) is `matching`'s."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from accord.landscape import rules
from accord.landscape.importing import graphml, kumu, limits, mapping, reading
from accord.landscape.importing.columns import (
    MAX_ERRORS_KEPT,
    SHEET_LABELS,
    STAKEHOLDER_COLUMNS,
    Error,
    ImportFileError,
    S,
    T,
    error,
)
from accord.landscape.importing.values import (
    CellError,
    cell_bool,
    cell_date,
    cell_email,
    cell_number,
    cell_position,
    cell_text,
    cell_website,
)
from accord.landscape.models import ImportJob, Stakeholder, Tie
from accord.lib.sentences import Sentence, sentence_of
from accord.lib.spreadsheet import unescape_formula

MAX_ROWS = 200_000
PROGRESS_EVERY = 1_000
# Notes, asks and evidence are free text; a cell beyond this is almost always a pasting accident.
LONG_TEXT = 10_000
NAME_LIMIT = rules.text_limit(Stakeholder, "name")
# The model's own lengths for the short text columns.
LIMITS = {
    col: rules.text_limit(Stakeholder, field)
    for col, field in (
        ("id", "external_id"),
        ("political_orientation", "political_orientation"),
        ("contact_person", "contact_person"),
        ("phone", "phone"),
    )
}


@dataclass
class Parsed:
    stakeholders: list[list[Any]] = field(default_factory=list)
    ties: list[list[Any]] = field(default_factory=list)
    present: dict[str, list[str]] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)
    bad_rows: int = 0
    notices: list[Sentence] = field(default_factory=list)
    # How a CSV was read (encoding, separator; see csv_text.ReadAs).
    read_as: dict[str, Any] = field(default_factory=dict)
    # Values not on Accord's lists: (column, key) -> what was found and where (see `Unknown`).
    unknown: dict[tuple[str, str], Unknown] = field(default_factory=dict)
    # The id and name of each stakeholder row that has a problem -> its row number, so a row that
    # points at it can say so.
    bad_refs: dict[str, int] = field(default_factory=dict)


@dataclass
class Unknown:
    """One value a file uses that is not on one of Accord's lists, read as `value` on every row
    that has it (`rows`: indexes into the stakeholders or ties kept)."""

    column: str
    raw: str
    value: str
    source: str  # "guess" or "remembered"
    rows: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "key": mapping.key(self.raw),
            "raw": self.raw,
            "value": self.value,
            "source": self.source,
            "rows": self.rows,
        }


# The value mapping a dry run reads with: column -> {key: value}.
ValueMap = dict[str, dict[str, str]]

READERS: dict[str, Callable[[bytes], reading.Source]] = {
    ImportJob.Format.CSV: reading.read_csv,
    ImportJob.Format.XLSX: reading.read_xlsx,
    ImportJob.Format.KUMU: kumu.read_kumu,
    ImportJob.Format.GRAPHML: graphml.read_graphml,
}


class _Values:
    """Reads list values (type, scope, kind of tie, strength) through the mapping, and keeps
    each value it did not know."""

    def __init__(self, remembered: ValueMap, found: dict[tuple[str, str], Unknown]) -> None:
        self.remembered = remembered
        self.found = found

    def read(self, column: str, raw: Any, pending: list[tuple[str, str]]) -> str:
        value = mapping.known(column, raw)
        if value is not None:
            return value
        k = mapping.key(raw)
        entry = self.found.get((column, k))
        if entry is None:
            chosen = self.remembered.get(column, {}).get(k)
            if chosen is not None and mapping.valid(column, chosen):
                entry = Unknown(column, str(raw).strip()[:60], chosen, "remembered")
            else:
                entry = Unknown(column, str(raw).strip()[:60], mapping.guess(column, raw), "guess")
            self.found[(column, k)] = entry
        pending.append((column, k))
        return entry.value


def parse(
    data: bytes,
    fmt: str,
    *,
    today: dt.date,
    progress: Callable[[int], None] | None = None,
    remembered: ValueMap | None = None,
    options: dict[str, str] | None = None,
) -> Parsed:
    """Read and check every row of a file, without touching the database. `today` is the
    alliance's (`Alliance.today()`): an assessment cannot be dated later. `options` are the
    reader's (a CSV's `encoding` and `delimiter`); how the file was read is kept in `read_as`.

    A value that is not on one of Accord's lists is read through `remembered` (the alliance's
    choices at earlier imports) or as its best guess, and listed once in `unknown` for the
    person to confirm; it never makes a row bad.

    Raises ImportFileError when the file as a whole cannot be used; bad rows are collected in
    `errors` (sheet, row, column, message) and do not stop the reading.
    """
    source = reading.read_csv(data, **options) if options and fmt == ImportJob.Format.CSV else READERS[fmt](data)
    out = Parsed(notices=[sentence_of(n) for n in source.notices], read_as=source.read_as)
    values_of = _Values(remembered or {}, out.unknown)
    labels = SHEET_LABELS[fmt]
    unescape = source.unescape
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    seen_ties: dict[tuple[str, str, str], int] = {}
    errors = out.errors
    for count, (sheet, row, values) in enumerate(limits.timed(source.records), start=1):
        if count > MAX_ROWS:
            raise ImportFileError(
                Sentence(
                    gettext_noop("The file has more than %(n)s rows; split it into smaller files."),
                    {"n": f"{MAX_ROWS:,}"},
                )
            )
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
        problems: list[tuple[str, str]] = []
        pending: list[tuple[str, str]] = []
        if sheet == "stakeholders":
            item = _check_stakeholder(
                row, values, source.present["stakeholders"], problems, unescape, today, values_of, pending
            )
            if item is not None and not problems:
                ident, name = item[S["id"]], item[S["name"]]
                if ident:
                    if ident in seen_ids:
                        problems.append(
                            ("id", Sentence(gettext_noop("the same id is on row %(row)s"), {"row": seen_ids[ident]}))
                        )
                    else:
                        seen_ids[ident] = row
                # One row per name whatever the letter case, as in the register (rules.name_key).
                folded = rules.name_key(name)
                if folded in seen_names:
                    problems.append(
                        ("name", Sentence(gettext_noop("the same name is on row %(row)s"), {"row": seen_names[folded]}))
                    )
                else:
                    seen_names[folded] = row
            if not problems and item is not None:
                for k in pending:
                    out.unknown[k].rows.append(len(out.stakeholders))
                out.stakeholders.append(item)
            elif item is not None:
                for ref in (item[S["id"]], item[S["name"]]):
                    if ref and ref not in seen_ids and rules.name_key(ref) not in seen_names:
                        out.bad_refs.setdefault(ref, row)
        else:
            tie = _check_tie(row, values, problems, unescape, values_of, pending)
            if tie is not None and not problems:
                key = (tie[T["from"]], tie[T["to"]], tie[T["kind"]])
                if key in seen_ties:
                    problems.append(
                        ("to", Sentence(gettext_noop("the same tie is on row %(row)s"), {"row": seen_ties[key]}))
                    )
                else:
                    seen_ties[key] = row
                    for k in pending:
                        out.unknown[k].rows.append(len(out.ties))
                    out.ties.append(tie)
        if problems:
            out.bad_rows += 1
            for column, message in problems:
                if len(errors) < MAX_ERRORS_KEPT:
                    errors.append(error(labels[sheet], row, column, message))
    if not out.stakeholders and not out.ties and not out.bad_rows:
        raise ImportFileError(Sentence(gettext_noop("The file has column headings but no rows.")))
    # A value seen only on bad rows is not worth asking about.
    for k in [k for k, u in out.unknown.items() if not u.rows]:
        del out.unknown[k]
    out.present = {k: sorted(v) for k, v in source.present.items()}
    return out


def _said(exc: Exception) -> Sentence:
    return sentence_of(exc.args[0] if exc.args else str(exc))


def _check_stakeholder(
    row: int,
    values: dict[str, Any],
    present: set[str],
    problems: list[tuple[str, str]],
    unescape: bool,
    today: dt.date,
    values_of: _Values,
    pending: list[tuple[str, str]],
) -> list[Any] | None:
    if "__record__" in values:
        problems.append(
            (
                "record",
                Sentence(
                    gettext_noop("write “stakeholder” or “tie”, not “%(v)s”"), {"v": str(values["__record__"])[:40]}
                ),
            )
        )
        return None
    item: list[Any] = [row] + [""] * len(STAKEHOLDER_COLUMNS)
    get = values.get

    def text(col: str, limit: int) -> None:
        try:
            item[S[col]] = cell_text(get(col), limit, unescape=unescape)
        except CellError as exc:
            problems.append((col, _said(exc)))

    text("id", LIMITS["id"])
    text("name", NAME_LIMIT)
    if not item[S["name"]] and not any(c == "name" for c, _m in problems):
        problems.append(("name", Sentence(gettext_noop("the name is missing"))))
    for col in ("type", "scope"):
        raw = get(col)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            # Blank keeps the value of a stakeholder Accord already knows; a new one without a
            # type is listed when the rows are matched against the alliance.
            continue
        item[S[col]] = values_of.read(col, unescape_formula(str(raw)) if unescape else raw, pending)
    for col in ("individual", "represents_affected_population", "unlikely_suspect", "target"):
        if col in present:
            try:
                item[S[col]] = cell_bool(get(col))
            except CellError as exc:
                problems.append((col, _said(exc)))
        else:
            item[S[col]] = None
    text("belongs_to", NAME_LIMIT)
    for col in ("political_orientation", "contact_person", "phone"):
        text(col, LIMITS[col])
    text("target_ask", LONG_TEXT)
    text("notes", LONG_TEXT)
    text("evidence", LONG_TEXT)
    try:
        item[S["email"]] = cell_email(get("email"))
    except CellError as exc:
        problems.append(("email", _said(exc)))
    try:
        item[S["website"]] = cell_website(get("website"))
    except CellError as exc:
        problems.append(("website", _said(exc)))
    given = False
    try:
        given, item[S["position"]] = cell_position(get("position"))
    except CellError as exc:
        problems.append(("position", _said(exc)))
        given = True
    for col, bounds, label in (
        ("influence", rules.INFLUENCE_RANGE, rules.INFLUENCE),
        ("interest", rules.INTEREST_RANGE, rules.INTEREST),
    ):
        try:
            item[S[col]] = cell_number(get(col), bounds, label)
        except CellError as exc:
            problems.append((col, _said(exc)))
            item[S[col]] = -1
    try:
        item[S["assessed_on"]] = cell_date(get("assessed_on"))
    except CellError as exc:
        problems.append(("assessed_on", Sentence(gettext_noop("the date %(e)s"), {"e": _said(exc)})))
    if given or item[S["influence"]] is not None or item[S["interest"]] is not None:
        for col, label in (("influence", rules.INFLUENCE), ("interest", rules.INTEREST)):
            if item[S[col]] is None:
                problems.append(
                    (col, Sentence(gettext_noop("%(col)s is needed with an assessment (0 to 5)"), {"col": label}))
                )
        _report(problems, rules.assessment_problems(**assessment_values(item, today=today)))
    return item


def assessment_values(item: list[Any], *, today: dt.date) -> dict[str, Any]:
    """A row's assessment as `rules.assessment_problems` takes it."""
    day = item[S["assessed_on"]]
    return {
        "position": item[S["position"]],
        "influence": item[S["influence"]],
        "interest": item[S["interest"]],
        "assessed_on": dt.date.fromisoformat(day) if day else None,
        "today": today,
    }


def _report(problems: list[tuple[str, str]], found: rules.Problems, columns: dict[str, str] | None = None) -> None:
    """Add a rule's problems to a row's, once per column (a cell that could not be read already
    said so)."""
    for name, message in found.items():
        column = (columns or {}).get(name, name)
        if not any(c == column for c, _m in problems):
            problems.append((column, message))


def _check_tie(
    row: int,
    values: dict[str, Any],
    problems: list[tuple[str, str]],
    unescape: bool,
    values_of: _Values,
    pending: list[tuple[str, str]],
) -> list[Any] | None:
    tie: list[Any] = [row, "", "", Tie.Kind.INFLUENCES, 2, ""]
    for col in ("from", "to"):
        try:
            tie[T[col]] = cell_text(values.get(col), NAME_LIMIT, unescape=unescape)
        except CellError as exc:
            problems.append((col, _said(exc)))
            continue
        if not tie[T[col]]:
            message = (
                Sentence(gettext_noop("say which stakeholder the tie goes from (its id or name)"))
                if col == "from"
                else Sentence(gettext_noop("say which stakeholder the tie goes to (its id or name)"))
            )
            problems.append((col, message))
    raw = values.get("kind")
    if raw is not None and str(raw).strip():
        tie[T["kind"]] = values_of.read("kind", raw, pending)
    raw = values.get("strength")
    if isinstance(raw, str) and raw.strip() and not _numeric(raw):
        tie[T["strength"]] = int(values_of.read("strength", raw, pending))  # "strong", "weak"…
    else:
        try:
            strength = cell_number(raw, rules.STRENGTH_RANGE, rules.STRENGTH)
            tie[T["strength"]] = 2 if strength is None else strength
        except CellError as exc:
            problems.append(("strength", _said(exc)))
    try:
        tie[T["note"]] = cell_text(values.get("note"), rules.NOTE_LIMIT, unescape=unescape)
    except CellError as exc:
        problems.append(("note", _said(exc)))
    _report(problems, rules.tie_problems(**tie_values(tie)), TIE_COLUMN_OF)
    return tie


def _numeric(text: str) -> bool:
    try:
        float(text.strip().replace("−", "-").replace(",", "."))
    except ValueError:
        return False
    return True


# Where the tie rules' fields are in a file.
TIE_COLUMN_OF = {"target": "to"}


def tie_values(tie: list[Any]) -> dict[str, Any]:
    """A tie row as `rules.tie_problems` takes it (the ends as the file names them)."""
    return {
        "same_ends": bool(tie[T["from"]]) and tie[T["from"]] == tie[T["to"]],
        "kind": tie[T["kind"]],
        "strength": tie[T["strength"]],
        "note": tie[T["note"]],
    }
