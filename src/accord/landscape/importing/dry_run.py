"""The dry run of an import: read and check every row, match it against the alliance, and keep
the result for the preview. Writes only the import record itself, never the landscape.

Run inline for short files and by the background task (`accord.landscape.importing.tasks`) for long
ones; this module does not know which, so the task can import it without a cycle.
"""

from __future__ import annotations

import io
import logging
import zipfile
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from accord.landscape.importing import limits, mapping
from accord.landscape.importing.checks import ValueMap, parse
from accord.landscape.importing.columns import ImportFileError, ImportNotReady, S, T, error, told
from accord.landscape.importing.matching import UPDATE, Plan, plan
from accord.landscape.models import ImportJob, ImportValueMapping, Scope, Stakeholder, StakeholderType
from accord.lib.sentences import Sentence, tell

log = logging.getLogger(__name__)


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


def remembered_values(alliance: Any) -> ValueMap:
    """The alliance's choices at earlier imports: column -> {file value: Accord value}."""
    out: ValueMap = {}
    for column, k, value in alliance.import_value_mappings.values_list("column", "value_key", "value"):
        out.setdefault(column, {})[k] = value
    return out


@limits.within_time
def import_job_parse(*, job: ImportJob) -> ImportJob:
    """The dry run: read and check every row, match it against the alliance, apply the
    landscape's rules to the register as the file would leave it, and keep the result for the
    preview. Values that are not on Accord's lists are read as the alliance chose last time, or
    as a guess, and listed for the person to confirm. Writes only the import record itself,
    never the landscape."""
    preview = job.preview or {}
    path = preview.get("upload")
    if not path or job.status != ImportJob.Status.PENDING:
        return job
    # A CSV is kept to be read again with another encoding or separator; other files, once read,
    # are not needed.
    kept = {"upload": path, "options": preview.get("options") or {}} if job.format == ImportJob.Format.CSV else {}
    ImportJob.objects.filter(pk=job.pk).update(preview={**preview, "started_at": timezone.now().isoformat()})
    try:
        with default_storage.open(path, "rb") as fh:
            data = fh.read()

        def progress(done: int) -> None:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=max(done, job.total_rows))

        today = job.alliance.today()
        remembered = remembered_values(job.alliance)
        parsed = parse(
            data, job.format, today=today, progress=progress, remembered=remembered, options=kept.get("options")
        )
        blank = remembered.get("type", {}).get(mapping.NO_VALUE)
        blank_source = "remembered" if blank and mapping.valid("type", blank) else "guess"
        if blank_source == "guess":
            blank = mapping.guess("type", "")
        result = plan(
            job.alliance,
            parsed.stakeholders,
            parsed.ties,
            parsed.present,
            fmt=job.format,
            today=today,
            bad_refs=parsed.bad_refs,
            blank_type=blank,
        )
    except ImportFileError as exc:
        job.status = ImportJob.Status.FAILED
        job.errors = [error("", 0, "", exc.args[0] if exc.args else str(exc))]
        job.preview = dict(kept)
    except Exception:  # any other surprise in a hostile file is a refusal, not a crash
        log.exception("import %s could not be read", job.pk)
        job.status = ImportJob.Status.FAILED
        job.errors = [error("", 0, "", Sentence(gettext_noop("The file could not be read.")))]
        job.preview = dict(kept)
    else:
        job.status = ImportJob.Status.PREVIEWED
        values = [u.as_json() for u in parsed.unknown.values()]
        if result.untyped:
            values.append(
                {
                    "column": "type",
                    "key": mapping.NO_VALUE,
                    "raw": "",
                    "value": blank,
                    "source": blank_source,
                    "rows": result.untyped,
                }
            )
        job.errors = parsed.errors + result.errors
        rows = len(parsed.stakeholders) + len(parsed.ties) + parsed.bad_rows
        job.total_rows = job.processed_rows = rows
        job.preview = {
            "stakeholders": parsed.stakeholders,
            "ties": parsed.ties,
            "present": parsed.present,
            "read_as": parsed.read_as,
            **kept,
            "notices": [n.as_json() for n in parsed.notices],
            "values": values,
            "parse_errors": len(parsed.errors),
            "parse_bad_rows": parsed.bad_rows,
            "bad_refs": dict(list(parsed.bad_refs.items())[:MAX_BAD_REFS]),
        }
        _keep_plan(job, result)
    if not kept:
        default_storage.delete(path)
    job.save(update_fields=["status", "errors", "preview", "total_rows", "processed_rows"])
    return job


# A file whose bad rows are this many is the wrong file; rows pointing at more are told less.
MAX_BAD_REFS = 10_000


def _keep_plan(job: ImportJob, result: Plan) -> None:
    """Keep a plan's outcome on the import: its problems after the file's own, and the counts."""
    preview = job.preview
    parse_errors = (job.errors or [])[: preview.get("parse_errors", 0)]
    job.errors = parse_errors + [e for e in result.errors if e not in parse_errors]
    bad_in_plan = len({(e["sheet"], e["row"]) for e in result.errors})
    preview["counts"] = {**result.counts, "bad": preview.get("parse_bad_rows", 0) + bad_in_plan}
    preview["duplicates"] = result.duplicates
    preview["changes"] = changes(preview["stakeholders"], result)


