"""A person's messages about one alliance: every email Accord sent them, readable in the product."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core import services
from accord.core.tenancy import AllianceRequest, alliance_view, get_in_alliance

PAGE_SIZE = 25


@alliance_view("core.view_notices")
def inbox(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    notices = request.alliance.notices.filter(recipient=request.user).order_by("-created_at", "-pk")
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/inbox/list.html", {"page": page})


@require_POST
@alliance_view("core.view_notices")
def mark_read(request: AllianceRequest, alliance_slug: str, notice_id: int) -> HttpResponse:
    # Through the person's own notices: someone else's notice is a missing one (404).
    notice = get_in_alliance(request.alliance.notices.filter(recipient=request.user), pk=notice_id)
    services.notice_mark_read(notice=notice, user=request.user)
    if request.htmx:
        return render(request, "core/inbox/list.html#notice", {"notice": notice})
    return redirect("inbox:list", alliance_slug=alliance_slug)
