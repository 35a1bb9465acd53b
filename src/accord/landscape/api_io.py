"""API for importing and exporting the landscape.

An import is a two-step affair, as on the pages: POST the file (multipart) and get the dry run
(counts, every bad row, probable duplicates) with the import's id; then POST a commit for that id
with a choice for each probable duplicate. Long files are read in the background: poll the
import until its status leaves "pending".
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from accord.api.auth import api_operation
from accord.api.schemas import READ_ERRORS, WRITE_ERRORS, BodySchema, ErrorOut, PathId
from accord.core.tenancy import AllianceRequest, get_in_alliance
from accord.landscape import exporters
from accord.landscape.importing import csv_text
from accord.landscape.importing.background import import_job_commit_start
from accord.landscape.importing.columns import ImportNotReady
from accord.landscape.importing.dry_run import import_job_map_values, import_summary
from accord.landscape.importing.jobs import import_job_create, import_job_read_again
from accord.landscape.importing.stalled import expire_if_stalled
from accord.landscape.models import ImportJob

router = Router()

ImportFormat = Literal["csv", "xlsx", "kumu", "graphml"]
# A CSV's encoding (Python's codec names) and separator, when detecting them is not right.
CsvEncoding = Literal["utf-8", "utf-16", "cp1252", "latin-1", "iso-8859-15", "mac_roman", "cp1250", "cp1251"]
CsvDelimiter = Literal["comma", "semicolon", "tab"]
ImportStatus = Literal["pending", "previewed", "committing", "committed", "failed", "discarded"]
Choice = Literal["merge", "skip", "create"]
ImportJobId = PathId


class ImportProblemOut(Schema):
    sheet: str = Field(
        description="stakeholders/ties (XLSX), elements/connections (Kumu), nodes/edges (GraphML), empty for CSV"
    )
    row: int = Field(description="Row number as a spreadsheet shows it; 0 for a problem with the whole file")
    column: str
    message: str


class DuplicateOut(Schema):
    sheet: str
    row: int
    name: str
    existing_id: int
    existing_name: str
    score: int = Field(description="Similarity of the names, 0 to 100")
    reason: Literal["similar", "acronym", "contains", ""] = Field(
        "", description="Why: nearly the same words, the same acronym, or one name containing the other"
    )
    choice: Choice


class ImportCountsOut(Schema):
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    bad: int = 0
    duplicates: int = 0
    assessments: int = 0
    ties_new: int = 0
    ties_updated: int = 0
    ties_unchanged: int = 0
    ties_skipped: int = 0


class ReadAsOut(Schema):
    encoding: str = Field(description="The codec the CSV was read with, e.g. utf-8, cp1252 (Windows-1252)")
    delimiter: str = Field(description="comma, semicolon or tab")
    encoding_chosen: bool = Field(description="true when given by the person, false when detected")
    delimiter_chosen: bool
    description: str = Field(description="The same in words, as the dry-run page says it")


class ValueOut(Schema):
    """A value the file uses that is not on Accord's lists, and what Accord reads it as on every
    row that has it."""

    column: Literal["type", "scope", "kind", "strength"]
    key: str = Field(description="The file's value, folded (empty: new stakeholders without a type)")
    raw: str = Field(description="The value as the file writes it")
    value: str = Field(description="What Accord reads it as")
    source: Literal["guess", "remembered", "chosen"]
    count: int = Field(description="Rows that have it")


class ValueChoiceIn(Schema):
    column: Literal["type", "scope", "kind", "strength"]
    key: str
    value: str = Field(description="One of Accord's values for the column; others are ignored")


class ImportJobOut(Schema):
    id: int
    filename: str
    format: ImportFormat
    status: ImportStatus
    total_rows: int
    processed_rows: int
    created_at: dt.datetime
    committed_at: dt.datetime | None
    counts: ImportCountsOut
    errors: list[ImportProblemOut]
    duplicates: list[DuplicateOut]
    notices: list[str]
    values: list[ValueOut] = Field(default_factory=list)
    read_as: ReadAsOut | None = Field(None, description="How a CSV was read; null for other formats")


class ReadAgainIn(BodySchema):
    """Read a CSV import again: each left out (or null) is detected."""

    encoding: CsvEncoding | None = None
    delimiter: CsvDelimiter | None = None


class ImportCommitIn(BodySchema):
    """`choices` maps the row number of each probable duplicate to merge, skip or create; a
    duplicate left out is skipped."""

    choices: dict[int, Choice] = Field(default_factory=dict)
    values: list[ValueChoiceIn] = Field(
        default_factory=list,
        description="What to read each listed value as; applied to every row and remembered for the alliance",
    )


def _out(job: ImportJob) -> dict[str, Any]:
    summary = import_summary(job)
    counts = {k: v for k, v in summary["counts"].items() if k in ImportCountsOut.model_fields}
    return {
        "id": job.pk,
        "filename": job.filename,
        "format": job.format,
        "status": job.status,
        "total_rows": job.total_rows,
        "processed_rows": job.processed_rows,
        "created_at": job.created_at,
        "committed_at": job.committed_at,
        "counts": counts,
        "errors": summary["errors"],  # in the reader's language
        "duplicates": summary["duplicates"],
        "notices": summary["notices"],
        "values": [{k: v[k] for k in ValueOut.model_fields} for v in summary["values"]],
        "read_as": _read_as(summary.get("read_as")),
    }


def _read_as(read_as: dict[str, Any] | None) -> dict[str, Any] | None:
    if not read_as:
        return None
    return {
        **read_as,
        "delimiter": csv_text.NAME_OF_DELIMITER.get(read_as.get("delimiter", ""), read_as.get("delimiter", "")),
        "description": csv_text.describe(read_as),
    }


def _invalid(field: str, message: str) -> Status:
    return Status(422, {"detail": [{"type": "value_error", "loc": ["body", field], "msg": message}]})


@router.post(
    "{alliance_slug}/imports",
    response={201: ImportJobOut, **WRITE_ERRORS},
    summary="Upload a file to import (dry run)",
    description="Multipart upload of a CSV, XLSX, Kumu JSON or GraphML file (at most 20 MB). Nothing of the "
    "landscape changes: the answer is the dry run, with every bad row and probable duplicate. A file that "
    "cannot be read at all gives status `failed` with the reason. Long files are read in the background "
    "(status `pending`): poll the import.",
)
@api_operation("landscape.import_map", write=True)
def import_create(
    request: AllianceRequest,
    alliance_slug: str,
    file: UploadedFile | None = File(None),  # noqa: B008 - ninja's parameter declaration
    format: ImportFormat | None = Query(None, description="Default: from the file name and content"),  # noqa: B008
    encoding: CsvEncoding | None = Query(None, description="A CSV's encoding; default: detected"),  # noqa: B008
    delimiter: CsvDelimiter | None = Query(None, description="A CSV's separator; default: detected"),  # noqa: B008
) -> Any:
    alliance = request.alliance
    if file is None:
        return _invalid("file", _("Attach the file to import as the multipart field “file”."))
    try:
        job = import_job_create(
            alliance=alliance,
            user=request.user,
            upload=file,
            filename=file.name or "upload",
            fmt=format,
            encoding=encoding,
            delimiter=delimiter,
        )
    except ValidationError as exc:
        return _invalid("file", " ".join(exc.messages))
    return Status(201, _out(job))


@router.get(
    "{alliance_slug}/imports/{import_job_id}",
    response={200: ImportJobOut, **READ_ERRORS},
    summary="An import: its status, progress and dry-run result",
)
@api_operation("landscape.import_map")
def import_detail(request: AllianceRequest, alliance_slug: str, import_job_id: int = ImportJobId) -> Any:
    alliance = request.alliance
    return _out(expire_if_stalled(get_in_alliance(alliance.import_jobs, pk=import_job_id)))


@router.post(
    "{alliance_slug}/imports/{import_job_id}/read-again",
    response={200: ImportJobOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Read a CSV import again with another encoding or separator (a new dry run)",
    description="For a CSV import not yet committed or discarded. 409 for other imports.",
)
@api_operation("landscape.import_map", write=True)
def import_read_again(
    request: AllianceRequest, alliance_slug: str, payload: ReadAgainIn, import_job_id: int = ImportJobId
) -> Any:
    alliance = request.alliance
    job = get_in_alliance(alliance.import_jobs, pk=import_job_id)
    try:
        job = import_job_read_again(job=job, user=request.user, encoding=payload.encoding, delimiter=payload.delimiter)
    except ImportNotReady as exc:
        return Status(409, {"detail": str(exc)})
    return _out(job)


@router.post(
    "{alliance_slug}/imports/{import_job_id}/commit",
    response={200: ImportJobOut, 202: ImportJobOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Commit a previewed import (one transaction)",
    description="200 with the committed import; 202 when a large import is being written in the background "
    '(its status is "committing": poll it until the status is "committed", or "failed" with the reason, '
    "nothing written, and the import may be committed again). 409 when the import is not waiting for a commit "
    "(a second commit of the same import too), when its file has bad rows (fix them and upload again), or when "
    "the alliance changed since the preview in a way that conflicts.",
)
@api_operation("landscape.import_map", write=True)
def import_commit(
    request: AllianceRequest, alliance_slug: str, payload: ImportCommitIn, import_job_id: int = ImportJobId
) -> Any:
    alliance = request.alliance
    job = get_in_alliance(alliance.import_jobs, pk=import_job_id)
    try:
        if payload.values:
            chosen: dict[tuple[str, str], str] = {(str(v.column), v.key): v.value for v in payload.values}
            job = import_job_map_values(job=job, user=request.user, chosen=chosen)
        import_job_commit_start(job=job, user=request.user, choices=dict(payload.choices) or None)
    except ImportNotReady as exc:
        return Status(409, {"detail": str(exc)})
    except ValidationError as exc:
        return Status(409, {"detail": " ".join(exc.messages)})
    job.refresh_from_db()
    if job.status == ImportJob.Status.COMMITTING:
        return Status(202, _out(job))
    return _out(job)


_EXPORT_CONTENT: dict[str, Any] = {
    ctype.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
    for ctype in exporters.CONTENT_TYPES.values()
}
# Kumu's JSON: {"elements": [{"label", "type", ...}], "connections": [{"from", "to", "type", ...}]}.
_EXPORT_CONTENT["application/json"] = {
    "schema": {
        "type": "object",
        "properties": {"elements": {"type": "array"}, "connections": {"type": "array"}},
        "required": ["elements", "connections"],
    }
}


@router.get(
    "{alliance_slug}/export",
    response={200: None, **READ_ERRORS},
    summary="Export the whole map (co-chairs and secretariat; logged)",
    description="Stakeholders with their current assessment, and ties, as CSV (UTF-8 with a byte-order mark, "
    "one file with a `record` column), XLSX, Kumu JSON or GraphML. Every export is logged.",
    # An int key, as in `response=`: a "200" string would be a second "200" in the JSON.
    openapi_extra={"responses": {200: {"description": "The file", "content": _EXPORT_CONTENT}}},
)
@api_operation("landscape.export_map")
def export(
    request: AllianceRequest,
    alliance_slug: str,
    format: Literal["csv", "xlsx", "kumu", "graphml"] = Query("xlsx"),
) -> HttpResponse:
    alliance = request.alliance
    try:
        file = exporters.map_export(alliance=alliance, user=request.user, fmt=format)
    except PermissionDenied:
        raise HttpError(403, _("Your role in this alliance does not allow this.")) from None
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response
