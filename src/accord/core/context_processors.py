from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from accord.core import roadmap


def accord(request: HttpRequest) -> dict[str, Any]:
    alliance = getattr(request, "alliance", None)
    ctx: dict[str, Any] = {
        "alliance": alliance,
        "steps": roadmap.STEPS,
        "open_signup": settings.ACCORD_OPEN_SIGNUP,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # The alliance switcher: one query, only alliances where the person holds a role today.
        from accord.core.selectors import lazy_alliances_for

        ctx["my_alliances"] = lazy_alliances_for(user)
    return ctx
