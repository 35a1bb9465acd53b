"""Import and export pages: the upload, the preview of an import (always a dry run first), its
commit, the downloadable templates, the exports and their log."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accord.core.tenancy import AllianceRequest, alliance_view, can, get_in_alliance
from accord.landscape import exporters
from accord.landscape.importing import background, columns, commit, csv_text, dry_run, jobs, progress, stalled
from accord.landscape.models import ImportJob

RECENT_IMPORTS = 20


class ReadAsForm(forms.Form):
    """How to read a CSV: blank is "detect it"."""

    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding of a CSV"),
        choices=[("", gettext_lazy("Detect automatically")), *csv_text.ENCODINGS],
        required=False,
        help_text=gettext_lazy("Spreadsheet programs on Windows often save CSV as Windows-1252."),
    )
    delimiter = forms.ChoiceField(
        label=gettext_lazy("Separator of a CSV"),
        choices=[
            ("", gettext_lazy("Detect automatically")),
            *((csv_text.NAME_OF_DELIMITER[d], label) for d, label in csv_text.DELIMITERS),
        ],
        required=False,
        help_text=gettext_lazy("Excel in Spanish or French separates by semicolons."),
    )


class ImportUploadForm(ReadAsForm):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV, XLSX, Kumu JSON or GraphML, at most 20 MB. Nothing changes until you review it."),
    )
    field_order = ["file", "encoding", "delimiter"]


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            ("xlsx", gettext_lazy("Excel workbook (XLSX)")),
            ("csv", gettext_lazy("CSV (UTF-8)")),
            ("kumu", gettext_lazy("Kumu JSON")),
            ("graphml", gettext_lazy("GraphML")),
        ],
        initial="xlsx",
        widget=forms.RadioSelect,
    )


def _file_response(file: exporters.ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


def _render_page(request: AllianceRequest, upload_form: ImportUploadForm, status: int = 200) -> HttpResponse:
    alliance = request.alliance
    may_import, may_export = can(request, "landscape.import_map"), can(request, "landscape.export_map")
    if not (may_import or may_export):
        raise PermissionDenied("landscape.import_map")
    return render(
        request,
        "landscape/io/page.html",
        {
            "may_import": may_import,
            "may_export": may_export,
            "upload_form": upload_form,
            "export_form": ExportForm(),
            "imports": alliance.import_jobs.select_related("created_by").order_by("-created_at", "-pk")[:RECENT_IMPORTS]
            if may_import
            else [],
            "exports": exporters.export_log(alliance) if may_export else [],
            "max_mb": jobs.MAX_UPLOAD_BYTES // (1024 * 1024),
        },
        status=status,
    )


@alliance_view("landscape.import_map")
def io_page(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    return _render_page(request, ImportUploadForm())


@require_POST
@alliance_view("landscape.import_map")
def import_upload(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    form = ImportUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = jobs.import_job_create(
                alliance=request.alliance,
                user=request.user,
                upload=upload,
                filename=upload.name,
                encoding=form.cleaned_data["encoding"] or None,
                delimiter=form.cleaned_data["delimiter"] or None,
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            return redirect("landscape:import_job", alliance_slug=alliance_slug, import_job_id=job.pk)
    return _render_page(request, form, status=400)


def _job(request: AllianceRequest, import_job_id: int) -> ImportJob:
    job = get_in_alliance(request.alliance.import_jobs.select_related("created_by"), pk=import_job_id)
    return stalled.expire_if_stalled(job)


@alliance_view("landscape.import_map")
def import_job(request: AllianceRequest, alliance_slug: str, import_job_id: int) -> HttpResponse:
    job = _job(request, import_job_id)
    return render(request, "landscape/io/job.html", {"job": job, **_job_context(job)})


def _written(job: ImportJob) -> int:
    return progress.written(job) if job.status == ImportJob.Status.COMMITTING else 0


def _job_context(job: ImportJob, read_as_form: ReadAsForm | None = None) -> dict[str, object]:
    summary = dry_run.import_summary(job)
    read_as = summary.get("read_as") or {}
    again = job.format == ImportJob.Format.CSV and bool((job.preview or {}).get("upload"))
    if again and read_as_form is None:
        read_as_form = ReadAsForm(
            initial={
                "encoding": read_as.get("encoding") if read_as.get("encoding_chosen") else "",
                "delimiter": csv_text.NAME_OF_DELIMITER.get(read_as.get("delimiter", ""), "")
                if read_as.get("delimiter_chosen")
                else "",
            },
            auto_id="id_again_%s",
        )
    return {
        **summary,
        "read_as_text": csv_text.describe(read_as),
        "read_as_form": read_as_form if again else None,
        "written": _written(job),
        "can_retry": commit.can_retry(job),
    }


@require_POST
@alliance_view("landscape.import_map")
def import_job_read_again(request: AllianceRequest, alliance_slug: str, import_job_id: int) -> HttpResponse:
    """Read a CSV import again with the encoding and separator chosen (a new dry run)."""
    job = _job(request, import_job_id)
    form = ReadAsForm(request.POST, auto_id="id_again_%s")
    if not form.is_valid():
        context = {"job": job, **_job_context(job, form)}
        return render(request, "landscape/io/job.html", context, status=400)
    try:
        job = jobs.import_job_read_again(
            job=job,
            user=request.user,
            encoding=form.cleaned_data["encoding"] or None,
            delimiter=form.cleaned_data["delimiter"] or None,
        )
    except columns.ImportNotReady as exc:
        messages.error(request, str(exc))
    return redirect("landscape:import_job", alliance_slug=alliance_slug, import_job_id=job.pk)


@alliance_view("landscape.import_map")
def import_job_progress(request: AllianceRequest, alliance_slug: str, import_job_id: int) -> HttpResponse:
    """The polled progress fragment; once the file is read or the import written, htmx reloads
    the whole page."""
    job = _job(request, import_job_id)
    response = render(request, "landscape/io/job.html#progress", {"job": job, "written": _written(job)})
    if job.status not in (ImportJob.Status.PENDING, ImportJob.Status.COMMITTING):
        response["HX-Refresh"] = "true"
    return response


def _chosen_values(request: AllianceRequest, job: ImportJob) -> dict[tuple[str, str], str]:
    """The value mapping posted with the preview: val-<n> is the choice for the n-th value."""
    entries = (job.preview or {}).get("values", [])
    return {
        (entry["column"], entry["key"]): str(request.POST[f"val-{n}"])
        for n, entry in enumerate(entries)
        if f"val-{n}" in request.POST
    }


@require_POST
@alliance_view("landscape.import_map")
def import_job_values(request: AllianceRequest, alliance_slug: str, import_job_id: int) -> HttpResponse:
    job = _job(request, import_job_id)
    try:
        dry_run.import_job_map_values(job=job, user=request.user, chosen=_chosen_values(request, job))
    except columns.ImportNotReady as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your choices are applied to every row; the preview below is checked again."))
    return redirect("landscape:import_job", alliance_slug=alliance_slug, import_job_id=job.pk)


@require_POST
@alliance_view("landscape.import_map")
def import_job_commit(request: AllianceRequest, alliance_slug: str, import_job_id: int) -> HttpResponse:
    job = _job(request, import_job_id)
    choices = {int(k[4:]): str(v) for k, v in request.POST.items() if k.startswith("dup-") and k[4:].isdigit()}
    try:
        chosen = _chosen_values(request, job)
        if chosen:
            job = dry_run.import_job_map_values(job=job, user=request.user, chosen=chosen)
        result = background.import_job_commit_start(job=job, user=request.user, choices=choices or None)
    except (ValidationError, columns.ImportNotReady) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        if result is None:
            job.refresh_from_db()
            if job.status == ImportJob.Status.COMMITTING:
                messages.info(request, _("The import is being written; this page shows how far it has got."))
            return redirect("landscape:import_job", alliance_slug=alliance_slug, import_job_id=job.pk)
        messages.success(
            request,
            _("Imported: %(created)s new, %(updated)s updated, %(assessments)s new assessments, %(ties)s new ties.")
            % {
                "created": result.created,
                "updated": result.updated,
                "assessments": result.assessments,
                "ties": result.ties_created,
            },
        )
    return redirect("landscape:import_job", alliance_slug=alliance_slug, import_job_id=job.pk)


@require_POST
@alliance_view("landscape.import_map")
def import_job_discard(request: AllianceRequest, alliance_slug: str, import_job_id: int) -> HttpResponse:
    job = _job(request, import_job_id)
    try:
        jobs.import_job_discard(job=job)
    except columns.ImportNotReady as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Import discarded. Nothing was changed."))
    return redirect("landscape:io", alliance_slug=alliance_slug)


@alliance_view("landscape.import_map")
def import_template(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    """An empty file to fill in (XLSX with lists and instructions, or the CSV header)."""
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return _file_response(exporters.template_file(fmt))


@require_POST
@alliance_view("landscape.export_map")
def export(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    form = ExportForm(request.POST)
    if not form.is_valid():
        return _render_page(request, ImportUploadForm(), status=400)
    file = exporters.map_export(alliance=request.alliance, user=request.user, fmt=form.cleaned_data["format"])
    return _file_response(file)
