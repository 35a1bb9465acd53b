"""Activities out to a spreadsheet and back, in one format both ways (CSV and XLSX have the same
columns, in the same order, with the same values), so an export edited and imported changes only
what was edited.

Columns: COLUMNS. Dates are ISO (2026-12-31), the working group and the owner are named as
Accord names them, the responsible person by their email, "no extra resources" is yes or no, and
`id` is the activity's number: a row with an id updates that activity of this alliance, a row
without one proposes a new activity.

An import is checked whole before anything is kept (`run(..., commit=False)`, the preview), and
kept whole or not at all (`commit=True`): every row goes through the same services as the pages
(`services.activity_create`, `activity_update`, `activity_set_status`, `activity_set_progress`),
inside one transaction that is rolled back when any row is refused. So an import never approves
an activity (approval goes through the alliance's rule), never writes a status or a progress the
person could not set on the page, and every problem is told at its row and column.

Reading reuses the landscape import's guards: a CSV's encoding and separator are detected
(`csv_text`, charset-normalizer underneath), an XLSX is checked against the import limits before
calamine opens it (`xlsx_guard`: zip bombs, huge shared strings, cells beyond the limits), and the
formula escapes of `accord.lib.spreadsheet` are written on export and removed on import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.models import Alliance
from accord.landscape.importing import csv_text, limits, xlsx_guard
from accord.landscape.importing.columns import ImportFileError
from accord.lib.spreadsheet import csv_bytes, unescape_formula, xlsx_text, xlsx_untext
from accord.membership.models import Seat
from accord.work import services
from accord.work.models import Activity, ActivityStatus

COLUMNS: tuple[str, ...] = (
    "title",
    "description",
    "deliverables",
    "serves_purpose",
    "working_group",
    "owner",
    "responsible",
    "starts_on",
    "due_on",
    "status",
    "progress",
    "no_extra_resources",
    "id",
)
# What a service names a problem by, when it is not the column's own name.
_FIELD_COLUMN = {"reason": "status", "body": "title"}
YES = {"yes", "y", "true", "1", "sí", "si", "oui"}
NO = {"no", "n", "false", "0", "non", ""}
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- export ------------------------------------------------------------------------------------


def export_rows(alliance: Alliance) -> Iterator[list[Any]]:
    """One row per activity of the alliance, values as the import reads them. Three queries
    whatever the number of activities (the activities with their group, owner and responsible
    person's email)."""
    activities = (
        Activity.objects.filter(alliance=alliance)
        .select_related("working_group", "owner", "responsible__user")
        .order_by("pk")
    )
    for a in activities.iterator(chunk_size=1000):
        yield [
            a.title,
            a.description,
            a.deliverables,
            a.serves_purpose,
            a.working_group.name if a.working_group else "",
            a.owner.name if a.owner else "",
            a.responsible.user.email if a.responsible else "",
            a.starts_on.isoformat() if a.starts_on else "",
            a.due_on.isoformat() if a.due_on else "",
            a.status,
            a.progress,
            "yes" if a.no_extra_resources else "no",
            a.pk,
        ]


def export_csv(alliance: Alliance) -> bytes:
    return csv_bytes(COLUMNS, export_rows(alliance))


def export_xlsx(alliance: Alliance) -> bytes:
    """The same columns and values as the CSV, in one "activities" sheet; text cells escaped
    against formulas and characters XML cannot hold."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("activities")
    ws.append(list(COLUMNS))
    for row in export_rows(alliance):
        ws.append([xlsx_text(v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number (the header is row 1)
    column: str  # a column of COLUMNS, or "" for the whole row
    message: str


@dataclass
class Outcome:
    """What an import did (or, in a preview, would do)."""

    created: list[tuple[int, str]] = field(default_factory=list)  # (row, title)
    updated: list[tuple[int, str]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportError_(ValueError):
    """The file as a whole cannot be read; the message says why."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _header_map(headers: list[Any]) -> dict[int, str]:
    """Position -> column; the header must name every column of COLUMNS (in any order)."""
    found: dict[int, str] = {}
    for i, h in enumerate(headers):
        name = _text(h).strip().lower().replace("\ufeff", "").replace(" ", "_")
        if name in COLUMNS and name not in found.values():
            found[i] = name
    missing = [c for c in COLUMNS if c not in found.values()]
    if missing:
        raise ImportError_(
            _("The first row must name the columns of an export; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return found


def _records(rows: Iterator[list[Any]], *, unescape: Any) -> Iterator[tuple[int, dict[str, str]]]:
    headers = next(rows, None)
    if headers is None:
        raise ImportError_(_("The file is empty."))
    columns = _header_map(list(headers))
    cap = limits.current()
    for number, cells in enumerate(rows, start=2):
        if number > cap.rows + 1:
            raise ImportError_(_("The file has more than %(n)s rows.") % {"n": limits.number(cap.rows)})
        if number % 256 == 0:
            limits.check_time()
        values = {name: unescape(_text(cells[i]) if i < len(cells) else "") for i, name in columns.items()}
        if not any(v.strip() for v in values.values()):
            continue
        yield number, values


def read(data: bytes, filename: str = "") -> list[tuple[int, dict[str, str]]]:
    """The file's rows as (row number, {column: text}). CSV or XLSX (told by the name or the
    zip signature). Raises ImportError_ with a message for a file that cannot be read."""
    is_xlsx = filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04"
    try:
        with limits.reading_time():
            if is_xlsx:
                return list(_records(_xlsx_rows(data), unescape=lambda v: unescape_formula(xlsx_untext(v))))
            text, _read_as = csv_text.read_text(data)
            reader = csv.reader(io.StringIO(text), delimiter=_read_as.delimiter)
            return list(_records(iter(reader), unescape=unescape_formula))
    except ImportFileError as exc:
        raise ImportError_(str(exc.args[0]) if exc.args else _("The file cannot be read.")) from None
    except csv.Error as exc:
        raise ImportError_(_("The CSV cannot be read: %(e)s.") % {"e": str(exc)[:120]}) from None


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    """The first sheet's rows, after the guard checked the workbook against the import limits.
    A formula is read as its text, never its result."""
    import python_calamine

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:
        raise xlsx_guard.unreadable() from None
    with archive:
        sheets = xlsx_guard.inspect(archive, limits.current())
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        titles = [m.name for m in workbook.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
        title = next((t for t in titles if t.lower() == "activities"), titles[0] if titles else None)
        if title is None:
            raise ImportError_(_("The workbook has no sheet."))
        ws = workbook.get_sheet_by_name(title)
        offset = ws.start[1] if ws.start else 0
        guarded = next((s for s in sheets if s.title == title), None)
        formulas: dict[int, list[tuple[int, str]]] = {}
        for (r, c), text in (guarded.formulas if guarded else {}).items():
            if c - 1 - offset >= 0:
                formulas.setdefault(r, []).append((c - 1 - offset, text))
        for r, cells in enumerate(ws.iter_rows(), start=1):
            cells = list(cells)
            for c, text in formulas.get(r, []):
                if c < len(cells):
                    cells[c] = text
            yield cells
    except (ImportError_, ImportFileError):
        raise
    except Exception:
        raise xlsx_guard.unreadable() from None


# --- checking and writing ----------------------------------------------------------------------


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(_("Give the date as year-month-day, e.g. 2026-12-31.")) from None


class _Lookups:
    """The alliance's groups, organisations, people and activities by what the file names them
    by, read once (a few queries whatever the file's size)."""

    def __init__(self, alliance: Alliance) -> None:
        self.groups = {g.name.casefold(): g for g in alliance.working_groups.all()}
        self.owners = {s.name.casefold(): s for s in alliance.stakeholders.all()}
        self.seats: dict[str, Seat] = {}
        for seat in Seat.objects.filter(alliance=alliance).select_related("user").order_by("pk"):
            self.seats.setdefault(seat.user.email.casefold(), seat)
        self.activities = {a.pk: a for a in Activity.objects.filter(alliance=alliance)}


def _values(row: dict[str, str], look: _Lookups) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The row's values as the services take them, and the problems found reading it."""
    errors: list[tuple[str, str]] = []
    # Trimmed as the services trim them, so an unchanged row compares equal.
    out: dict[str, Any] = {k: row[k].strip() for k in ("title", "description", "deliverables", "serves_purpose")}
    name = row["working_group"].strip()
    out["working_group"] = None
    if name:
        out["working_group"] = look.groups.get(name.casefold())
        if out["working_group"] is None:
            errors.append(
                ("working_group", _("No working group of this alliance is called “%(name)s”.") % {"name": name})
            )
    name = row["owner"].strip()
    out["owner"] = None
    if name:
        out["owner"] = look.owners.get(name.casefold())
        if out["owner"] is None:
            errors.append(("owner", _("No organisation of this alliance is called “%(name)s”.") % {"name": name}))
    email = row["responsible"].strip()
    out["responsible"] = None
    if email:
        out["responsible"] = look.seats.get(email.casefold())
        if out["responsible"] is None:
            errors.append(("responsible", _("Nobody in this alliance has the email %(email)s.") % {"email": email}))
    for key in ("starts_on", "due_on"):
        out[key] = None
        if row[key].strip():
            try:
                out[key] = _date(row[key])
            except ValueError as exc:
                errors.append((key, str(exc)))
    flag = row["no_extra_resources"].strip().casefold()
    if flag in YES:
        out["no_extra_resources"] = True
    elif flag in NO:
        out["no_extra_resources"] = False
    else:
        errors.append(("no_extra_resources", _("Write yes or no.")))
    return out, errors


def _service_errors(exc: Exception) -> list[tuple[str, str]]:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return [
            (_FIELD_COLUMN.get(k, k if k in COLUMNS else ""), str(m))
            for k, msgs in exc.message_dict.items()
            for m in msgs
        ]
    if isinstance(exc, ValidationError):
        return [("", str(m)) for m in exc.messages]
    return [("", str(exc))]


def _apply_row(
    alliance: Alliance, by: Any, number: int, row: dict[str, str], look: _Lookups, outcome: Outcome
) -> list[tuple[str, str]]:
    values, errors = _values(row, look)
    status = row["status"].strip().lower()
    progress_text = row["progress"].strip()
    raw_id = row["id"].strip()
    activity: Activity | None = None
    if raw_id:
        try:
            activity = look.activities.get(int(float(raw_id)))
        except ValueError:
            activity = None
        if activity is None:
            errors.append(("id", _("No activity of this alliance has the id %(id)s.") % {"id": raw_id}))
    if status and status not in ActivityStatus.values:
        errors.append(("status", _("Use one of: %(values)s.") % {"values": ", ".join(ActivityStatus.values)}))
    progress: int | None = None
    if progress_text:
        try:
            progress = int(float(progress_text))
        except ValueError:
            errors.append(("progress", _("Give progress as a whole number from 0 to 100.")))
    if errors:
        return errors
    try:
        with transaction.atomic():
            if activity is None:
                if status and status != ActivityStatus.PROPOSED:
                    return [
                        (
                            "status",
                            _(
                                "A new activity comes in as proposed; it is approved by the alliance's rule, "
                                "then its owner moves it on."
                            ),
                        )
                    ]
                if progress:
                    return [("progress", _("A new activity starts at 0 %."))]
                created = services.activity_create(alliance=alliance, by=by, **values)
                outcome.created.append((number, created.title))
                return []
            current = {k: getattr(activity, k) for k in values}
            changed = {k: v for k, v in values.items() if v != current[k]}
            touched = False
            if changed:
                services.activity_update(activity=activity, version=None, by=by, **changed)
                touched = True
            if status and status != activity.status:
                services.activity_set_status(activity=activity, status=status, by=by, version=None)
                touched = True
            if progress is not None and progress != activity.progress:
                services.activity_set_progress(activity=activity, progress=progress, by=by, version=None)
                touched = True
            if touched:
                outcome.updated.append((number, activity.title))
            else:
                outcome.unchanged += 1
    except (ValidationError, PermissionDenied) as exc:
        return _service_errors(exc)
    return []


def run(*, alliance: Alliance, by: Any, rows: list[tuple[int, dict[str, str]]], commit: bool) -> Outcome:
    """Check (and, with `commit`, keep) every row. All or nothing: the rows are written through
    the services inside one transaction, rolled back unless `commit` and no row was refused."""
    outcome = Outcome()
    with transaction.atomic():
        look = _Lookups(alliance)
        seen: dict[str, int] = {}
        for number, row in rows:
            raw_id = row["id"].strip()
            if raw_id and raw_id in seen:
                outcome.errors.append(
                    RowError(number, "id", _("Row %(row)s already changes this activity.") % {"row": seen[raw_id]})
                )
                continue
            if raw_id:
                seen[raw_id] = number
            for column, message in _apply_row(alliance, by, number, row, look, outcome):
                outcome.errors.append(RowError(number, column, message))
        if outcome.errors or not commit:
            transaction.set_rollback(True)
        else:
            outcome.committed = True
    return outcome
