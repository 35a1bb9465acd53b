from __future__ import annotations

from django.db.models import QuerySet

from accord.core.models import Alliance
from accord.membership.models import Membership


def memberships(alliance: Alliance) -> QuerySet[Membership]:
    return alliance.memberships.select_related("stakeholder").order_by("status", "stakeholder__name")  # type: ignore[attr-defined]
