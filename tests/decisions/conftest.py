"""Decisions fixtures: alliance A's two member organisations with their designated voices.

Riverside Farmers Union speaks through alice (its representative and a co-chair); Valley
Women's Network through bob. A third member organisation, Hill Herders, speaks through hana.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from accord.accounts.models import User
from accord.core.models import Role
from accord.decisions import services
from accord.decisions.models import Proposal
from accord.landscape.models import Stakeholder, StakeholderType
from accord.membership.models import Membership, Seat
from accord.membership.services_roles import seat_grant_role
from tests.conftest import World, make_user


@dataclass
class Voices:
    world: World
    hana: User
    riverside: Stakeholder
    valley: Stakeholder
    herders: Stakeholder


def make_voice(organisation: Stakeholder, user: User) -> None:
    membership = Membership.objects.get(stakeholder=organisation)
    membership.voice = Seat.objects.get(alliance=organisation.alliance, user=user)
    membership.save(update_fields=["voice"])


@pytest.fixture
def voices(world: World) -> Voices:
    valley = world.a.stakeholders.get(name="Valley Women's Network")  # type: ignore[attr-defined]
    herders = Stakeholder.objects.create(alliance=world.a, name="Hill Herders", kind=StakeholderType.MEMBER_BASED)
    Membership.objects.create(alliance=world.a, stakeholder=herders, status=Membership.Status.MEMBER)
    hana = make_user("hana@a.test", name="Hana")
    seat_grant_role(
        alliance=world.a,
        email=hana.email,
        role=Role.REPRESENTATIVE,
        organisation_id=herders.pk,
        starts_on=dt.date(2020, 1, 1),
    )
    make_voice(world.org_a, world.alice)
    make_voice(valley, world.bob)
    make_voice(herders, hana)
    return Voices(world=world, hana=hana, riverside=world.org_a, valley=valley, herders=herders)


def soon(hours: float = 48) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)


def open_proposal(world: World, **kwargs: Any) -> Proposal:
    """A proposal opened by alice, closing in two days unless told otherwise."""
    closes_at = kwargs.pop("closes_at", None) or soon()
    kwargs.setdefault("title", "Meet monthly during the budget season")
    proposal = services.proposal_create(alliance=world.a, user=world.alice, **kwargs)
    return services.proposal_open(proposal=proposal, user=world.alice, closes_at=closes_at)
