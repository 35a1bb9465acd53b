from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.functional import SimpleLazyObject

from accord.core.models import Alliance, Seat, SeatRole


def alliances_for(user: Any) -> QuerySet[Alliance]:
    """Alliances where `user` holds at least one role today."""
    current = SeatRole.objects.current().filter(seat__user=user).values("alliance_id")
    return Alliance.objects.filter(pk__in=current).order_by("name")


def lazy_alliances_for(user: Any) -> SimpleLazyObject:
    return SimpleLazyObject(lambda: list(alliances_for(user)))


def seats_with_roles(alliance: Alliance) -> QuerySet[Seat]:
    """The alliance's seats with their people, organisations and current roles (3 queries)."""
    from django.db.models import Prefetch

    return (
        alliance.seats.select_related("user", "organisation")
        .prefetch_related(
            Prefetch("roles", queryset=SeatRole.objects.current().order_by("role"), to_attr="current_roles")
        )
        .order_by("organisation__name", "user__email")
    )
