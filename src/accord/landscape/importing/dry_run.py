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
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.landscape.importing import limits
from accord.landscape.importing.checks import parse
from accord.landscape.importing.columns import ImportFileError, S
from accord.landscape.importing.matching import UPDATE, Plan, plan
from accord.landscape.models import ImportJob

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


@limits.within_time
def import_job_parse(*, job: ImportJob) -> ImportJob:
    """The dry run: read and check every row, match it against the alliance, apply the
    landscape's rules to the register as the file would leave it, and keep the result for the
    preview. Writes only the import record itself, never the landscape."""
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
        parsed = parse(data, job.format, today=today, progress=progress, options=kept.get("options"))
        result = plan(job.alliance, parsed.stakeholders, parsed.ties, parsed.present, fmt=job.format, today=today)
    except ImportFileError as exc:
        job.status = ImportJob.Status.FAILED
        job.errors = [{"sheet": "", "row": 0, "column": "", "message": str(exc)}]
        job.preview = dict(kept)
    except Exception:  # any other surprise in a hostile file is a refusal, not a crash
        log.exception("import %s could not be read", job.pk)
        job.status = ImportJob.Status.FAILED
        job.errors = [{"sheet": "", "row": 0, "column": "", "message": _("The file could not be read.")}]
        job.preview = dict(kept)
    else:
        job.status = ImportJob.Status.PREVIEWED
        job.errors = parsed.errors + result.errors
        rows = len(parsed.stakeholders) + len(parsed.ties) + parsed.bad_rows
        job.total_rows = job.processed_rows = rows
        job.preview = {
            "stakeholders": parsed.stakeholders,
            "ties": parsed.ties,
            "present": parsed.present,
            "read_as": parsed.read_as,
            **kept,
            "notices": parsed.notices,
            "counts": {**result.counts, "bad": parsed.bad_rows + len({(e["sheet"], e["row"]) for e in result.errors})},
            "duplicates": result.duplicates,
            "changes": changes(parsed.stakeholders, result),
        }
    if not kept:
        default_storage.delete(path)
    job.save(update_fields=["status", "errors", "preview", "total_rows", "processed_rows"])
    return job


def changes(rows: list[list[Any]], result: Plan, limit: int = 200) -> list[dict[str, Any]]:
    """The first updated rows and the columns that change in each, for the preview."""
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
        "read_as": preview.get("read_as", {}),
        "changes": preview.get("changes", []),
        "notices": preview.get("notices", []),
    }
