"""Resolve the alliance once from the URL and fetch its records safely.

Every alliance page lives under /a/<alliance_slug>/. The middleware turns the slug into
`request.alliance` for people who hold a seat there; anyone else gets the same 404 as for a
slug that does not exist, so an alliance's existence cannot be probed. Anonymous visitors are
sent to log in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone as djtz
from django.utils.functional import SimpleLazyObject

from accord.core import capabilities
from accord.core.models import Alliance
from accord.core.permissions import roles_of

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from accord.accounts.models import User
    from accord.membership.models import Seat

M = TypeVar("M", bound=models.Model)
V = TypeVar("V", bound=Callable[..., HttpResponse])

# Where a view's declared permission is kept (read by the permission matrix test).
PERMISSION_ATTR = "accord_permission"


class Refusal(PermissionDenied):
    """A service's refusal of one person for one record, with the reason to show them (for
    example "only the designated voice votes"). The role allows the action in general; this
    record or this moment does not. Pages show the reason on the 403 page, the API in `detail`."""

    @property
    def reason(self) -> str:
        return str(self.args[0]) if self.args else ""


class AllianceRequest(HttpRequest):
    """A request inside one alliance, as AllianceMiddleware (pages) or TokenAuth (API) leave it.

    Only for typing: views annotate `request: AllianceRequest` and read `request.alliance`, the
    person's `request.seat` there and the `request.roles` they hold today. The seat is read on
    first use through a lazy object, which is never `None` itself: test it with `if request.seat:`."""

    alliance: Alliance
    seat: Seat | None
    roles: frozenset[str]
    user: User
    htmx: HtmxDetails


def alliance_view(perm: str) -> Callable[[V], V]:
    """Declare the permission a page needs: `@alliance_view("decisions.propose")`.

    The alliance is already resolved (a foreign or missing one is a 404); a person whose roles
    lack `perm` gets the 403 page. The permission matrix test walks every route over HTTP from
    these declarations and fails on an alliance route that declares none."""

    def decorate(view: V) -> V:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            authorize(request, perm)
            return view(request, *args, **kwargs)

        setattr(wrapper, PERMISSION_ATTR, perm)
        return wrapper  # type: ignore[return-value]

    return decorate


def declared_permission(view: Any) -> str | None:
    """The permission a view or API operation declares, looking through other decorators."""
    while view is not None:
        perm = getattr(view, PERMISSION_ATTR, None)
        if perm is not None:
            return str(perm)
        view = getattr(view, "__wrapped__", None)
    return None


def seat_of(user: Any, alliance: Alliance) -> Seat | None:
    return capabilities.roster().seat_of(user, alliance)


def hang_alliance(request: HttpRequest, user: Any, alliance: Alliance) -> None:
    """Put the alliance, the person's seat (read when first used) and their roles on the request."""
    request.alliance = alliance  # type: ignore[attr-defined]
    request.seat = SimpleLazyObject(lambda: seat_of(user, alliance))  # type: ignore[attr-defined]
    request.roles = roles_of(user, alliance)  # type: ignore[attr-defined]


SLUG_KWARG = "alliance_slug"
API_PREFIX = "/api/"


class AllianceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.alliance = None  # type: ignore[attr-defined]
        request.seat = None  # type: ignore[attr-defined]
        request.roles = frozenset()  # type: ignore[attr-defined]
        try:
            return self.get_response(request)
        finally:
            # The zone set for an alliance page must not outlive it on this thread.
            djtz.deactivate()

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        slug = view_kwargs.get(SLUG_KWARG)
        # API calls carry a token, not a session: accord.api.auth resolves their alliance.
        if slug is None or request.path_info.startswith(API_PREFIX):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        alliance = resolve_alliance(request.user, slug)
        hang_alliance(request, request.user, alliance)
        # Every instant on an alliance page is shown, and every time typed is read, on the
        # alliance's clock: a plain |date shows the alliance's day, not the server's.
        djtz.activate(alliance.zone)
        return None


def resolve_alliance(user: Any, slug: str) -> Alliance:
    """The alliance `slug` if `user` holds a current role in it, else 404 (never 403)."""
    alliance = Alliance.objects.filter(slug=slug).first()
    if alliance is None or not roles_of(user, alliance):
        raise Http404("No such alliance.")
    return alliance


def get_in_alliance(queryset: models.QuerySet[M] | models.Manager[M], **lookup: Any) -> M:
    """Fetch one record through an alliance-scoped queryset or raise 404.

    Pass `request.alliance.<related manager>`; a foreign or missing id gives the same 404.
    """
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404("Not found.")
    return obj


def authorize(request: HttpRequest, perm: str) -> None:
    """Raise PermissionDenied (a clear 403 page) when a member lacks `perm` in this alliance."""
    if not can(request, perm):
        raise PermissionDenied(perm)


def can(request: HttpRequest, perm: str) -> bool:
    """Whether the person may do `perm` in the request's alliance.

    Uses rules directly rather than user.has_perm, whose superuser shortcut would let a platform
    administrator act inside an alliance without a role there.
    """
    import rules

    return bool(rules.has_perm(perm, request.user, getattr(request, "alliance", None)))
