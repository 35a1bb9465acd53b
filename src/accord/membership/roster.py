"""Who holds a seat and which roles, today: what the platform asks the membership capability on
every request (declared as its `roster` in capability.py, read by core.capabilities.roster())."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone as djtz

from accord.core.models import Alliance
from accord.membership.models import Seat, SeatRole


def roles_of(user: Any, alliance: Alliance) -> frozenset[str]:
    """The roles `user` holds in `alliance` on the alliance's today."""
    return frozenset(SeatRole.objects.current_in(alliance).filter(seat__user=user).values_list("role", flat=True))


def seat_of(user: Any, alliance: Alliance) -> Seat | None:
    return Seat.objects.filter(alliance=alliance, user=user).select_related("organisation").first()


def alliances_of(user: Any) -> list[Alliance]:
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
