"""Reads across the landscape, shared by the register, the maps, the analytics and the API."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from accord.core.models import Alliance
from accord.landscape.models import Assessment, Stakeholder, Tie


def current_assessments(alliance: Alliance, *, as_of: dt.date | None = None) -> dict[int, Assessment]:
    """Each stakeholder's latest assessment (on or before `as_of`, when given), by stakeholder id.

    One query: the rows come newest first per stakeholder and the first seen wins, which is
    portable across SQLite and PostgreSQL (no DISTINCT ON).
    """
    rows = alliance.assessments.all()  # type: ignore[attr-defined]
    if as_of is not None:
        rows = rows.filter(assessed_on__lte=as_of)
    latest: dict[int, Assessment] = {}
    for a in rows.order_by("stakeholder_id", "-assessed_on", "-id").only(
        "id", "stakeholder_id", "assessed_on", "position", "influence", "interest"
    ):
        latest.setdefault(a.stakeholder_id, a)
    return latest


def stakeholders(alliance: Alliance) -> QuerySet[Stakeholder]:
    return alliance.stakeholders.select_related("membership", "organisation")  # type: ignore[attr-defined,no-any-return]


def ties(alliance: Alliance) -> QuerySet[Tie]:
    return alliance.ties.all()  # type: ignore[attr-defined,no-any-return]
