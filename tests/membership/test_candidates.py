"""Putting organisations from the register on the list of candidates, and inviting them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accord.landscape.models import Stakeholder, StakeholderType
from accord.membership import services
from accord.membership.models import Membership
from tests.conftest import World


def _org(world: World, name: str, **extra: Any) -> Stakeholder:
    return Stakeholder.objects.create(alliance=world.a, name=name, kind=StakeholderType.LOCAL_NGO, **extra)


def test_an_organisation_from_the_register_becomes_a_candidate(world: World) -> None:
    org = _org(world, "Hill Seed Savers")
    membership = services.membership_propose(alliance=world.a, stakeholder=org)
    assert membership.status == Membership.Status.CANDIDATE and membership.alliance == world.a


def test_a_person_is_not_proposed_as_a_member(world: World) -> None:
    person = _org(world, "Nino Beridze", is_individual=True)
    with pytest.raises(ValidationError, match="through their organisation"):
        services.membership_propose(alliance=world.a, stakeholder=person)
    assert not Membership.objects.filter(stakeholder=person).exists()


def test_an_organisation_already_listed_is_not_proposed_twice(world: World) -> None:
    with pytest.raises(ValidationError, match="already on the list"):
        services.membership_propose(alliance=world.a, stakeholder=world.org_a)


def test_another_alliances_stakeholder_is_refused(world: World) -> None:
    # An organisation of B that is on no list yet: only the alliance check can refuse it.
    theirs = Stakeholder.objects.create(alliance=world.b, name="Valley Growers", kind=StakeholderType.LOCAL_NGO)
    with pytest.raises(ValidationError, match="Choose an organisation of this alliance"):
        services.membership_propose(alliance=world.a, stakeholder=theirs)
    assert not Membership.objects.filter(stakeholder=theirs).exists()
    with pytest.raises(ValidationError, match="Choose an organisation of this alliance"):
        services.membership_propose(alliance=world.a, stakeholder=world.org_b)
    assert Membership.objects.filter(stakeholder=world.org_b).count() == 1


def test_the_page_button_lists_the_candidate_and_observers_cannot_use_it(world: World) -> None:
    org = _org(world, "Hill Seed Savers")
    response = world.client_for(world.olga).post(f"/a/{world.a.slug}/members/candidates/{org.pk}/")
    assert response.status_code == 403
    assert not Membership.objects.filter(stakeholder=org).exists()
    response = world.client_for(world.alice).post(f"/a/{world.a.slug}/members/candidates/{org.pk}/")
    assert response.status_code == 302
    assert Membership.objects.get(stakeholder=org).status == Membership.Status.CANDIDATE
