"""Pages of the purpose (method step 1): the current version, editing with a live SMART check,
versions and their comparison.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.history import changes_of
from accord.core.tenancy import AllianceRequest, alliance_view, can, get_in_alliance
from accord.core.versions import compare_versions
from accord.lib import smart
from accord.purpose import selectors
from accord.purpose.forms import PurposeForm
from accord.purpose.models import Purpose
from accord.purpose.selectors import current_purpose, purpose_diff
from accord.purpose.services import StaleVersion, purpose_save


@alliance_view("purpose.view_purpose")
def purpose(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    current = current_purpose(alliance)
    return _render_purpose(request, current, is_current=True)


@alliance_view("purpose.view_purpose")
def purpose_version(request: AllianceRequest, alliance_slug: str, purpose_id: int) -> HttpResponse:
    version = get_in_alliance(request.alliance.purposes.select_related("created_by"), pk=purpose_id)
    latest = current_purpose(request.alliance)
    return _render_purpose(request, version, is_current=latest is not None and latest.pk == version.pk)


def _render_purpose(request: HttpRequest, purpose: Purpose | None, *, is_current: bool) -> HttpResponse:
    alliance = request.alliance  # type: ignore[attr-defined]
    result = smart.check(purpose, today=alliance.today()) if purpose else None
    history = changes_of(purpose) if purpose and can(request, "core.view_history") else []
    return render(
        request,
        "purpose/purpose.html",
        {"purpose": purpose, "smart": result, "is_current": is_current, "history": history},
    )


@alliance_view("purpose.change_purpose")
def purpose_edit(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    current = current_purpose(alliance)
    conflict = None
    if request.method == "POST":
        form = PurposeForm(request.POST)
        if form.is_valid():
            try:
                purpose_save(
                    alliance=alliance,
                    user=request.user,
                    data=form.content(),
                    base_version=form.cleaned_data["base_version"],
                )
            except StaleVersion as exc:
                # Keep the person's text; the next save is a deliberate merge on top of the
                # newer version, so it carries that version as its base.
                conflict = exc.current
                data = request.POST.copy()
                data["base_version"] = str(conflict.version)
                form = PurposeForm(data)
                form.is_valid()
                form.add_error(
                    None,
                    str(exc) + " " + _("Your text is kept below: compare, merge what you need, and save again."),
                )
            except ValidationError as exc:  # e.g. a base version on an alliance that has none
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Purpose saved as a new version."))
                return redirect("purpose:current", alliance_slug=alliance.slug)
    else:
        initial = {"base_version": current.version if current else None}
        form = PurposeForm(instance=current, initial=initial)
        form.initial["change_note"] = ""
    result = smart.check(_FormPurpose(form), today=alliance.today())
    return render(
        request,
        "purpose/edit.html",
        {"form": form, "smart": result, "current": current, "conflict": conflict},
    )


@require_POST
@alliance_view("purpose.change_purpose")
def purpose_check(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    """The live SMART check beside the edit form (an htmx fragment of the same template)."""
    form = PurposeForm(request.POST)
    form.is_valid()
    result = smart.check(_FormPurpose(form), today=request.alliance.today())
    return render(request, "purpose/edit.html#smart", {"smart": result})


class _FormPurpose:
    """Attribute access over a form's cleaned (or initial) values, for the SMART check."""

    def __init__(self, form: PurposeForm) -> None:
        self._form = form

    def __getattr__(self, name: str) -> object:
        form = self._form
        if form.is_bound:
            data = getattr(form, "cleaned_data", {})
            return data.get(name)
        value = form.initial.get(name)
        if value is None and form.instance is not None:
            value = getattr(form.instance, name, None)
        return value


@alliance_view("purpose.view_purpose")
def purpose_versions(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    versions = selectors.purpose_versions(request.alliance)
    return render(request, "purpose/versions.html", {"versions": versions})


@alliance_view("purpose.view_purpose")
def purpose_compare(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    versions = selectors.purpose_versions(alliance)
    comparison = compare_versions(request, versions, purpose_diff)
    return render(request, "purpose/compare.html", {"versions": versions, **comparison.context()})
