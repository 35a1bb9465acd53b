"""Bearer-token authentication for the API, and the per-call alliance scope.

A token belongs to one alliance and acts with the roles its creator holds *at the time of the
call*, so ending someone's role also ends what their tokens can do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from accord.api.models import ApiToken, digest
from accord.core.models import Alliance
from accord.core.tenancy import PERMISSION_ATTR, AllianceRequest, can, hang_alliance

# Writing last_used_at on every call would turn each read into a write; a minute is precise
# enough for a co-chair deciding whether a token is still in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)

F = TypeVar("F", bound=Callable[..., Any])
WRITE_ATTR = "accord_write"


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
        request.user = api_token.created_by
        request.api_token = api_token  # type: ignore[attr-defined]
        hang_alliance(request, api_token.created_by, api_token.alliance)
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


def _resolved_signature(fn: Callable[..., Any]) -> inspect.Signature:
    signature = inspect.signature(fn)
    params = []
    for param in signature.parameters.values():
        annotation = param.annotation
        if isinstance(annotation, str):
            with contextlib.suppress(NameError):
                annotation = eval(annotation, fn.__globals__)  # noqa: S307 - the module's own annotation
        params.append(param.replace(annotation=annotation))
    return signature.replace(parameters=params)


def api_operation(perm: str, *, write: bool = False) -> Callable[[F], F]:
    """Declare the permission an API operation needs, the same rule as the page that does the
    same thing: `@api_operation("decisions.propose", write=True)` under `@router.post(...)`.

    The operation's `alliance_slug` must name the token's alliance (else the same 404 as a
    missing alliance); a missing role, or a write with a read-only token, is a 403. The
    operation then reads `request.alliance` (an AllianceRequest)."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(request: AllianceRequest, alliance_slug: str, *args: Any, **kwargs: Any) -> Any:
            scoped(request, alliance_slug, perm, write=write)
            return fn(request, alliance_slug, *args, **kwargs)

        setattr(wrapper, PERMISSION_ATTR, perm)
        setattr(wrapper, WRITE_ATTR, write)
        # ninja reads the parameters' types from the wrapper, whose module is this one: hand it
        # the operation's own signature with its annotations resolved where they were written.
        wrapper.__signature__ = _resolved_signature(fn)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
