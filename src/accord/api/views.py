from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accord.api import services
from accord.api.forms import ApiTokenForm
from accord.api.models import ApiToken
from accord.core.tenancy import authorize, get_in_alliance


def token_list(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, "core.manage_api_tokens")
    tokens = request.alliance.api_tokens.select_related("created_by")  # type: ignore[attr-defined]
    return render(request, "api/tokens.html", {"tokens": tokens})


# The page after creation holds the raw token: no cache may keep a copy of it.
@never_cache
def token_create(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    authorize(request, "core.manage_api_tokens")
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = services.api_token_create(
            alliance=request.alliance,  # type: ignore[attr-defined]
            user=request.user,
            name=form.cleaned_data["name"],
            access=form.cleaned_data["access"],
        )
        # Rendered, not redirected: the raw token exists only in this one response.
        return render(request, "api/token_created.html", {"token": token, "raw": raw})
    return render(request, "api/token_create.html", {"form": form})


@require_POST
def token_revoke(request: HttpRequest, alliance_slug: str, api_token_id: int) -> HttpResponse:
    authorize(request, "core.manage_api_tokens")
    token: ApiToken = get_in_alliance(request.alliance.api_tokens, pk=api_token_id)  # type: ignore[attr-defined]
    services.api_token_revoke(token=token)
    messages.success(
        request, _("Token “%(name)s” revoked. Programs using it can no longer call the API.") % {"name": token.name}
    )
    return redirect("api_tokens:list", alliance_slug=alliance_slug)
