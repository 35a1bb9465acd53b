from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from accord.core.tenancy import Refusal


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A service's reason is shown; a missing permission's name never is.
    reason = exception.reason if isinstance(exception, Refusal) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def under_construction(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    """Temporary page for a section whose views are being built."""
    return render(request, "core/under_construction.html")
