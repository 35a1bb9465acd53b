from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.alliances import selectors, services
from accord.alliances.forms import AllianceCreateForm, AllianceSettingsForm, PurposeForm
from accord.alliances.models import Purpose
from accord.core import roadmap
from accord.core.history import changes_of
from accord.core.selectors import alliances_for
from accord.core.tenancy import authorize, can, get_in_alliance
from accord.lib import smart


def index(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("alliances:list")
    return redirect("account_login")


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "alliances/about.html")


@login_required
def alliance_list(request: HttpRequest) -> HttpResponse:
    return render(request, "alliances/list.html", {"alliances": alliances_for(request.user)})


@login_required
def alliance_create(request: HttpRequest) -> HttpResponse:
    form = AllianceCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        alliance = services.alliance_create(
            user=request.user,
            name=d["name"],
            country=d["country"],
            sector=d["sector"],
            organisation_name=d["organisation_name"],
            organisation_kind=d["organisation_kind"],
            languages=d["languages"],
            timezone_name=d["timezone"],
        )
        messages.success(request, _("Alliance created. Start with its purpose."))
        return redirect(alliance.get_absolute_url())
    return render(request, "alliances/create.html", {"form": form})


def home(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance  # type: ignore[attr-defined]
    entries = roadmap.roadmap_for(alliance)
    done = sum(1 for e in entries if e.status.state == roadmap.State.DONE)
    return render(
        request,
        "alliances/home.html",
        {"entries": entries, "done": done, "purpose": selectors.current_purpose(alliance)},
    )


def alliance_settings(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, "core.change_settings")
    alliance = request.alliance  # type: ignore[attr-defined]
    # The form validates a copy: a refused value must not leak into this page's header, which
    # shows request.alliance.
    form = AllianceSettingsForm(request.POST or None, instance=copy.copy(alliance))
    if request.method == "POST" and form.is_valid():
        changed = {k: form.cleaned_data[k] for k in form.changed_data}
        if changed:
            services.alliance_update_settings(alliance=alliance, **changed)
            messages.success(request, _("Settings saved."))
        return redirect("alliances:settings", alliance_slug=alliance.slug)
    history = changes_of(alliance) if can(request, "core.view_history") else []
    return render(request, "alliances/settings.html", {"form": form, "history": history})


def purpose(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, "alliances.view_purpose")
    alliance = request.alliance  # type: ignore[attr-defined]
    current = selectors.current_purpose(alliance)
    return _render_purpose(request, current, is_current=True)


def purpose_version(request: HttpRequest, alliance_slug: str, purpose_id: int) -> HttpResponse:
    authorize(request, "alliances.view_purpose")
    version = get_in_alliance(request.alliance.purposes.select_related("created_by"), pk=purpose_id)  # type: ignore[attr-defined]
    latest = selectors.current_purpose(request.alliance)  # type: ignore[attr-defined]
    return _render_purpose(request, version, is_current=latest is not None and latest.pk == version.pk)


def _render_purpose(request: HttpRequest, purpose: Purpose | None, *, is_current: bool) -> HttpResponse:
    alliance = request.alliance  # type: ignore[attr-defined]
    result = smart.check(purpose, today=services.today_in(alliance)) if purpose else None
    history = changes_of(purpose) if purpose and can(request, "core.view_history") else []
    return render(
        request,
        "alliances/purpose.html",
        {"purpose": purpose, "smart": result, "is_current": is_current, "history": history},
    )


def purpose_edit(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, "alliances.change_purpose")
    alliance = request.alliance  # type: ignore[attr-defined]
    current = selectors.current_purpose(alliance)
    conflict = None
    if request.method == "POST":
        form = PurposeForm(request.POST)
        if form.is_valid():
            try:
                services.purpose_save(
                    alliance=alliance,
                    user=request.user,
                    data=form.content(),
                    base_version=form.cleaned_data["base_version"],
                )
            except services.StaleVersion as exc:
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
                return redirect("alliances:purpose", alliance_slug=alliance.slug)
    else:
        initial = {"base_version": current.version if current else None}
        form = PurposeForm(instance=current, initial=initial)
        form.initial["change_note"] = ""
    result = smart.check(_FormPurpose(form), today=services.today_in(alliance))
    return render(
        request,
        "alliances/purpose_edit.html",
        {"form": form, "smart": result, "current": current, "conflict": conflict},
    )


@require_POST
def purpose_check(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    """The live SMART check beside the edit form (an htmx fragment of the same template)."""
    authorize(request, "alliances.change_purpose")
    form = PurposeForm(request.POST)
    form.is_valid()
    result = smart.check(_FormPurpose(form), today=services.today_in(request.alliance))  # type: ignore[attr-defined]
    return render(request, "alliances/purpose_edit.html#smart", {"smart": result})


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


def purpose_versions(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, "alliances.view_purpose")
    versions = selectors.purpose_versions(request.alliance)  # type: ignore[attr-defined]
    return render(request, "alliances/versions.html", {"versions": versions})


def purpose_compare(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, "alliances.view_purpose")
    alliance = request.alliance  # type: ignore[attr-defined]
    versions = selectors.purpose_versions(alliance)
    by_number = {v.version: v for v in versions}
    error = ""
    left = right = None
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
        left, right = by_number.get(min(a, b)), by_number.get(max(a, b))
        if left is None or right is None:
            error = _("Choose two versions that exist.")
    except ValueError:
        if len(versions) >= 2:
            left, right = versions[1], versions[0]
        else:
            error = _("There is only one version so far; nothing to compare.")
    diff = selectors.purpose_diff(left, right) if left and right else []
    return render(
        request,
        "alliances/compare.html",
        {"versions": versions, "left": left, "right": right, "diff": diff, "error": error},
    )
