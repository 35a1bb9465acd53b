"""accord.landscape.services: stakeholders and targets."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accord.landscape import services
from accord.landscape.models import Assessment, Stakeholder, StakeholderType, Tie
from accord.membership.models import Seat
from tests.conftest import World
from tests.landscape.conftest import Landscape

GOV = StakeholderType.NATIONAL_GOVERNMENT


def test_it_adds_a_person_inside_an_organisation(landscape: Landscape) -> None:
    assert landscape.official.organisation == landscape.ministry
    assert list(landscape.ministry.people.all()) == [landscape.official]  # type: ignore[attr-defined]


def test_a_name_already_in_the_register_is_refused_at_the_name_field(world: World) -> None:
    services.stakeholder_create(alliance=world.a, name="Ministry of Seeds", kind=GOV)
    with pytest.raises(ValidationError) as caught:
        services.stakeholder_create(alliance=world.a, name="  ministry of SEEDS ", kind=GOV)
    assert "already in the register" in caught.value.message_dict["name"][0]
    assert world.a.stakeholders.filter(name__iexact="ministry of seeds").count() == 1  # type: ignore[attr-defined]


def test_the_same_name_is_fine_in_another_alliance(world: World) -> None:
    services.stakeholder_create(alliance=world.a, name="Ministry of Seeds", kind=GOV)
    other = services.stakeholder_create(alliance=world.b, name="Ministry of Seeds", kind=GOV)
    assert other.alliance == world.b


def test_an_empty_name_or_an_unknown_type_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.stakeholder_create(alliance=world.a, name="   ", kind=GOV)
    assert "name" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.stakeholder_create(alliance=world.a, name="Somebody", kind="wizard")
    assert "kind" in caught.value.message_dict
    assert not world.a.stakeholders.filter(name="Somebody").exists()  # type: ignore[attr-defined]


def test_a_person_cannot_belong_to_an_organisation_of_another_alliance(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.stakeholder_create(
            alliance=world.a, name="Spy", kind=GOV, is_individual=True, organisation=world.org_b
        )
    assert "organisation" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.stakeholder_create(alliance=world.a, name="Spy", kind=GOV, organisation=world.org_b.pk)
    assert not Stakeholder.objects.filter(name="Spy").exists()


def test_nobody_can_belong_to_a_person(landscape: Landscape) -> None:
    with pytest.raises(ValidationError) as caught:
        services.stakeholder_create(
            alliance=landscape.world.a, name="Assistant", kind=GOV, is_individual=True, organisation=landscape.official
        )
    assert "is a person" in caught.value.message_dict["organisation"][0]


def test_an_organisation_cannot_sit_inside_its_own_part(world: World) -> None:
    ministry = services.stakeholder_create(alliance=world.a, name="Ministry", kind=GOV)
    department = services.stakeholder_create(alliance=world.a, name="Department", kind=GOV, organisation=ministry)
    with pytest.raises(ValidationError) as caught:
        services.stakeholder_update(stakeholder=ministry, organisation=department)
    assert "organisation" in caught.value.message_dict
    ministry.refresh_from_db()
    assert ministry.organisation is None


def test_an_organisation_with_people_cannot_become_a_person(landscape: Landscape) -> None:
    with pytest.raises(ValidationError) as caught:
        services.stakeholder_update(stakeholder=landscape.ministry, is_individual=True)
    assert "is_individual" in caught.value.message_dict
    assert landscape.ministry.is_individual is False


def test_a_refused_update_writes_nothing_and_keeps_the_object(landscape: Landscape) -> None:
    donor = landscape.donor
    before = donor.history.count()  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        services.stakeholder_update(stakeholder=donor, name="Ministry of Seeds", notes="changed")
    assert (donor.name, donor.notes) == ("Seed Fund", "")
    donor.refresh_from_db()
    assert (donor.name, donor.notes) == ("Seed Fund", "")
    assert donor.history.count() == before  # type: ignore[attr-defined]


def test_an_update_saves_only_what_changed_and_leaves_a_history_row(landscape: Landscape) -> None:
    donor = landscape.donor
    services.stakeholder_update(stakeholder=donor, name="Seed Fund", notes="Funds seed banks.")
    donor.refresh_from_db()
    assert donor.notes == "Funds seed banks."
    assert donor.history.count() == 2  # type: ignore[attr-defined]


def test_an_unknown_field_is_a_programming_error(landscape: Landscape) -> None:
    with pytest.raises(ValueError, match="alliance"):
        services.stakeholder_update(stakeholder=landscape.donor, alliance=landscape.world.b)


def test_marking_a_target_records_the_ask_and_unmarking_clears_it(landscape: Landscape) -> None:
    donor = landscape.donor
    services.stakeholder_mark_target(stakeholder=donor, is_target=True, ask="Fund the seed bank pilots.")
    donor.refresh_from_db()
    assert donor.is_target and donor.target_ask == "Fund the seed bank pilots."
    services.stakeholder_mark_target(stakeholder=donor, is_target=False, ask="ignored")
    donor.refresh_from_db()
    assert not donor.is_target and donor.target_ask == ""
    # The history keeps what was asked.
    assert "Fund the seed bank pilots." in donor.history.values_list("target_ask", flat=True)  # type: ignore[attr-defined]


def test_an_ask_without_target_is_not_kept(world: World) -> None:
    s = services.stakeholder_create(alliance=world.a, name="Quiet", kind=GOV, target_ask="Something")
    assert s.target_ask == ""


def test_delete_takes_assessments_and_ties_with_it(landscape: Landscape) -> None:
    services.stakeholder_delete(stakeholder=landscape.official)
    assert not Stakeholder.objects.filter(pk=landscape.official.pk).exists()
    assert not Assessment.objects.filter(stakeholder_id=landscape.official.pk).exists()
    assert Tie.objects.filter(alliance=landscape.world.a).count() == 1


def test_delete_refuses_an_organisation_people_hold_seats_for(world: World) -> None:
    network = world.a.stakeholders.get(name="Valley Women's Network")  # type: ignore[attr-defined]
    assert Seat.objects.filter(organisation=network).exists()
    with pytest.raises(ValidationError) as caught:
        services.stakeholder_delete(stakeholder=network)
    assert "hold seats" in caught.value.messages[0]
    assert "Bob" in caught.value.messages[0]
    assert Stakeholder.objects.filter(pk=network.pk).exists()
