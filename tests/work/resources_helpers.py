"""Builders shared by the resource tests: activities, offers and needs made directly, so each
test states only what it is about."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from accord.core.models import Alliance
from accord.landscape.models import Stakeholder, StakeholderType
from accord.membership.models import Membership
from accord.work.models import Activity, Commitment, ResourceNeed, ResourceOffer


def activity(alliance: Alliance, title: str = "Learning event", **extra: Any) -> Activity:
    return Activity.objects.create(alliance=alliance, title=title, **extra)


def offer(
    alliance: Alliance, stakeholder: Stakeholder, kind: str = "money", amount: Any = 5000, **extra: Any
) -> ResourceOffer:
    if kind == "money":
        extra.setdefault("currency", "GEL")
    return ResourceOffer.objects.create(
        alliance=alliance,
        stakeholder=stakeholder,
        kind=kind,
        description=extra.pop("description", f"{kind} from {stakeholder.name}"),
        amount=None if amount is None else Decimal(amount),
        **extra,
    )


def need(act: Activity, kind: str = "money", amount: Any = 1000, **extra: Any) -> ResourceNeed:
    if kind == "money":
        extra.setdefault("currency", "GEL")
    return ResourceNeed.objects.create(
        alliance=act.alliance,
        activity=act,
        kind=kind,
        description=extra.pop("description", f"{kind} needed"),
        amount=None if amount is None else Decimal(amount),
        **extra,
    )


def commitment(act: Activity, off: ResourceOffer, amount: Any = None, role: str = "funding") -> Commitment:
    return Commitment.objects.create(
        alliance=act.alliance, activity=act, offer=off, role=role, amount=None if amount is None else Decimal(amount)
    )


def member(alliance: Alliance, name: str, kind: str = StakeholderType.LOCAL_NGO, status: str = "member") -> Stakeholder:
    org = Stakeholder.objects.create(alliance=alliance, name=name, kind=kind)
    Membership.objects.create(alliance=alliance, stakeholder=org, status=status)
    return org


def valley_of(world: Any) -> Stakeholder:
    """Bob's organisation in alliance A (the World's second member)."""
    return Stakeholder.objects.get(alliance=world.a, name="Valley Women's Network")