@transaction.atomic
def import_job_map_values(*, job: ImportJob, user: Any, chosen: dict[tuple[str, str], str]) -> ImportJob:
    """Read the values a file uses that are not on Accord's lists as the person chose
    ((column, file value) -> Accord value), on every row that has them, and check the file
    again. The choices are remembered for the alliance's next imports. Values not among the
    column's choices are ignored."""
    job = ImportJob.objects.select_for_update().select_related("alliance").get(pk=job.pk)
    if job.status != ImportJob.Status.PREVIEWED:
        raise ImportNotReady(Sentence(gettext_noop("This import is not waiting to be committed.")))
    preview = job.preview
    changed = False
    for entry in preview.get("values", []):
        wanted = chosen.get((entry["column"], entry["key"]))
        if wanted is None or not mapping.valid(entry["column"], wanted):
            continue
        if wanted != entry["value"]:
            changed = True
            apply_value(preview, entry, wanted)
        entry["source"] = "chosen"
    remember_values(job, user=user)
    if changed:
        result = plan(
            job.alliance,
            preview["stakeholders"],
            preview["ties"],
            preview.get("present", {}),
            fmt=job.format,
            today=job.alliance.today(),
            bad_refs=preview.get("bad_refs", {}),
        )
        _keep_plan(job, result)
    job.save(update_fields=["errors", "preview"])
    return job


def apply_value(preview: dict[str, Any], entry: dict[str, Any], value: str) -> None:
    """Write `value` into every row that had the entry's unknown value."""
    column = entry["column"]
    cell: int | str = value
    if column in ("type", "scope"):
        rows, index = preview["stakeholders"], S[column]
    else:
        rows, index = preview["ties"], T[column]
        cell = int(value) if column == "strength" else value
    for i in entry["rows"]:
        rows[i][index] = cell
    entry["value"] = value


def remember_values(job: ImportJob, *, user: Any) -> None:
    """Keep the import's value mapping for the alliance's next imports."""
    who = user if getattr(user, "is_authenticated", False) else None
    for entry in (job.preview or {}).get("values", []):
        ImportValueMapping.objects.update_or_create(
            alliance=job.alliance,
            column=entry["column"],
            value_key=entry["key"][:60],
            defaults={"value": entry["value"], "updated_by": who, "updated_at": timezone.now()},
        )


def changes(rows: list[list[Any]], result: Plan, limit: int = 200) -> list[dict[str, Any]]:
    """The first updated rows and, for each, every changed field with its old and new value,
    for the preview (shown in the reader's language by `import_summary`)."""
    out: list[dict[str, Any]] = []
    for i, (item, action) in enumerate(zip(rows, result.actions, strict=True)):
        if action != UPDATE:
            continue
        if len(out) >= limit:
            break
        fields = [{"field": name, "old": old, "new": new} for name, (old, new) in result.diff[i].items()]
        columns = list(result.changed[i]) + (["assessment"] if result.assess[i] else [])
        out.append({"row": item[0], "name": item[S["name"]], "columns": columns, "fields": fields})
    return out


def import_summary(job: ImportJob) -> dict[str, Any]:
    """What the preview page and the API show of an import, in the reader's language."""
    preview = job.preview or {}
    return {
        "counts": preview.get("counts", {}),
        "duplicates": preview.get("duplicates", []),
        "read_as": preview.get("read_as", {}),
        "changes": [_told_change(c) for c in preview.get("changes", [])],
        "notices": [tell(n) for n in preview.get("notices", [])],
        "errors": told(job.errors or []),
        "values": [_told_value(v) for v in preview.get("values", [])],
    }


def _field_label(name: str) -> str:
    if name == "assessment":
        return gettext("assessment")
    try:
        return str(getattr(Stakeholder._meta.get_field(name), "verbose_name", name))
    except Exception:
        return name


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if name == "assessment":
        position, influence, interest = value
        return gettext("position %(p)s, influence %(i)s, interest %(n)s") % {
            "p": gettext("unknown") if position is None else f"{position:+d}" if position else "0",
            "i": influence,
            "n": interest,
        }
    if name in ("kind", "scope"):
        choices = dict(StakeholderType.choices if name == "kind" else Scope.choices)
        return str(choices.get(value, value))
    return str(value)


def _told_change(change: dict[str, Any]) -> dict[str, Any]:
    if "fields" not in change:  # kept before old -> new was stored
        return {**change, "fields": [{"label": c, "old": "", "new": ""} for c in change.get("columns", [])]}
    return {
        **change,
        "fields": [
            {
                "label": _field_label(f["field"]),
                "old": _shown(f["field"], f["old"]),
                "new": _shown(f["field"], f["new"]),
            }
            for f in change["fields"]
        ],
    }


def _told_value(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: v for k, v in entry.items() if k != "rows"},
        "count": entry.get("count") or len(entry.get("rows", [])),
        "choices": mapping.choices(entry["column"]),
    }
