"""The bench's bare page: a logged-in member's page that renders the base layout and nothing else.

Every page's server time is divided by this one's, measured in the same process: what a page
costs beyond the layout, the session, the alliance and the permission check every page pays.
It is not a product route; only the bench's URLconf (`accord.bench.urls`) serves it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines

from accord.core.tenancy import alliance_view

TEMPLATE = '{% extends "base.html" %}'


@alliance_view("core.view_alliance")
def bare(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    template = engines["django"].from_string(TEMPLATE)
    return HttpResponse(template.render({}, request))
