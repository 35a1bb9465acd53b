"""Receiving a file to import, and dropping an import that will not be committed.

`import_job_create` stores the upload and runs the dry run (`dry_run.import_job_parse`) at once,
or hands it to the background task for long files; it is the only module of the import that
knows about the task, and the task only imports `dry_run`, so there is no import cycle.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from rules import has_perm

from accord.core.models import Alliance
from accord.landscape.importing import csv_text
from accord.landscape.importing import tasks as tasks_io
from accord.landscape.importing.columns import ImportNotReady
from accord.landscape.importing.dry_run import estimate_rows, import_job_parse
from accord.landscape.importing.reading import detect_format
from accord.landscape.models import ImportJob

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Above this many rows the file is read in the background and the page shows progress.
BACKGROUND_ABOVE_ROWS = 2_000


def authorize(user: Any, alliance: Alliance) -> None:
    if not has_perm("landscape.import_map", user, alliance):
        raise PermissionDenied("landscape.import_map")


def _read_upload(upload: Any) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _too_large()})
    data = upload.read(MAX_UPLOAD_BYTES + 1) if hasattr(upload, "read") else bytes(upload)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _too_large()})
    return data


def _too_large() -> str:
    return _("The file is larger than %(mb)s MB. Split it into smaller files.") % {
        "mb": MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def csv_options(encoding: str | None, delimiter: str | None) -> dict[str, str]:
    """A person's choice of encoding (a codec of `csv_text.ENCODINGS`) and separator (comma,
    semicolon, tab); blank means detect it. An unknown choice is refused."""
    options: dict[str, str] = {}
    if encoding:
        if encoding not in csv_text.ENCODING_CODES:
            raise ValidationError({"encoding": _("Unknown encoding.")})
        options["encoding"] = encoding
    if delimiter:
        if delimiter not in csv_text.DELIMITER_NAMES:
            raise ValidationError({"delimiter": _("Choose comma, semicolon or tab.")})
        options["delimiter"] = csv_text.DELIMITER_NAMES[delimiter]
    return options


def _read(job: ImportJob, data_size_rows: int) -> ImportJob:
    if data_size_rows > BACKGROUND_ABOVE_ROWS:
        tasks_io.parse_import_job.enqueue(import_job_id=job.pk)
        job.refresh_from_db()
    else:
        import_job_parse(job=job)
    return job


def import_job_create(
    *,
    alliance: Alliance,
    user: Any,
    upload: Any,
    filename: str,
    fmt: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> ImportJob:
    """Receive a file to import. Nothing of the landscape is written: the file is read and
    checked (the dry run) at once, or in the background for long files, and waits for a
    commit. Files over the size limit are refused before anything is stored. A CSV is read in
    the `encoding` and with the `delimiter` (comma, semicolon, tab) given, or those detected."""
    authorize(user, alliance)
    options = csv_options(encoding, delimiter)
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
    job.preview = {"upload": path, "options": options if fmt == ImportJob.Format.CSV else {}}
    job.save(update_fields=["preview"])
    return _read(job, total)


def import_job_read_again(
    *, job: ImportJob, user: Any, encoding: str | None = None, delimiter: str | None = None
) -> ImportJob:
    """Read a CSV import again in another encoding or with another separator (blank: detect
    it), as a new dry run. The file is kept for this until the import is committed or
    discarded; nothing of the landscape changes."""
    authorize(user, job.alliance)
    options = csv_options(encoding, delimiter)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        path = (job.preview or {}).get("upload")
        if job.format != ImportJob.Format.CSV or job.status not in (
            ImportJob.Status.PREVIEWED,
            ImportJob.Status.FAILED,
        ):
            raise ImportNotReady(_("Only a CSV import that is not yet committed can be read again."))
        if not path or not default_storage.exists(path):
            raise ImportNotReady(_("The file of this import is no longer kept; upload it again."))
        job.status = ImportJob.Status.PENDING
        job.errors = []
        job.processed_rows = 0
        job.preview = {"upload": path, "options": options}
        job.save(update_fields=["status", "errors", "preview", "processed_rows"])
    return _read(job, job.total_rows)


@transaction.atomic
def import_job_discard(*, job: ImportJob) -> ImportJob:
    """Drop an import that has not been committed; the landscape is untouched."""
    if job.status in (ImportJob.Status.COMMITTED, ImportJob.Status.DISCARDED, ImportJob.Status.COMMITTING):
        raise ImportNotReady(_("This import can no longer be discarded."))
    path = (job.preview or {}).get("upload")
    if path:
        default_storage.delete(path)
    job.status = ImportJob.Status.DISCARDED
    job.preview = {}
    job.save(update_fields=["status", "preview"])
    return job
