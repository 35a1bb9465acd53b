from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from accord.core import capabilities, roadmap
from accord.core.privacy import sees_people
from accord.core.tenancy import can


def alliance_nav(request: HttpRequest, alliance: Any) -> list[tuple[str, str]]:
    """The capabilities' navigation entries this person may use, as (label, address)."""
    return [
        (str(entry.label), reverse(entry.url_name, kwargs={"alliance_slug": alliance.slug}))
        for entry in capabilities.nav_entries()
        if can(request, entry.perm)
    ]


def accord(request: HttpRequest) -> dict[str, Any]:
    alliance = getattr(request, "alliance", None)
    ctx: dict[str, Any] = {
        "alliance": alliance,
        "steps": roadmap.STEPS,
        "open_signup": settings.ACCORD_OPEN_SIGNUP,
    }
    user = getattr(request, "user", None)
    if alliance is not None:
        ctx["alliance_nav"] = SimpleLazyObject(lambda: alliance_nav(request, alliance))
        # Who sees whom (docs/permissions.md): templates show a person's name only when true.
        ctx["see_people"] = SimpleLazyObject(lambda: sees_people(request))
    if user is not None and user.is_authenticated:
        # The alliance switcher: one query, only alliances where the person holds a role today.
        from accord.core.selectors import lazy_alliances_for

        ctx["my_alliances"] = lazy_alliances_for(user)
    return ctx
