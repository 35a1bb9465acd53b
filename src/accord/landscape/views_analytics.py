"""The landscape's analytics and the suggestions of whom to invite. Both read results computed
in the background (`graph_cache`): a page never waits for a graph computation."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from accord.core.tenancy import AllianceRequest, alliance_view, can
from accord.landscape import analytics, graph_cache

PERM = "landscape.view_analytics"


@alliance_view(PERM)
def analytics_page(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    alliance = request.alliance
    land = analytics.load_landscape(alliance)
    brokers, broker_cache = graph_cache.brokers_view(alliance, land.by_id)
    return render(
        request,
        "landscape/maps/analytics.html",
        {
            "ranking": analytics.ranking(land, limit=20),
            "reach": analytics.reach(land),
            "brokers": brokers[:15],
            "broker_cache": broker_cache,
            "assessments": land.assessments,
        },
    )


@alliance_view(PERM)
def suggestions(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    land = analytics.load_landscape(request.alliance)
    return render(
        request,
        "landscape/maps/suggestions.html",
        {
            "suggestions": analytics.suggestions(land),
            "has_targets": bool(land.targets),
            # The actions are membership's, under its own permission (its pages check it again).
            "can_invite": can(request, "membership.invite"),
        },
    )
