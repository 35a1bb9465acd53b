from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.alliances import services
from accord.alliances.forms import AllianceCreateForm, AllianceSettingsForm
from accord.alliances.services import alliance_update_settings, settings_fields
from accord.core import roadmap
from accord.core.forms import conflict_form
from accord.core.history import changes_of
from accord.core.tenancy import AllianceRequest, alliance_view, can
from accord.core.versions import StaleVersion
from accord.membership.roster import alliances_of
from accord.purpose.selectors import current_purpose


def index(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("alliances:list")
    return redirect("account_login")


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "alliances/about.html")


@login_required
def alliance_list(request: HttpRequest) -> HttpResponse:
    return render(request, "alliances/list.html", {"alliances": alliances_of(request.user)})


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


@alliance_view("core.view_alliance")
def home(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    entries = roadmap.roadmap_for(alliance)
    done = sum(1 for e in entries if e.status.state == roadmap.State.DONE)
    return render(
        request,
        "alliances/home.html",
        {"entries": entries, "done": done, "purpose": current_purpose(alliance)},
    )


@alliance_view("core.change_settings")
def alliance_settings(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    # The form validates a copy: a refused value must not leak into this page's header, which
    # shows request.alliance.
    form = AllianceSettingsForm(request.POST or None, instance=copy.copy(alliance))
    status = 200
    if request.method == "POST" and form.is_valid():
        changed = form.changes(alliance)
        try:
            if changed:
                alliance_update_settings(alliance=alliance, version=form.cleaned_data["version"], **changed)
                messages.success(request, _("Settings saved."))
        except StaleVersion as exc:
            form = conflict_form(AllianceSettingsForm, exc, settings_fields(), instance=copy.copy(exc.current))
            status = 409
        else:
            return redirect("alliances:settings", alliance_slug=alliance.slug)
    history = changes_of(alliance) if can(request, "core.view_history") else []
    return render(request, "alliances/settings.html", {"form": form, "history": history}, status=status)
