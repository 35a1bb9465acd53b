"""Landscape fixtures: a few stakeholders of alliance A with assessments and ties."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from accord.landscape import services
from accord.landscape.models import Scope, Stakeholder, StakeholderType
from tests.conftest import World


@dataclass
class Landscape:
    world: World
    ministry: Stakeholder
    official: Stakeholder
    committee: Stakeholder
    donor: Stakeholder


@pytest.fixture
def landscape(world: World) -> Landscape:
    a = world.a
    ministry = services.stakeholder_create(
        alliance=a, name="Ministry of Seeds", kind=StakeholderType.NATIONAL_GOVERNMENT
    )
    official = services.stakeholder_create(
        alliance=a,
        name="Nino Beridze",
        kind=StakeholderType.NATIONAL_GOVERNMENT,
        is_individual=True,
        organisation=ministry,
        is_target=True,
        target_ask="Draft the seed regulation with farmers' varieties in it.",
    )
    committee = services.stakeholder_create(
        alliance=a, name="Agrarian Committee", kind=StakeholderType.PARLIAMENT, is_target=True, target_ask="Pass it."
    )
    donor = services.stakeholder_create(
        alliance=a, name="Seed Fund", kind=StakeholderType.DONOR_FOUNDATION, scope=Scope.INTERNATIONAL
    )
    services.assessment_record(
        stakeholder=official, user=world.alice, position=-1, influence=4, interest=3, assessed_on=dt.date(2024, 1, 10)
    )
    services.assessment_record(
        stakeholder=official, user=world.sam, position=1, influence=4, interest=4, assessed_on=dt.date(2024, 6, 1)
    )
    services.tie_create(alliance=a, source=official, target=ministry, kind="reports_to", strength=3)
    services.tie_create(alliance=a, source=donor, target=ministry, kind="funds")
    return Landscape(world=world, ministry=ministry, official=official, committee=committee, donor=donor)
