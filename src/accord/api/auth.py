"""Bearer-token authentication for the API, and the per-call alliance scope.

A token belongs to one alliance and acts with the roles its creator holds *at the time of the
call*, so ending someone's role also ends what their tokens can do.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from accord.api.models import ApiToken, digest
from accord.core.models import Alliance
from accord.core.permissions import roles_of
from accord.core.tenancy import can

# Writing last_used_at on every call would turn each read into a write; a minute is precise
# enough for a co-chair deciding whether a token is still in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = (
            ApiToken.objects.select_related("alliance", "created_by")
            .filter(key_digest=digest(token), revoked_at__isnull=True)
            .first()
        )
        if api_token is None or not api_token.created_by.is_active:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
            # A queryset update: no history row and no race with a revocation being saved.
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
            api_token.last_used_at = now
        request.alliance = api_token.alliance  # type: ignore[attr-defined]
        request.user = api_token.created_by
        request.api_token = api_token  # type: ignore[attr-defined]
        request.roles = roles_of(api_token.created_by, api_token.alliance)  # type: ignore[attr-defined]
        return api_token


def scoped(request: HttpRequest, alliance_slug: str, perm: str, *, write: bool = False) -> Alliance:
    """The token's alliance if `alliance_slug` names it and the call is allowed.

    Another alliance's slug gets the same 404 as a slug that does not exist, so a token cannot
    probe which alliances exist. A missing role is a 403; so is a write with a read-only token.
    """
    alliance: Alliance = request.alliance  # type: ignore[attr-defined]
    if alliance.slug != alliance_slug:
        raise Http404
    if not can(request, perm):
        raise HttpError(403, _("Your role in this alliance does not allow this."))
    if write and request.api_token.access != ApiToken.Access.WRITE:  # type: ignore[attr-defined]
        raise HttpError(403, _("This token is read-only."))
    return alliance
