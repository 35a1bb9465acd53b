from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accord.core.tenancy import authorize


def token_list(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, "core.manage_api_tokens")
    tokens = request.alliance.api_tokens.select_related("created_by")  # type: ignore[attr-defined]
    return render(request, "api/tokens.html", {"tokens": tokens})
