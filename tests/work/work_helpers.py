"""Builders shared by the tests of groups, activities, approval, the board and the timeline."""

from __future__ import annotations

from typing import Any

from accord.core.models import Alliance
from accord.landscape.models import Stakeholder
from accord.work import services
from accord.work.models import Activity, ApprovalRule, WorkSettings
from tests.conftest import World

BOARD = "/a/riverside/work/"


def valley(world: World) -> Stakeholder:
    """Bob's organisation in alliance A."""
    return world.a.stakeholders.get(name="Valley Women's Network")  # type: ignore[attr-defined]


def seat(world: World, user: Any) -> Any:
    return world.a.seats.get(user=user)  # type: ignore[attr-defined]


def approvable(world: World, title: str = "Learning event for the agriculture committee", **extra: Any) -> Activity:
    """A proposed activity owned by alice's organisation, with nothing extra needed."""
    extra.setdefault("owner", world.org_a)
    extra.setdefault("no_extra_resources", True)
    return services.activity_create(alliance=world.a, by=world.alice, title=title, **extra)


def co_chairs_approve(alliance: Alliance) -> None:
    WorkSettings.objects.update_or_create(alliance=alliance, defaults={"approval": ApprovalRule.CO_CHAIRS})


def approved(world: World, title: str = "Media briefing", **extra: Any) -> Activity:
    co_chairs_approve(world.a)
    activity = approvable(world, title=title, **extra)
    return services.activity_approve(activity=activity, by=world.alice)
