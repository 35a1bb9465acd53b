"""The landscape's analytics and the suggestions of whom to invite. Both read results computed
in the background (`graph_cache`): a page never waits for a graph computation."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accord.core.tenancy import AllianceRequest, alliance_view, can
from accord.landscape import analytics, graph_cache
from accord.landscape.models import GraphCache

PERM = "landscape.view_analytics"
# Targets shown a page at a time: each is a card with its paths and nearby members.
TARGETS_PER_PAGE = 15


# What the status partial can report on, by the name in its address.
STATUS_KINDS = {
    "analytics": GraphCache.Kind.ANALYTICS,
    "brokers": GraphCache.Kind.BROKERS,
    "suggestions": GraphCache.Kind.SUGGESTIONS,
    "layout": GraphCache.Kind.LAYOUT,
}


BROKERS_SHOWN = 15


def _status_url(request: AllianceRequest, name: str) -> str:
    return reverse("landscape:refresh_status", kwargs={"alliance_slug": request.alliance.slug}) + f"?kind={name}"


@alliance_view(PERM)
def analytics_page(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    raw = request.GET.get("targets_page", "1")
    number = int(raw) if raw.isdigit() and int(raw) > 0 else 1
    base = analytics.fingerprint(alliance)  # both results read it: once
    view = graph_cache.analytics_view(alliance, page=number, per_page=TARGETS_PER_PAGE, base=base)
    number = view.targets_page
    pages = max(1, -(-view.targets_total // TARGETS_PER_PAGE))
    brokers, broker_cache = graph_cache.brokers_view(alliance, limit=BROKERS_SHOWN, base=base)
    return render(
        request,
        "landscape/maps/analytics.html",
        {
            "ranking": view.ranking,
            "reach": view.reach,
            "targets_total": view.targets_total,
            "targets_page": number,
            "targets_pages": pages,
            "targets_previous": number - 1 if number > 1 else None,
            "targets_next": number + 1 if number < pages else None,
            "result": view.result,
            "status_url": _status_url(request, "analytics"),
            "brokers": brokers,
            "broker_cache": broker_cache,
            "broker_status_url": _status_url(request, "brokers"),
        },
    )


@alliance_view(PERM)
def suggestions(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    rows, result = graph_cache.suggestions_view(request.alliance)
    return render(
        request,
        "landscape/maps/suggestions.html",
        {
            "suggestions": rows,
            "result": result,
            "status_url": _status_url(request, "suggestions"),
            "has_targets": result.data.get("has_targets", True),
            # The actions are membership's, under its own permission (its pages check it again).
            "can_invite": can(request, "membership.invite"),
        },
    )


@alliance_view(PERM)
def refresh_status(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    """How a background result stands (computed when, refreshing how far, failed when): the
    fragment the pages poll while a refresh runs (?kind=analytics, brokers, suggestions or
    layout). Asks for nothing itself."""
    kind = request.GET.get("kind", "")
    if kind not in STATUS_KINDS:
        raise Http404
    return render(
        request,
        "landscape/partials/refresh_status.html",
        {
            "result": graph_cache.status(request.alliance, STATUS_KINDS[kind]),
            "status_url": _status_url(request, kind),
            "polled": True,
        },
    )
