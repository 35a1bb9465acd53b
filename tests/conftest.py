"""Personas shared by the whole suite.

Alliance A ("Riverside Seed Alliance") has one person per role; alliance B ("Lear Coalition") is
the other tenant. `lear` is a co-chair of B and nothing in A: whatever A holds must stay
invisible to her.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from accord.accounts.models import User
from accord.alliances.services import alliance_create
from accord.core.models import Alliance, Role
from accord.landscape.models import Stakeholder, StakeholderType
from accord.membership.models import Membership
from accord.membership.services_roles import seat_grant_role


@dataclass
class World:
    a: Alliance
    b: Alliance
    alice: User  # co-chair of A (and representative of A's convening organisation)
    sam: User  # secretariat of A
    bob: User  # member representative in A
    walt: User  # working-group lead in A
    olga: User  # observer in A
    eve: User  # evaluator in A
    lear: User  # co-chair of B, outsider to A
    org_a: Stakeholder
    org_b: Stakeholder

    def client_for(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    def by_role(self) -> dict[str, User]:
        return {
            Role.CO_CHAIR: self.alice,
            Role.SECRETARIAT: self.sam,
            Role.REPRESENTATIVE: self.bob,
            Role.WG_LEAD: self.walt,
            Role.OBSERVER: self.olga,
            Role.EVALUATOR: self.eve,
        }


def make_user(email: str, **extra: Any) -> User:
    return User.objects.create_user(email=email, password="correct horse battery", **extra)


def build_world() -> World:
    alice = make_user("alice@a.test", name="Alice Amiranashvili")
    a = alliance_create(
        user=alice,
        name="Riverside Seed Alliance",
        organisation_name="Riverside Farmers Union",
        organisation_kind=StakeholderType.MEMBER_BASED,
        country="Georgia",
        slug="riverside",
    )
    org_a = a.stakeholders.get()
    second = Stakeholder.objects.create(alliance=a, name="Valley Women's Network", kind=StakeholderType.WOMENS_RIGHTS)
    Membership.objects.create(alliance=a, stakeholder=second, status=Membership.Status.MEMBER)
    people = {}
    for key, role in [
        ("sam", Role.SECRETARIAT),
        ("bob", Role.REPRESENTATIVE),
        ("walt", Role.WG_LEAD),
        ("olga", Role.OBSERVER),
        ("eve", Role.EVALUATOR),
    ]:
        people[key] = make_user(f"{key}@a.test", name=key.title())
        seat_grant_role(
            alliance=a,
            email=people[key].email,
            role=role,
            organisation_id=second.pk if role == Role.REPRESENTATIVE else None,
            starts_on=dt.date(2020, 1, 1),
        )
    lear = make_user("lear@b.test", name="Lear")
    b = alliance_create(
        user=lear,
        name="Lear Coalition",
        organisation_name="Lear Health Workers",
        organisation_kind=StakeholderType.MEMBER_BASED,
        country="Zambia",
        slug="lear",
    )
    return World(a=a, b=b, alice=alice, lear=lear, org_a=org_a, org_b=b.stakeholders.get(), **people)


@pytest.fixture
def world(db: Any) -> World:
    return build_world()
