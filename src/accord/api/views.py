from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accord.api import services
from accord.api.forms import ApiTokenForm
from accord.api.models import ApiToken
from accord.core.tenancy import AllianceRequest, alliance_view, get_in_alliance


@alliance_view("core.manage_api_tokens")
def token_list(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    tokens = request.alliance.api_tokens.select_related("created_by")
    return render(request, "api/tokens.html", {"tokens": tokens})


# The page after creation holds the raw token: no cache may keep a copy of it.
@never_cache
@alliance_view("core.manage_api_tokens")
def token_create(request: AllianceRequest, alliance_slug: str) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = services.api_token_create(
            alliance=request.alliance,
            user=request.user,
            name=form.cleaned_data["name"],
            access=form.cleaned_data["access"],
        )
        # Rendered, not redirected: the raw token exists only in this one response.
        return render(request, "api/token_created.html", {"token": token, "raw": raw})
    return render(request, "api/token_create.html", {"form": form})


@require_POST
@alliance_view("core.manage_api_tokens")
def token_revoke(request: AllianceRequest, alliance_slug: str, api_token_id: int) -> HttpResponse:
    token: ApiToken = get_in_alliance(request.alliance.api_tokens, pk=api_token_id)
    services.api_token_revoke(token=token)
    messages.success(
        request, _("Token “%(name)s” revoked. Programs using it can no longer call the API.") % {"name": token.name}
    )
    return redirect("api_tokens:list", alliance_slug=alliance_slug)
