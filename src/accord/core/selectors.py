from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone as djtz
from django.utils.functional import SimpleLazyObject

from accord.core.models import Alliance, Seat, SeatRole


def alliances_for(user: Any) -> list[Alliance]:
    """Alliances where `user` holds at least one role today, each by its own today (one query).

    Every alliance's day is within a day of the server's, so the database narrows the terms to
    those three days and each alliance's calendar decides."""
    server_day = djtz.now().date()
    near = (
        SeatRole.objects.filter(seat__user=user, starts_on__lte=server_day + dt.timedelta(days=1))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=server_day - dt.timedelta(days=1)))
        .select_related("alliance", "seat")
    )
    found = {r.alliance_id: r.alliance for r in near if r.runs_on(r.alliance.today())}
    return sorted(found.values(), key=lambda a: (a.name, a.pk))


def lazy_alliances_for(user: Any) -> SimpleLazyObject:
    return SimpleLazyObject(lambda: list(alliances_for(user)))


def seats_with_roles(alliance: Alliance) -> QuerySet[Seat]:
    """The alliance's seats with their people, organisations and current roles (3 queries)."""
    from django.db.models import Prefetch

    return (
        alliance.seats.select_related("user", "organisation")
        .prefetch_related(
            Prefetch(
                "roles", queryset=SeatRole.objects.current(alliance.today()).order_by("role"), to_attr="current_roles"
            )
        )
        .order_by("organisation__name", "user__email")
    )
