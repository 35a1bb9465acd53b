"""Import and export of activities: the export in CSV or XLSX (one format both ways), and the
import, always previewed first (a dry run through the services, rolled back), then kept whole or
not at all. The rules are `accord.work.io`'s and the services'."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accord.core.tenancy import AllianceRequest, alliance_view
from accord.work import io

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# How long a previewed file waits for its commit.
KEEP_SECONDS = 3600
SHOWN_ROWS = 50


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A CSV or XLSX with the columns of an export, at most 5 MB. Nothing changes until you confirm."
        ),
    )


def _key(request: AllianceRequest, token: str) -> str:
    return f"work-import:{request.alliance.pk}:{request.user.pk}:{token}"


def _page(request: AllianceRequest, form: UploadForm, status: int = 200, **extra: Any) -> HttpResponse:
    return render(
        request,
        "work/io/page.html",
        {"form": form, "columns": io.COLUMNS, "shown": SHOWN_ROWS, **extra},
        status=status,
    )


@alliance_view("work.import_activities")
def activities_io(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    return _page(request, UploadForm())


@alliance_view("work.import_activities")
def activities_export(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    """?format=csv or xlsx (the default)."""
    fmt = request.GET.get("format", "xlsx")
    day = request.alliance.today().isoformat()
    if fmt == "csv":
        response = HttpResponse(io.export_csv(request.alliance), content_type=io.CSV_TYPE)
        name = f"{alliance_slug}-activities-{day}.csv"
    else:
        response = HttpResponse(io.export_xlsx(request.alliance), content_type=io.XLSX_TYPE)
        name = f"{alliance_slug}-activities-{day}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _read(request: AllianceRequest, form: UploadForm) -> tuple[bytes, str] | None:
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD_BYTES:
        form.add_error("file", _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)})
        return None
    return upload.read(MAX_UPLOAD_BYTES + 1), upload.name or ""


@require_POST
@alliance_view("work.import_activities")
def activities_import(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    """POST a file: its preview (nothing is kept). POST `token` with `commit`: the previewed file,
    kept whole if every row passes again, or nothing."""
    token = request.POST.get("token", "")
    if token and "commit" in request.POST:
        stored = cache.get(_key(request, token)) if token.isalnum() else None
        if stored is None:
            messages.error(request, _("That preview has expired. Upload the file again."))
            return redirect("work:activities_io", alliance_slug=alliance_slug)
        data, name = stored
        return _run(request, UploadForm(), data, name, commit=True, token=token)
    form = UploadForm(request.POST, request.FILES)
    read = _read(request, form) if form.is_valid() else None
    if read is None:
        return _page(request, form, status=400)
    data, name = read
    token = secrets.token_hex(16)
    return _run(request, form, data, name, commit=False, token=token)


def _run(
    request: AllianceRequest, form: UploadForm, data: bytes, name: str, *, commit: bool, token: str
) -> HttpResponse:
    try:
        rows = io.read(data, name)
    except io.ImportError_ as exc:
        form.add_error(None, str(exc))
        return _page(request, form, status=400)
    outcome = io.run(alliance=request.alliance, by=request.user, rows=rows, commit=commit)
    if outcome.committed:
        cache.delete(_key(request, token))
        messages.success(
            request,
            _("Imported. New activities proposed: %(created)s. Activities changed: %(updated)s.")
            % {"created": len(outcome.created), "updated": len(outcome.updated)},
        )
        return redirect("work:board", alliance_slug=request.alliance.slug)
    if outcome.ok:
        cache.set(_key(request, token), (data, name), KEEP_SECONDS)
    return _page(request, form, status=200 if outcome.ok else 400, outcome=outcome, token=token, filename=name)
