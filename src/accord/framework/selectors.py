"""Reads on the organisational framework, and the snapshot of records a document is generated from."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accord.charters.models import Charter
from accord.charters.selectors import agreed_charter, current_charter
from accord.core.models import Alliance, Role
from accord.framework.models import FrameworkDocument, FrameworkElement
from accord.membership.models import SeatRole
from accord.purpose.selectors import agreed_purpose, current_purpose


def framework_elements(alliance: Alliance) -> list[FrameworkElement]:
    return list(alliance.framework_elements.order_by("order", "name"))


def framework_documents(alliance: Alliance) -> list[FrameworkDocument]:
    return list(alliance.framework_documents.select_related("created_by", "adopted_by").order_by("kind", "-version"))


def _charter_snapshot(alliance: Alliance, kind: str) -> dict[str, Any] | None:
    charter = agreed_charter(alliance, kind) or current_charter(alliance, kind)
    if charter is None:
        return None
    return {
        "version": charter.version,
        "agreed": charter.agreed_at is not None,
        "agreed_on": alliance.local(charter.agreed_at).date().isoformat() if charter.agreed_at else None,
        "items": [{"title": str(i.get("title", "")), "text": str(i.get("text", ""))} for i in charter.items],
    }


def framework_snapshot(alliance: Alliance) -> dict[str, Any]:
    """The records a framework document is generated from, as plain data kept with the document:
    the purpose (the agreed one if any), principles, non-negotiables, co-chairs, the secretariat
    and its rotation, meeting cadence, working groups, members and formal/informal elements."""
    from accord.membership.selectors import member_organisations
    from accord.work.models import WorkingGroup

    today = alliance.today()
    purpose = agreed_purpose(alliance) or current_purpose(alliance)
    roles = list(
        SeatRole.objects.filter(alliance=alliance, role__in=[Role.CO_CHAIR, Role.SECRETARIAT, Role.WG_LEAD])
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), seat__left_on__isnull=True)
        .select_related("seat__user", "seat__organisation", "working_group")
        .order_by("starts_on", "pk")
    )

    def person(r: SeatRole) -> dict[str, Any]:
        return {
            "name": r.seat.user.display_name,
            "organisation": r.seat.organisation.name if r.seat.organisation else "",
            "from": r.starts_on.isoformat(),
            "until": r.ends_on.isoformat() if r.ends_on else None,
            "current": r.starts_on <= today,
        }

    groups = list(WorkingGroup.objects.filter(alliance=alliance).order_by("name"))
    leads: dict[int, list[str]] = {}
    for r in roles:
        if r.role == Role.WG_LEAD and r.working_group_id and r.starts_on <= today:
            leads.setdefault(r.working_group_id, []).append(r.seat.user.display_name)
    return {
        "alliance": {"name": alliance.name, "country": alliance.country, "sector": alliance.sector},
        "generated_on": today.isoformat(),
        "purpose": None
        if purpose is None
        else {
            "version": purpose.version,
            "agreed": purpose.agreed_at is not None,
            "agreed_on": alliance.local(purpose.agreed_at).date().isoformat() if purpose.agreed_at else None,
            "problem": purpose.problem,
            "policy": purpose.policy,
            "decision_maker": purpose.decision_maker,
            "change_sought": purpose.change_sought,
            "measure": purpose.measure,
            "target": purpose.target,
            "deadline": purpose.deadline.isoformat() if purpose.deadline else None,
            "added_value": purpose.added_value,
        },
        "principles": _charter_snapshot(alliance, Charter.Kind.PRINCIPLES),
        "non_negotiables": _charter_snapshot(alliance, Charter.Kind.NON_NEGOTIABLES),
        "co_chairs": [person(r) for r in roles if r.role == Role.CO_CHAIR and r.starts_on <= today],
        "secretariat": [person(r) for r in roles if r.role == Role.SECRETARIAT],
        "meeting_cadence_days": alliance.meeting_cadence_days,
        "working_groups": [
            {"name": g.name, "kind": g.get_kind_display(), "description": g.description, "leads": leads.get(g.pk, [])}
            for g in groups
        ],
        "members": [{"name": s.name, "kind": s.get_kind_display()} for s in member_organisations(alliance)],
        "elements": [{"name": e.name, "formal": e.formal, "note": e.note} for e in framework_elements(alliance)],
    }
